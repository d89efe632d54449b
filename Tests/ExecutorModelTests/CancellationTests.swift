import ExecutorModel
import Testing

/// Timeouts drop their group at its current await (`reference/tokio-scheduler.md` §7).
@Suite("Cancellation")
struct CancellationTests {
    /// A semaphore of 4 permits guarding a call that usually takes 1 ms but sometimes 10 ms, under a 5 ms timeout.
    func guarded(_ cleanup: Cleanup) throws -> RunMetrics {
        var scenario = scenario(
            workers: 2, costs: CostModel(), arrivals: .poisson(ratePerSecond: 500),
            classes: [TaskClass(name: "call", weight: 1, steps: [
                .timeout(.constant(5_000_000), steps: 3, onTimeout: .continue),
                .acquire(primitive: 0, cleanup: cleanup),
                .io(.empirical([1_000_000, 1_000_000, 1_000_000, 10_000_000])),
                .release(primitive: 0),
                .cpu(.constant(10_000)),
            ])],
            duration: 2 * seconds)
        scenario.workload.primitives = [SyncPrimitive(name: "pool", kind: .semaphore(permits: 4))]
        return try ExecutorSimulation.run(scenario, seed: ReplicationSeed(experimentSeed: 2, point: 0, replication: 0))
    }

    @Test("permits leak only when the release is written after the await; Drop always gives them back")
    func leaksNeedAfterAwaitCleanup() throws {
        let dropped = try guarded(.drop)
        let leaky = try guarded(.afterAwait)
        #expect(dropped.tasksTimedOut > 10)
        #expect(dropped.resourcesLeaked == 0)
        #expect(dropped.primitives[0].leaked == 0)
        #expect(leaky.resourcesLeaked >= 4, "every permit leaks eventually")
        #expect(leaky.primitives[0].leaked == leaky.resourcesLeaked)
        // With every permit gone, later calls can only time out: the successful acquisitions collapse.
        #expect(leaky.primitives[0].acquisitions < dropped.primitives[0].acquisitions / 4)
    }

    @Test("a timeout does not cancel spawn_blocking: the closure runs to the end on the pool")
    func spawnBlockingIsNotCancelled() throws {
        let run = try ExecutorSimulation.run(
            scenario(
                workers: 2, costs: CostModel(), arrivals: .constantRate(ratePerSecond: 100),
                classes: [TaskClass(name: "t", weight: 1, steps: [
                    .timeout(.constant(1_000_000), steps: 1, onTimeout: .end), .spawnBlocking(.constant(8_000_000)),
                ])],
                duration: 1 * seconds
            ) { $0.maxBlockingThreads = 1 },
            seed: ReplicationSeed(experimentSeed: 1, point: 0, replication: 0))
        #expect(run.tasksTimedOut > 50)
        #expect(run.tasksCancelled == run.tasksTimedOut)
        #expect(run.blockingJobsDetached > 50)
        // One thread, 8 ms closures every 10 ms: the pool stays busy with work nobody waits for.
        #expect(run.blockingQueueWait.valueAtPercentile(50) > 0)
        #expect(run.tasksUnfinished == 0)
    }

    @Test("a group that finishes before its deadline is not cancelled")
    func fastGroupsComplete() throws {
        let run = try ExecutorSimulation.run(
            scenario(
                workers: 2, costs: CostModel(), arrivals: .poisson(ratePerSecond: 1_000),
                classes: [TaskClass(name: "t", weight: 1, steps: [
                    .timeout(.constant(20_000_000), steps: 2, onTimeout: .end), .io(.constant(1_000_000)),
                    .cpu(.constant(10_000)),
                ])]),
            seed: ReplicationSeed(experimentSeed: 1, point: 0, replication: 0))
        #expect(run.tasksTimedOut == 0)
        #expect(run.tasksCompleted == run.tasksArrived)
    }
}

@Suite("Cancellation of handed-over permits")
struct HandedOverPermitTests {
    @Test("a permit handed to a queued waiter keeps the waiter's cleanup: after_await leaks it on timeout")
    func handedOverPermitLeaks() throws {
        // One permit; a task every 2 ms holds it across 3.5 ms of I/O under a 4 ms timeout. The first task finishes in
        // time; the second gets the permit from the queue at 3 ms and times out at 6 ms while holding it.
        func run(_ cleanup: Cleanup) throws -> RunMetrics {
            var scenario = scenario(
                workers: 1, arrivals: .constantRate(ratePerSecond: 500),
                classes: [TaskClass(name: "t", weight: 1, steps: [
                    .timeout(.constant(4_000_000), steps: 3, onTimeout: .end),
                    .acquire(primitive: 0, cleanup: cleanup), .io(.constant(3_500_000)), .release(primitive: 0),
                ])],
                warmup: 0, duration: 100 * milliseconds)
            scenario.workload.primitives = [SyncPrimitive(name: "permit", kind: .semaphore(permits: 1))]
            return try ExecutorSimulation.run(scenario, seed: ReplicationSeed(experimentSeed: 1, point: 0, replication: 0))
        }
        let leaky = try run(.afterAwait)
        #expect(leaky.primitives[0].leaked == 1)
        #expect(leaky.primitives[0].acquisitions == 2, "after the leak nobody gets the permit again")
        let dropped = try run(.drop)
        #expect(dropped.primitives[0].leaked == 0)
        #expect(dropped.primitives[0].acquisitions > 20)
    }
}
