import ExecutorModel
import Testing

@testable import Experiment

@Suite struct SweepTests {
    @Test func cartesianProductInFileOrderFirstKeySlowest() throws {
        // toml++ hands keys back sorted; the columns must follow the file instead.
        let plan = try makePlan(
            baseExperiment + """
                [sweep]
                "task.sync_call.weight" = [0, 2, 5]
                "runtime.workers" = [2, 4]

                """)
        #expect(plan.sweepColumns == ["task.sync_call.weight", "runtime.workers"])
        #expect(plan.points.count == 6)
        #expect(plan.points.map(\.sweptValues) == [["0", "2"], ["0", "4"], ["2", "2"], ["2", "4"], ["5", "2"], ["5", "4"]])
        #expect(plan.points.map(\.scenario.runtime.workerThreads) == [2, 4, 2, 4, 2, 4])
        #expect(plan.points.map { $0.scenario.workload.classes[1].weight } == [0, 0, 2, 2, 5, 5])
        #expect(plan.points.map(\.index) == Array(0..<6))
    }

    @Test func zipGroupsVaryTogether() throws {
        let plan = try makePlan(
            baseExperiment + """
                [sweep]
                "runtime.workers" = [2, 4]

                [sweep.zip.mix]
                "task.handler.weight" = [100, 98, 90]
                "task.sync_call.weight" = [0, 2, 10]

                """)
        #expect(plan.sweepColumns == ["runtime.workers", "task.handler.weight", "task.sync_call.weight"])
        #expect(plan.points.count == 6)
        let weights = plan.points.map { point in point.scenario.workload.classes.map(\.weight) }
        #expect(weights == [[100, 0], [98, 2], [90, 10], [100, 0], [98, 2], [90, 10]])
        #expect(plan.points.map(\.scenario.runtime.workerThreads) == [2, 2, 2, 4, 4, 4])
    }

    @Test func zipGroupWrittenBeforeSingleKeysComesFirst() throws {
        let plan = try makePlan(
            baseExperiment + """
                [sweep]
                zip.mix."task.handler.weight" = [100, 98]
                zip.mix."task.sync_call.weight" = [0, 2]
                "runtime.workers" = [2, 4]

                """)
        #expect(plan.sweepColumns == ["task.handler.weight", "task.sync_call.weight", "runtime.workers"])
        #expect(plan.points.map(\.sweptValues) == [["100", "0", "2"], ["100", "0", "4"], ["98", "2", "2"], ["98", "2", "4"]])
    }

    @Test func kindSwitchKeepsTheDuration() throws {
        let plan = try makePlan(
            baseExperiment + """
                [sweep]
                "task.sync_call.steps[1].kind" = ["block", "spawn_blocking", "io", "sleep", "cpu", "yield"]

                """)
        let steps = plan.points.map { $0.scenario.workload.classes[1].steps[1] }
        #expect(steps == [.block(.constant(5e6)), .spawnBlocking(.constant(5e6)), .io(.constant(5e6)), .sleep(.constant(5e6)), .cpu(.constant(5e6)), .yield])
        // The other steps are untouched.
        #expect(plan.points.allSatisfy { $0.scenario.workload.classes[1].steps.count == 4 })
    }

    @Test func durationsAndWholeStepsCanBeSwept() throws {
        let plan = try makePlan(
            baseExperiment + """
                [sweep]
                "task.handler.steps[1].duration" = ["1ms", "exp(2ms)", "lognormal(median=1ms, p99=5ms)"]
                "task.sync_call.steps[1]" = [{ block = "5ms" }, { io = "uniform(1ms, 3ms)" }]
                "runtime.costs.poll_overhead" = ["0ns", "1us"]
                "experiment.duration" = ["50ms"]

                """)
        #expect(plan.points.count == 12)
        #expect(plan.points[0].scenario.workload.classes[0].steps[1] == .io(.constant(1e6)))
        #expect(plan.points[4].scenario.workload.classes[0].steps[1] == .io(.exponential(mean: 2e6)))
        #expect(plan.points[2].scenario.workload.classes[1].steps[1] == .io(.uniform(low: 1e6, high: 3e6)))
        #expect(plan.points[1].scenario.runtime.costs.pollOverhead == 1_000)
        #expect(plan.points[2].sweptValues[1] == "{ io = \"uniform(1ms, 3ms)\" }")
    }

    @Test func unquotedDottedKeysWork() throws {
        let plan = try makePlan(baseExperiment + "[sweep]\nruntime.workers = [1, 3]\narrivals.rate = [100, 200.5]\n")
        #expect(plan.sweepColumns == ["runtime.workers", "arrivals.rate"])
        #expect(plan.points.map(\.scenario.workload.arrivals.meanRatePerSecond) == [100, 200.5, 100, 200.5])
    }

    @Test func sweptKeyMayBeAbsentFromTheFile() throws {
        let plan = try makePlan(baseExperiment + "[sweep]\n\"runtime.coop_budget\" = [32, 128]\n\"runtime.flavor\" = [\"current_thread\"]\n")
        #expect(plan.points.map(\.scenario.runtime.coopBudget) == [32, 128])
        #expect(plan.points.allSatisfy { $0.scenario.runtime.flavor == .currentThread })
    }

    @Test func noSweepIsOnePoint() throws {
        let plan = try makePlan(baseExperiment)
        #expect(plan.sweepColumns.isEmpty)
        #expect(plan.points.count == 1)
        #expect(plan.points[0].sweptValues.isEmpty)
    }
}
