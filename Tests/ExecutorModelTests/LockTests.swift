import ExecutorModel
import SimStats
import Testing

/// std and Tokio mutexes (`reference/tokio-scheduler.md` §5).
@Suite("Locks")
struct LockTests {
    let milli = 1_000_000.0

    func traced(
        _ flavor: RuntimeFlavor = .multiThread, workers: Int = 4, rate: Double, primitive: SyncPrimitive,
        steps: [Step], local: Bool = false, duration: Int64 = 1 * seconds
    ) throws -> RunMetrics {
        var scenario = scenario(
            flavor: flavor, workers: workers, costs: CostModel(), arrivals: .poisson(ratePerSecond: rate),
            classes: [TaskClass(name: "t", weight: 1, steps: steps, isLocal: local)], warmup: 0, duration: duration)
        scenario.workload.primitives = [primitive]
        scenario.trace = TraceWindow(from: 0, to: duration)
        return try ExecutorSimulation.run(scenario, seed: ReplicationSeed(experimentSeed: 5, point: 0, replication: 0))
    }

    @Test("tokio::sync::Mutex hands the lock over in strict FIFO order of the lock() calls")
    func asyncMutexIsFIFO() throws {
        // The lock is requested at each task's first poll and held across a 1 ms await: ~80% busy.
        let run = try traced(
            rate: 800, primitive: SyncPrimitive(name: "db", kind: .asyncMutex),
            steps: [.acquire(primitive: 0, cleanup: .drop), .io(.constant(1_000_000)), .release(primitive: 0)])
        var requested: [Int64: Int64] = [:]
        for event in run.trace where event.kind == .pollStart && requested[event.task] == nil {
            requested[event.task] = event.time
        }
        let order = run.trace.filter { $0.kind == .acquire }.map { requested[$0.task] ?? -1 }
        #expect(order.count > 500)
        #expect(run.primitives[0].contendedAcquisitions > 100, "the test needs real contention")
        #expect(zip(order, order.dropFirst()).allSatisfy { $0 <= $1 }, "acquisitions out of request order")
    }

    @Test("std::sync::Mutex is unfair: a thread arriving while the lock is free barges ahead of woken sleepers")
    func stdMutexAllowsBarging() throws {
        let run = try traced(
            rate: 12_000, primitive: SyncPrimitive(name: "db", kind: .stdMutex),
            steps: [.acquire(primitive: 0, cleanup: .drop), .cpu(.constant(60_000)), .release(primitive: 0)])
        var requested: [Int64: Int64] = [:]
        for event in run.trace where (event.kind == .lockWait || event.kind == .acquire) && requested[event.task] == nil {
            requested[event.task] = event.time
        }
        let order = run.trace.filter { $0.kind == .acquire }.map { requested[$0.task] ?? -1 }
        let overtaken = zip(order, order.dropFirst()).filter { $0 > $1 }.count
        #expect(run.primitives[0].contendedAcquisitions > 100)
        #expect(overtaken > 0, "no acquisition ever overtook an earlier waiter")
        #expect(run.primitives[0].workerBlockedTime > 0)
    }

    @Test("a std lock held across a blocking call stalls every worker that wants it; the async mutex does not")
    func stdLockSpreadsTheStall() throws {
        func run(_ kind: SyncPrimitive.Kind) throws -> RunMetrics {
            var scenario = scenario(
                workers: 4, costs: CostModel(), arrivals: .poisson(ratePerSecond: 3_000),
                classes: [
                    // 600 writers/s hold the lock ~1.1 ms each: it is busy two thirds of the time.
                    TaskClass(name: "writer", weight: 4, steps: [
                        .acquire(primitive: 0, cleanup: .drop), .block(.constant(1_000_000)), .release(primitive: 0),
                    ]),
                    TaskClass(name: "reader", weight: 16, steps: [.cpu(.constant(30_000)), .io(.constant(500_000))]),
                ],
                duration: 1 * seconds)
            scenario.workload.primitives = [SyncPrimitive(name: "db", kind: kind)]
            return try ExecutorSimulation.run(scenario, seed: ReplicationSeed(experimentSeed: 9, point: 0, replication: 0))
        }
        let std = try run(.stdMutex)
        let async = try run(.asyncMutex)
        #expect(std.primitives[0].workerBlockedTime > 0)
        #expect(async.primitives[0].workerBlockedTime == 0)
        let stdBlocked = std.workers.reduce(0) { $0 + $1.blockedTime }
        let asyncBlocked = async.workers.reduce(0) { $0 + $1.blockedTime }
        #expect(stdBlocked > asyncBlocked, "std waiters block worker threads on top of the holder's block")
        #expect(std.latencyByClass[1].valueAtPercentile(99) > async.latencyByClass[1].valueAtPercentile(99))
    }

    @Test("current_thread: a std guard held across an await plus a second lock() is reported as a deadlock")
    func currentThreadDeadlockIsDetected() throws {
        let run = try traced(
            .currentThread, rate: 1_000, primitive: SyncPrimitive(name: "cache", kind: .stdMutex),
            steps: [.acquire(primitive: 0, cleanup: .drop), .sleep(.constant(2_000_000)), .release(primitive: 0)])
        let deadlock = try #require(run.deadlock)
        #expect(deadlock.primitive == "cache")
        #expect(deadlock.holder.contains("class t"))
        #expect(deadlock.waiters.count == 1)
        #expect(deadlock.time < 100_000_000, "detected when it happens, not at the end of the run")
        #expect(run.tasksUnfinished > 0)
    }

    @Test("a std guard across an await is rejected for tokio::spawn tasks on multi_thread, allowed for local ones")
    func stdGuardAcrossAwaitNeedsLocal() throws {
        let steps: [Step] = [.acquire(primitive: 0, cleanup: .drop), .io(.constant(100_000)), .release(primitive: 0)]
        #expect(throws: ModelError.self) {
            _ = try traced(rate: 10, primitive: SyncPrimitive(name: "m", kind: .stdMutex), steps: steps)
        }
        _ = try traced(rate: 10, primitive: SyncPrimitive(name: "m", kind: .stdMutex), steps: steps, local: true)
    }
}
