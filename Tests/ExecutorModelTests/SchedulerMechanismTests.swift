import MetricCatalogue
import ExecutorModel
import SimStats
import Testing

/// Tokio mechanisms that must show in the counters.
@Suite("Scheduler mechanisms")
struct SchedulerMechanismTests {
    @Test("idle workers steal from a busy one")
    func stealing() throws {
        // Fan-in through the driver: I/O completions land on the worker that turns the driver, and the others
        // must steal to share them.
        let runs = try replicate(
            scenario(
                workers: 4, costs: CostModel(), arrivals: .poisson(ratePerSecond: 8_000),
                classes: [TaskClass(name: "t", weight: 1, steps: [
                    .io(.constant(1_000_000)), .cpu(.exponential(mean: 100_000)),
                ])]),
            replications: 2)
        for run in runs {
            #expect(run.workers.reduce(0) { $0 + $1.stealOperations } > 0)
            #expect(run.workers.reduce(0) { $0 + $1.stealCount } >= run.workers.reduce(0) { $0 + $1.stealOperations })
        }
    }

    @Test("a worker that yields a lot exhausts the coop budget only through resources, never through cpu")
    func budgetCountsOnlyResources() throws {
        let cpuOnly = try replicate(
            scenario(
                workers: 2, arrivals: .poisson(ratePerSecond: 5_000),
                classes: [TaskClass(name: "t", weight: 1, steps: [.cpu(.constant(10_000)), .cpu(.constant(10_000))])]),
            replications: 1)
        #expect(cpuOnly[0].budgetForcedYieldCount == 0)
    }

    @Test("the driver delivers one I/O readiness event per io await, and none without I/O")
    func ioDriverReadyCount() throws {
        let io = try replicate(
            scenario(
                workers: 2, arrivals: .poisson(ratePerSecond: 1_000),
                classes: [TaskClass(name: "t", weight: 1, steps: [.io(.constant(500_000)), .io(.constant(500_000))])]),
            replications: 1)[0]
        // Two awaits per task: about two readiness events per task that arrived in the window.
        #expect(abs(Double(io[.ioDriverReady]) - 2 * Double(io.tasksArrived)) < 0.02 * Double(io.tasksArrived))
        let cpu = try replicate(
            scenario(
                workers: 2, arrivals: .poisson(ratePerSecond: 1_000),
                classes: [TaskClass(name: "t", weight: 1, steps: [.cpu(.constant(10_000))])]),
            replications: 1)[0]
        #expect(cpu[.ioDriverReady] == 0)
    }

    @Test("the blocking pool spawns threads up to max_blocking_threads and queues beyond")
    func blockingPoolCap() throws {
        let runs = try replicate(
            scenario(
                workers: 2, costs: CostModel(), arrivals: .poisson(ratePerSecond: 500),
                classes: [TaskClass(name: "t", weight: 1, steps: [.spawnBlocking(.constant(5_000_000))])]
            ) { $0.maxBlockingThreads = 3 },
            replications: 2)
        for run in runs {
            // Offered: 500/s × 5 ms = 2.5 threads' worth on 3 threads: all three are used and closures queue.
            #expect(run.blockingThreadsPeak == 3)
            #expect(run.blockingQueueDepthPeak > 1)
            #expect(run.blockingQueueWait.valueAtPercentile(99) > 1_000_000)
            #expect(run.tasksUnfinished == 0)
        }
    }
}

@Suite("Wake-up latency")
struct WakeUpLatencyTests {
    func firstPollDelays(_ costs: CostModel) throws -> LatencyHistogram {
        try ExecutorSimulation.run(
            scenario(
                workers: 4, costs: costs, arrivals: .poisson(ratePerSecond: 200),
                classes: [TaskClass(name: "t", weight: 1, steps: [.cpu(.constant(10_000))])]),
            seed: ReplicationSeed(experimentSeed: 1, point: 0, replication: 0)
        ).firstPollDelay
    }

    @Test("with a p99 above the median, each wake-up draws its own delay: first polls get the measured long tail")
    func randomWakeUps() throws {
        // An idle runtime: nearly every arrival wakes a parked worker, so first-poll delay ≈ one wake-up.
        let delays = try firstPollDelays(CostModel(pollOverhead: 0, unparkLatency: 30_000, unparkLatencyP99: 230_000))
        let median = Double(delays.valueAtPercentile(50))
        let p99 = Double(delays.valueAtPercentile(99))
        #expect(abs(median - 30_000) < 4_000, "median \(median)")
        #expect(p99 > 150_000 && p99 < 330_000, "p99 \(p99)")
    }

    @Test("with the p99 at the median, every wake-up takes exactly the median")
    func constantWakeUps() throws {
        let delays = try firstPollDelays(CostModel(pollOverhead: 0, unparkLatency: 30_000, unparkLatencyP99: 30_000))
        // Most arrivals wait exactly one wake-up; none sees the long tail.
        #expect(abs(delays.valueAtPercentile(50) - 30_000) <= 30, "within the histogram's 0.1% bucket width")
        #expect(delays.valueAtPercentile(99) < 70_000)
    }
}
