import ExecutorModel
import Testing

/// `tokio::select!` over two branches: the first future to complete wins, the other is dropped.
@Suite("select")
struct SelectTests {
    /// Branch A waits for I/O then computes; branch B waits for a timer then blocks for 1 ms, so worker blocked time
    /// shows how often B won.
    func race(io: Int64, sleep: Int64, rate: Double = 300) throws -> RunMetrics {
        try ExecutorSimulation.run(
            scenario(
                workers: 2, costs: CostModel(), arrivals: .poisson(ratePerSecond: rate),
                classes: [TaskClass(name: "t", weight: 1, steps: [
                    .select(first: 2, second: 2),
                    .io(.constant(Double(io))), .cpu(.constant(10_000)),
                    .sleep(.constant(Double(sleep))), .block(.constant(1_000_000)),
                    .cpu(.constant(5_000)),
                ])],
                duration: 1 * seconds),
            seed: ReplicationSeed(experimentSeed: 1, point: 0, replication: 0))
    }

    @Test("the faster future wins and only its handler runs; the loser's completion is ignored")
    func fasterBranchWins() throws {
        let ioWins = try race(io: 1_000_000, sleep: 10_000_000)
        #expect(ioWins.tasksArrived > 200)
        #expect(ioWins.tasksCompleted == ioWins.tasksArrived)
        // One drop per task (counted while the window is open; the last few tasks finish after it).
        #expect(ioWins.selectBranchesDropped >= ioWins.tasksCompleted - 3)
        #expect(ioWins.workers.allSatisfy { $0.blockedTime == 0 }, "branch B's handler never ran")
        #expect(ioWins.latency.valueAtPercentile(99) < 2_000_000, "nobody waited for the 10 ms timer")

        let timerWins = try race(io: 10_000_000, sleep: 1_000_000)
        #expect(timerWins.tasksCompleted == timerWins.tasksArrived)
        let blocked = timerWins.workers.reduce(0) { $0 + $1.blockedTime }
        // Every task ran branch B's 1 ms block (plus the timed-wake overshoot).
        #expect(Double(blocked) > 0.9 * Double(timerWins.tasksCompleted) * 1_000_000)
        #expect(timerWins.latency.valueAtPercentile(99) < 6_000_000, "nobody waited for the 10 ms I/O")
    }

    @Test("a dropped spawn_blocking branch keeps its pool thread busy to the end")
    func droppedSpawnBlockingRunsOn() throws {
        let run = try ExecutorSimulation.run(
            scenario(
                workers: 2, costs: CostModel(), arrivals: .constantRate(ratePerSecond: 100),
                classes: [TaskClass(name: "t", weight: 1, steps: [
                    .select(first: 1, second: 1), .sleep(.constant(1_000_000)), .spawnBlocking(.constant(8_000_000)),
                ])],
                duration: 1 * seconds
            ) { $0.maxBlockingThreads = 1 },
            seed: ReplicationSeed(experimentSeed: 1, point: 0, replication: 0))
        #expect(run.blockingJobsDetached > 50)
        #expect(run.latency.valueAtPercentile(99) < 4_000_000, "the timer branch wins every time")
        // One thread, 8 ms closures every 10 ms: the pool stays busy with work nobody waits for.
        #expect(run.blockingQueueWait.count > 50)
    }

    @Test("a timeout around a select drops both pending futures")
    func timeoutAroundSelect() throws {
        let run = try ExecutorSimulation.run(
            scenario(
                workers: 2, costs: CostModel(), arrivals: .poisson(ratePerSecond: 200),
                classes: [TaskClass(name: "t", weight: 1, steps: [
                    .timeout(.constant(3_000_000), steps: 3, onTimeout: .end),
                    .select(first: 1, second: 1), .io(.constant(20_000_000)), .sleep(.constant(20_000_000)),
                ])]),
            seed: ReplicationSeed(experimentSeed: 1, point: 0, replication: 0))
        #expect(run.tasksTimedOut == run.tasksCompleted)
        #expect(run.tasksCompleted == run.tasksArrived)
        #expect(run.selectBranchesDropped == 0)
        #expect(run.latency.valueAtPercentile(99) < 6_000_000)
    }

    @Test("a branch must start with an io, sleep or spawn_blocking future")
    func branchesStartWithAFuture() {
        #expect(throws: ModelError.self) {
            _ = try ExecutorSimulation.run(
                scenario(
                    arrivals: .poisson(ratePerSecond: 10),
                    classes: [TaskClass(name: "t", weight: 1, steps: [
                        .select(first: 1, second: 1), .cpu(.constant(1_000)), .sleep(.constant(1_000_000)),
                    ])]),
                seed: ReplicationSeed(experimentSeed: 1, point: 0, replication: 0))
        }
    }
}
