import ExecutorModel
import Testing

@testable import Experiment

/// Sweeping mutex kinds, semaphore permits, `local`, and the parts of nested steps.
@Suite struct LockSweepTests {
    @Test func mutexKindAndPermitsAndLocal() throws {
        let plan = try makePlan(
            replacing("{ block_in_place = \"100us\" }", with: "{ yield = true }", in: lockExperiment) + """
                [sweep]
                "mutex.cache.kind" = ["std", "async"]
                "semaphore.pool.permits" = [1, 8]
                "task.handler.local" = [false, true]

                """)
        #expect(plan.sweepColumns == ["mutex.cache.kind", "semaphore.pool.permits", "task.handler.local"])
        #expect(plan.points.count == 8)
        #expect(plan.points.map { $0.scenario.workload.primitives[1].kind } == [
            .stdMutex, .stdMutex, .stdMutex, .stdMutex, .asyncMutex, .asyncMutex, .asyncMutex, .asyncMutex,
        ])
        #expect(plan.points.map { $0.scenario.workload.primitives[2].kind } == [
            .semaphore(permits: 1), .semaphore(permits: 1), .semaphore(permits: 8), .semaphore(permits: 8),
            .semaphore(permits: 1), .semaphore(permits: 1), .semaphore(permits: 8), .semaphore(permits: 8),
        ])
        #expect(plan.points.map { $0.scenario.workload.classes[0].isLocal } == [false, true, false, true, false, true, false, true])
        #expect(plan.points[4].sweptValues == ["async", "1", "false"])
        #expect(ExperimentCommands.describe(plan).contains(
            "mutexes and semaphores: db (async mutex), cache (std or async mutex), pool (semaphore of 1 or 8 permits)\n"))
        // `mutex[1]` addresses the same setting.
        let byIndex = try makePlan(lockExperiment + "[sweep]\n\"mutex[1].kind\" = [\"async\"]\n")
        #expect(byIndex.points[0].scenario.workload.primitives[1].kind == .asyncMutex)
    }

    @Test func cleanupOfANestedLockStep() throws {
        let plan = try makePlan(lockExperiment + """
            [sweep]
            "task.handler.steps[2].steps[0].cleanup" = ["drop", "after_await"]
            "task.handler.steps[1].cleanup" = ["after_await"]

            """)
        let steps = plan.points.map { $0.scenario.workload.classes[0].steps }
        #expect(steps.map { $0[6] } == [.acquire(primitive: 2, cleanup: .drop), .acquire(primitive: 2, cleanup: .afterAwait)])
        #expect(steps.allSatisfy { $0[1] == .acquire(primitive: 0, cleanup: .afterAwait) })
        // Everything else is untouched.
        #expect(steps.allSatisfy { $0.count == 13 })
    }

    @Test func nestedDurationsKindsAndTimeouts() throws {
        let plan = try makePlan(lockExperiment + """
            [sweep]
            "task.handler.steps[1].hold[1].kind" = ["io", "sleep"]
            "task.handler.steps[2].steps[0].hold[0].duration" = ["exp(1ms)", "3ms"]
            "task.handler.steps[2].duration" = ["5ms", "8ms"]
            "task.handler.steps[2].on_timeout" = ["end"]
            "task.handler.steps[3].kind" = ["block_in_place", "spawn_blocking"]

            """)
        #expect(plan.points.count == 16)
        let last = plan.points[15].scenario.workload.classes[0].steps
        #expect(last[3] == .sleep(.constant(1e6)))
        #expect(last[7] == .io(.constant(3e6)))
        #expect(last[5] == .timeout(.constant(8e6), steps: 6, onTimeout: .end))
        #expect(last[12] == .spawnBlocking(.constant(100_000)))
        let first = plan.points[0].scenario.workload.classes[0].steps
        #expect(first[3] == .io(.constant(1e6)))
        #expect(first[7] == .io(.exponential(mean: 1e6)))
        #expect(first[5] == .timeout(.constant(5e6), steps: 6, onTimeout: .end))
        #expect(first[12] == .blockInPlace(.constant(100_000)))
    }

    @Test func wholeNestedStepsCanBeSwept() throws {
        let plan = try makePlan(lockExperiment + """
            [sweep]
            "task.handler.steps[1]" = [{ lock = "db", hold = [ { cpu = "10us" } ] }, { acquire = "pool", hold = [ { io = "1ms" }, { yield = true } ] }]

            """)
        #expect(Array(plan.points[0].scenario.workload.classes[0].steps[1...3]) == [
            .acquire(primitive: 0, cleanup: .drop), .cpu(.constant(10_000)), .release(primitive: 0),
        ])
        #expect(Array(plan.points[1].scenario.workload.classes[0].steps[1...4]) == [
            .acquire(primitive: 2, cleanup: .drop), .io(.constant(1e6)), .yield, .release(primitive: 2),
        ])
        // A whole step whose program turns invalid points at its value in [sweep].
        let bad = errorMessage(lockExperiment + """
            [sweep]
            "task.handler.steps[1]" = [{ lock = "db", hold = [] }]

            """)
        #expect(bad.contains("task.handler.steps[1].hold: hold is empty"))
        #expect(bad.contains("(value [0] of sweep key \"task.handler.steps[1]\")"))
    }

    @Test func setReachesNestedSteps() throws {
        let plan = try makePlan(
            lockExperiment,
            options: ExperimentOptions(sets: [
                "mutex.db.kind=std", "task.handler.local=true", "task.handler.steps[3]={ yield = true }",
                "task.handler.steps[2].steps[1].hold[0].duration=exp(7us)",
            ]))
        let scenario = plan.points[0].scenario
        #expect(scenario.workload.primitives[0].kind == .stdMutex)
        #expect(scenario.workload.classes[0].isLocal)
        #expect(scenario.workload.classes[0].steps[10] == .cpu(.exponential(mean: 7_000)))
        #expect(
            errorMessage(lockExperiment, options: ExperimentOptions(sets: ["mutex.db.kind=Std"]))
                == "--set mutex.db.kind=Std: mutex.db.kind: found string \"Std\" (did you mean \"std\"?); allowed: \"std\" or \"async\"")
    }

    @Test func keysThatMatchNoNestedStep() {
        func sweepError(_ key: String, _ values: String = "[\"1ms\"]") -> String {
            errorMessage(lockExperiment + "[sweep]\n\"\(key)\" = \(values)\n")
        }
        #expect(sweepError("task.handler.steps[1].hold[5].duration").contains(
            "matches no step: task.handler.steps[1].hold has 2 steps, hold[0] to hold[1] (0-based)"))
        #expect(sweepError("task.handler.steps[0].hold[0].duration").contains(
            "matches no step: task.handler.steps[0] is a cpu step, which holds no steps"))
        #expect(sweepError("task.handler.steps[1].steps[0].duration").contains(
            "matches no step (did you mean \"task.handler.steps[1].hold[0].duration\"?): task.handler.steps[1] is a "
                + "lock step, whose steps are task.handler.steps[1].hold[J]"))
        #expect(sweepError("task.handler.steps[1].kind", "[\"io\"]").contains(
            "task.handler.steps[1] is a lock step, whose kind cannot be switched; sweep the whole step (task.handler.steps[1]) instead"))
        #expect(sweepError("task.handler.steps[1].duration").contains(
            "matches no setting; a lock step is changed with task.handler.steps[1], task.handler.steps[1].cleanup or "
                + "task.handler.steps[1].hold[J]"))
        #expect(sweepError("task.handler.steps[0].cleanup", "[\"drop\"]").contains(
            "a cpu step is changed with task.handler.steps[0], task.handler.steps[0].kind or task.handler.steps[0].duration"))
        #expect(sweepError("task.handler.steps[2].steps[0].clenup", "[\"drop\"]").contains(
            "(did you mean \"task.handler.steps[2].steps[0].cleanup\"?)"))
        #expect(sweepError("mutex.dbb.kind", "[\"std\"]").contains(
            "matches no mutex: there is no mutex named \"dbb\" (did you mean \"db\"?); mutexes: db, cache"))
        #expect(sweepError("semaphore.pool.kind", "[\"std\"]").contains(
            "a semaphore is changed with semaphore.NAME.permits"))
        #expect(errorMessage(baseExperiment + "[sweep]\n\"mutex.db.kind\" = [\"std\"]\n").contains(
            "matches no setting: the file has no [[mutex]] sections"))
        #expect(sweepError("semaphore.pool.permits", "[4, 0]").contains(
            "semaphore.pool.permits: expected an integer from 1 to 1000000 (the number of permits), found integer 0 "
                + "(value [1] of sweep key \"semaphore.pool.permits\")"))
    }
}
