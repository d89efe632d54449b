import ExecutorModel
import Foundation
import Testing

@testable import Experiment

/// The lock, cancellation and pinning columns, deadlocks as results, and the shipped lock experiments.
@Suite struct LockOutputTests {
    /// The classic current_thread deadlock: a std guard held across an await, and a second task calling lock().
    static let deadlocking = """
        [experiment]
        name = "deadlock"
        seed = 5
        replications = 3
        duration = "50ms"
        warmup = "10ms"

        [runtime]
        flavor = "current_thread"

        [arrivals]
        rate = 400

        [[mutex]]
        name = "cache"
        kind = "std"

        [[task]]
        name = "t"
        steps = [ { lock = "cache", hold = [ { sleep = "2ms" } ] } ]

        """

    @Test func lockColumnsExistOnlyWithPrimitives() throws {
        let names = MetricSet(classNames: ["a"], primitiveNames: ["db", "pool"]).names
        #expect(names.first == "deadlocked_ratio")
        let lockColumns = names.filter { $0.hasPrefix("lock_") }
        #expect(lockColumns.prefix(11) == [
            "lock_db_acquisitions_count", "lock_db_contended_ratio", "lock_db_wait_p50_us", "lock_db_wait_p99_us",
            "lock_db_wait_max_us", "lock_db_hold_p50_us", "lock_db_hold_p99_us", "lock_db_hold_max_us",
            "lock_db_longest_queue_count", "lock_db_worker_blocked_ms", "lock_db_leaked_count",
        ])
        #expect(lockColumns.count == 22)
        for name in [
            "tasks_timed_out_count", "tasks_cancelled_count", "work_discarded_ms", "blocking_jobs_detached_count",
            "resources_leaked_count", "block_in_place_count", "worker_busy_imbalance_ratio",
        ] {
            #expect(names.contains(name), "\(name) missing")
        }
        let plain = MetricSet(classNames: ["a"]).names
        #expect(!plain.contains { $0.hasPrefix("lock_") })
        #expect(plain.contains("tasks_timed_out_count"))
        #expect(plain.contains("deadlocked_ratio"))
        // Every column still carries a unit.
        let units = ["_us", "_ms", "_ratio", "_per_s", "_count"]
        #expect(names.allSatisfy { name in units.contains { name.hasSuffix($0) } })
    }

    @Test func lockAndCancellationMetricsAreFilledIn() throws {
        let results = try ExperimentRunner.run(try makePlan(lockExperiment), jobs: 2)
        func mean(_ metric: String) throws -> Double {
            results.summary(point: 0, metric: try #require(results.metricIndex(metric))).mean
        }
        #expect(try mean("lock_db_acquisitions_count") > 20)
        #expect(try mean("lock_pool_acquisitions_count") > 20)
        #expect(try mean("lock_cache_hold_p50_us") >= 5)
        #expect(try mean("lock_db_hold_p50_us") >= 1_000, "db is held across a 1 ms await")
        #expect(try mean("lock_db_worker_blocked_ms") == 0, "an async mutex never blocks a worker")
        #expect(try mean("block_in_place_count") > 20)
        #expect(try mean("worker_busy_imbalance_ratio") >= 1)
        #expect(try mean("deadlocked_ratio") == 0)
        #expect(results.deadlocks.allSatisfy { $0.allSatisfy { $0 == nil } })
        let table = ResultTable.render(results)
        for header in ["db wait p99 ms", "db hold p99 ms", "db blocked ms", "pool acquired", "pool leaked", "timed out"] {
            #expect(table.contains(header), "the table lacks \(header)")
        }
        #expect(!table.contains("pool blocked ms"), "a semaphore never blocks a thread")
        #expect(!table.contains("DEADLOCK"))
    }

    @Test func permitsLeakOnlyWithAfterAwaitCleanup() throws {
        // Every call outlives its 2 ms timeout while holding a permit: with after_await each one leaks.
        let text = """
            [experiment]
            replications = 2
            duration = "50ms"
            warmup = "10ms"
            [arrivals]
            rate = 200
            [[semaphore]]
            name = "pool"
            permits = 3
            [[task]]
            name = "call"
            steps = [ { timeout = "2ms", steps = [ { acquire = "pool", hold = [ { io = "5ms" }, { cpu = "50us" } ] } ] } ]
            [sweep]
            "task.call.steps[0].steps[0].cleanup" = ["drop", "after_await"]
            """
        let results = try ExperimentRunner.run(try makePlan(text), jobs: 2)
        let leaked = try #require(results.metricIndex("resources_leaked_count"))
        let poolLeaked = try #require(results.metricIndex("lock_pool_leaked_count"))
        let timedOut = try #require(results.metricIndex("tasks_timed_out_count"))
        let cancelled = try #require(results.metricIndex("tasks_cancelled_count"))
        let discarded = try #require(results.metricIndex("work_discarded_ms"))
        #expect(results.values[0].allSatisfy { $0[leaked] == 0 })
        #expect(results.values[1].allSatisfy { $0[leaked] == 3 && $0[poolLeaked] == 3 }, "the whole pool leaks")
        // on_timeout defaults to end: every timed-out task is cancelled, and the cpu after the await is never run.
        #expect(results.values[0].allSatisfy { $0[timedOut] > 5 }, "\(results.values[0].map { $0[timedOut] })")
        #expect(results.values[0].allSatisfy { $0[cancelled] == $0[timedOut] })
        #expect(results.values[0].allSatisfy { abs($0[discarded] - $0[timedOut] * 0.05) < 1e-9 })
    }

    @Test func pinnedLocalTasksUnbalanceTheWorkers() throws {
        // 4 workers at 90% load: spawned tasks are balanced by stealing, pinned ones are not.
        let text = """
            [experiment]
            replications = 3
            duration = "200ms"
            warmup = "20ms"
            [runtime]
            workers = 4
            [arrivals]
            rate = 18000
            [[task]]
            name = "t"
            steps = [ { cpu = "exp(100us)" }, { io = "500us" }, { cpu = "exp(100us)" } ]
            [sweep]
            "task.t.local" = [false, true]
            """
        let results = try ExperimentRunner.run(try makePlan(text), jobs: 2)
        let imbalance = try #require(results.metricIndex("worker_busy_imbalance_ratio"))
        let steals = try #require(results.metricIndex("worker_steal_count"))
        let spawned = results.summary(point: 0, metric: imbalance).mean
        let pinned = results.summary(point: 1, metric: imbalance).mean
        #expect(pinned > spawned, "pinned \(pinned) vs spawned \(spawned)")
        // Near saturation a pinned task waits behind its own worker's queue while others idle: the tail grows.
        let p99 = try #require(results.metricIndex("latency_p99_us"))
        #expect(results.summary(point: 1, metric: p99).mean > 1.3 * results.summary(point: 0, metric: p99).mean)
        #expect(results.summary(point: 1, metric: steals).mean == 0)
        #expect(results.summary(point: 0, metric: steals).mean > 0)
    }

    @Test func aDeadlockIsMarkedNotFatal() throws {
        let results = try ExperimentRunner.run(try makePlan(Self.deadlocking), jobs: 2)
        #expect(results.deadlocks[0].allSatisfy { $0 != nil })
        let report = try #require(results.deadlocks[0][0])
        #expect(report.primitive == "cache")
        // Steps are named as written, not by their place in the flattened program (acquire, sleep, release).
        #expect(report.holder == "a task of class t, suspended at its await in task.t.steps[0].hold[0]", "\(report)")
        #expect(report.waiters == ["worker 0: task of class t in lock(cache) at task.t.steps[0]"], "\(report)")

        let files = Dictionary(uniqueKeysWithValues: ResultWriter.csvFiles(results).map { ($0.name, $0.text) })
        let summary = try #require(files["summary.csv"]).split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
        let column = try #require(summary[0].firstIndex(of: "deadlocked_ratio_mean"))
        #expect(summary[1][column] == "1")
        let replications = try #require(files["replications.csv"]).split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
        let flag = try #require(replications[0].firstIndex(of: "deadlocked"))
        #expect(flag == replications[0].firstIndex(of: "seed").map { $0 + 1 })
        #expect(!replications[0].contains("deadlocked_ratio"))
        #expect(replications.dropFirst().map { $0[flag] } == ["1", "1", "1"])

        let json = ResultWriter.runJSON(results, directory: "out", context: RunContext(commandLine: [], startedAt: Date()))
        #expect(json.contains("\"deadlocks\": ["))
        #expect(json.contains("\"report\": \"deadlock at t = "))
        #expect(json.contains("\"primitive\": \"cache\""))

        let table = ResultTable.render(results)
        #expect(table.contains("DEADLOCK"))
        #expect(table.contains("3 of 3 replications stopped in a deadlock"))
        // The report is wrapped to the table's width, each line indented by two spaces.
        #expect(table.replacingOccurrences(of: "\n  ", with: " ").contains("point 0 replication 0: \(report)"))
        #expect(table.split(separator: "\n").allSatisfy { $0.count <= TableLayout.defaultWidth })
    }

    @Test func aPartialDeadlockIsCountedPerPoint() throws {
        // A rate sweep: 1 task/s rarely overlaps two tasks in 50 ms, 400/s always does.
        let results = try ExperimentRunner.run(
            try makePlan(Self.deadlocking + "[sweep]\n\"arrivals.rate\" = [1, 400]\n"), jobs: 2)
        let ratio = try #require(results.metricIndex("deadlocked_ratio"))
        #expect(results.summary(point: 0, metric: ratio).mean == 0)
        #expect(results.summary(point: 1, metric: ratio).mean == 1)
        #expect(results.deadlockedReplications(point: 0).isEmpty)
        let table = ResultTable.render(results).split(separator: "\n").map(String.init)
        #expect(!table[2].contains("DEADLOCK"))
        #expect(table[3].contains("DEADLOCK"))
    }

    @Test func locksExperimentIsByteIdenticalWhateverTheJobs() throws {
        let options = ExperimentOptions(
            sets: ["experiment.duration=60ms", "experiment.warmup=10ms"], replications: 2)
        let plan = try ExperimentPlan.load(path: shippedExperiment("locks.toml"), options: options)
        let one = try ExperimentRunner.run(plan, jobs: 1)
        let four = try ExperimentRunner.run(plan, jobs: 4)
        for (a, b) in zip(ResultWriter.csvFiles(one), ResultWriter.csvFiles(four)) {
            #expect(a.text == b.text, "\(a.name) differs between --jobs 1 and --jobs 4")
        }
        #expect(ResultTable.render(one) == ResultTable.render(four))
        #expect(one.deadlocks.map { $0.map { $0?.description } } == four.deadlocks.map { $0.map { $0?.description } })
        #expect(one.metricNames.contains("lock_db_worker_blocked_ms"))
    }

    @Test func shippedExperimentsAreValid() throws {
        let folder = URL(fileURLWithPath: shippedExperiment(""))
        let files = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".toml") }
        #expect(files.contains("locks.toml"))
        #expect(files.contains("cancellation.toml"))
        for file in files {
            let plan = try ExperimentPlan.load(path: folder.appendingPathComponent(file).path)
            #expect(plan.points.count >= 1)
        }
        let locks = try ExperimentPlan.load(path: shippedExperiment("locks.toml"))
        #expect(locks.points.count == 24)
        #expect(locks.primitiveNames == ["db"])
        let cancellation = try ExperimentPlan.load(path: shippedExperiment("cancellation.toml"))
        #expect(cancellation.points.count == 12)
        #expect(cancellation.sweepColumns.first == "task.request.steps[1].steps[0].cleanup")
    }
}
