@testable import ExecutorModel
import SimKernel
import Testing

/// The measurement window is one rule for every metric, and a replication that stops stops every clock.
@Suite("Measurement window")
struct MeasurementWindowTests {
    /// A current_thread runtime whose only task class holds a std guard across a 2 ms sleep: the second task's
    /// `lock()` blocks the only thread while the holder sleeps, so the run deadlocks within milliseconds.
    func deadlocking(warmup: Int64, duration: Int64 = 1 * seconds) throws -> RunMetrics {
        var scenario = scenario(
            flavor: .currentThread, workers: 1, costs: CostModel(), arrivals: .poisson(ratePerSecond: 1_000),
            classes: [TaskClass(name: "t", weight: 1, steps: [
                .acquire(primitive: 0, cleanup: .drop), .sleep(.constant(2e6)), .release(primitive: 0),
            ])],
            warmup: warmup, duration: duration)
        scenario.workload.primitives = [SyncPrimitive(name: "cache", kind: .stdMutex)]
        return try ExecutorSimulation.run(scenario, seed: ReplicationSeed(experimentSeed: 5, point: 0, replication: 0))
    }

    /// Fails without `MeasurementRecorder.stop(at:)`: the stall tracker then integrated the blocked thread up to the
    /// planned end of the window (stall time = window − deadlock time, the bug the issue measured as 740.85 ms).
    @Test("a deadlock inside the window stops the stall clock and the window at that moment")
    func deadlockInsideWindowStopsClocks() throws {
        let run = try deadlocking(warmup: 0)
        let deadlock = try #require(run.deadlock)
        #expect(run.measuredDuration == deadlock.time, "the window covers the time until the deadlock")
        #expect(run.stalls.stallTime <= run.measuredDuration)
        #expect(run.stalls.allWorkersBlockedTime <= run.measuredDuration)
        for worker in run.workers {
            #expect(worker.busyTime + worker.blockedTime + worker.parkedTime <= run.measuredDuration)
        }
        #expect(run.throughputPerSecond.isFinite)
    }

    /// Fails without `MeasurementRecorder.stop(at:)`: a deadlock in the warm-up then reported the whole window as
    /// stalled (stall time = duration, stall ratio 1).
    @Test("a deadlock during the warm-up measures nothing")
    func deadlockInWarmupMeasuresNothing() throws {
        let run = try deadlocking(warmup: 500 * milliseconds)
        let deadlock = try #require(run.deadlock)
        #expect(deadlock.time < 500 * milliseconds)
        #expect(run.measuredDuration == 0)
        #expect(run.stalls.stallTime == 0)
        #expect(run.stalls.allWorkersBlockedTime == 0)
        #expect(run.tasksArrived == 0)
        #expect(run.throughputPerSecond.isNaN, "no window, no throughput")
        #expect(run.workers.allSatisfy { $0.busyTime == 0 && $0.blockedTime == 0 && $0.parkedTime == 0 })
    }

    /// Fails if a counter is not gated by the window: both workers park at t = 0, before it opens.
    @Test("a run whose window is empty of events counts nothing")
    func countsFollowTheWindow() throws {
        // Arrivals every 10 ms from t = 10 ms; the window [5 ms, 6 ms) sees no event at all.
        let run = try ExecutorSimulation.run(
            scenario(
                workers: 2, costs: CostModel(), arrivals: .constantRate(ratePerSecond: 100),
                classes: [TaskClass(name: "t", weight: 1, steps: [.cpu(.constant(100_000))])],
                warmup: 5 * milliseconds, duration: 1 * milliseconds),
            seed: ReplicationSeed(experimentSeed: 1, point: 0, replication: 0))
        #expect(run.tasksArrived == 0)
        #expect(run.workers.allSatisfy { $0.counts.allSatisfy { $0 == 0 } })
        #expect(run.counters.allSatisfy { $0 == 0 })
        #expect(run.measuredDuration == 1 * milliseconds)
    }

    /// Fails without `MeasurementRecorder.close(workers:)` charging each worker up to the window's end: the time
    /// between a worker's last switch and the end of the window was lost (up to 1% of `worker_parked_ratio`).
    @Test("every worker's busy, blocked and parked time adds up to the window")
    func workerTimeCoversTheWindow() throws {
        let runs = try replicate(
            scenario(
                workers: 3, arrivals: .poisson(ratePerSecond: 3_000),
                classes: [TaskClass(name: "t", weight: 1, steps: [
                    .cpu(.exponential(mean: 100_000)), .block(.exponential(mean: 200_000)), .io(.constant(1e6)),
                ])],
                warmup: 50 * milliseconds, duration: 300 * milliseconds),
            replications: 3)
        for run in runs {
            for worker in run.workers {
                #expect(worker.busyTime + worker.blockedTime + worker.parkedTime == run.measuredDuration)
            }
        }
    }
}

/// Sampled durations become whole nanoseconds without ever trapping.
@Suite("Sampled durations")
struct SampledDurationTests {
    @Test("huge, infinite, negative and NaN samples are clamped instead of trapping")
    func clamping() {
        #expect(RuntimeSimulation.nanoseconds(1.6) == 2)
        #expect(RuntimeSimulation.nanoseconds(.infinity) == 1_000_000_000_000_000)
        #expect(RuntimeSimulation.nanoseconds(1e300) == 1_000_000_000_000_000)
        #expect(RuntimeSimulation.nanoseconds(-.infinity) == 0)
        #expect(RuntimeSimulation.nanoseconds(.nan) == 0)
    }
}
