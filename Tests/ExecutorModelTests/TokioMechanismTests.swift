import MetricCatalogue
@testable import ExecutorModel
import Testing

/// A lock hand-off seen in a trace: the holder released the lock on `thread` and `waiter` got it at once.
private struct HandOff {
    /// Index of the `release` event in the trace.
    var index: Int
    var thread: Int32
    var waiter: Int64
}

/// Every hand-off of `primitive` in `trace`: a `release` followed at once by the `acquire` of another task (Tokio
/// hands the permit to the head waiter inside the release).
private func handOffs(in trace: [TraceEvent], primitive: Int64) -> [HandOff] {
    zip(trace.indices, trace.indices.dropFirst()).compactMap { index, next in
        let release = trace[index]
        let grant = trace[next]
        guard release.kind == .release, release.value == primitive, grant.kind == .acquire,
            grant.value == primitive, grant.task != release.task
        else { return nil }
        return HandOff(index: index, thread: release.thread, waiter: grant.task)
    }
}

/// The first event after `index` that matches.
private func firstEvent(in trace: [TraceEvent], after index: Int, where matches: (TraceEvent) -> Bool) -> TraceEvent? {
    trace[(index + 1)...].first(where: matches)
}

/// Runs `scenario` with a trace of its whole run and a fixed seed.
private func tracedRun(_ scenario: Scenario, seed: UInt64) throws -> RunMetrics {
    var traced = scenario
    traced.trace = TraceWindow(from: 0, to: scenario.warmup + scenario.duration)
    return try ExecutorSimulation.run(traced, seed: ReplicationSeed(experimentSeed: seed, point: 0, replication: 0))
}

/// `n` uncontended `lock().await`s of `primitive`, each released at once: `n` units of coop budget, no Pending.
private func readyLocks(_ n: Int, primitive: Int) -> [Step] {
    Array(repeating: [Step.acquire(primitive: primitive, cleanup: .drop), .release(primitive: primitive)], count: n)
        .flatMap { $0 }
}

/// The multi-thread scheduler's mechanisms as Tokio 1.24 has them (`/work/shared/reference/tokio-scheduler.md`, §1
/// and §3; `W`, `Q`, `I` are its abbreviations for Tokio's `worker.rs`, `queue.rs` and `idle.rs`).
///
/// Each test's comment names the rule it checks and the change to `Sources/` under which it was seen to fail, with
/// the numbers it saw; the change was reverted afterwards.
@Suite("Tokio mechanisms")
struct TokioMechanismTests {
    /// §1 "LIFO slot": a task woken from a worker that holds its core goes to the LIFO slot and is polled right
    /// after the current poll (`schedule_local`, HEAD `W:1385-1417`; the chain in 1.24 `run_task`, `W 1.24:468-495`).
    ///
    /// Intact: all 1,516 hand-offs run the waiter next, 242 of them ahead of queued tasks. Fails with
    /// `if isYield || !configuration.lifoSlotEnabled` in `scheduleLocal` changed to `if true || …` (every local wake
    /// to the back of the queue): 1,576 of 1,578 waiters run next, and only 1 ahead of queued tasks.
    @Test("a task woken by the running task goes to the LIFO slot and is polled next, before older queued tasks")
    func wokenTaskRunsNextFromLIFOSlot() throws {
        // One worker, so every wake is local. Each task holds a tokio Mutex across a `yield_now`; the yield is
        // delivered when the worker turns the driver, together with a batch of I/O completions that fill the queue.
        var scenario = scenario(
            workers: 1, costs: CostModel(), arrivals: .poisson(ratePerSecond: 40_000),
            classes: [TaskClass(name: "t", weight: 1, steps: [
                .io(.constant(1_000_000)), .acquire(primitive: 0, cleanup: .drop), .cpu(.constant(5_000)),
                .yield, .release(primitive: 0),
            ])],
            warmup: 0, duration: 50 * milliseconds)
        scenario.workload.primitives = [SyncPrimitive(name: "m", kind: .asyncMutex)]
        let run = try tracedRun(scenario, seed: 11)
        let handOffList = handOffs(in: run.trace, primitive: 0)
        var ranNext = 0
        var overtookQueuedTasks = 0
        for handOff in handOffList {
            guard let next = firstEvent(in: run.trace, after: handOff.index, where: {
                $0.kind == .pollStart && $0.thread == handOff.thread
            }), next.task == handOff.waiter else { continue }
            ranNext += 1
            // Sampled as the waiter's poll starts: tasks queued before it was woken and still waiting.
            let depth = try #require(firstEvent(in: run.trace, after: handOff.index) {
                $0.kind == .runQueueDepth && $0.thread == handOff.thread
            })
            if depth.value > 0 { overtookQueuedTasks += 1 }
        }
        #expect(handOffList.count > 100)
        #expect(ranNext == handOffList.count)
        #expect(overtookQueuedTasks > 100, "the woken task must have had older tasks to overtake")
    }

    /// §1 "Local run queue" and "Work stealing": the LIFO slot is not stealable (`Q:487-488` steals from the run
    /// queue only); "Known pathology": a task in a blocked worker's LIFO slot stays stuck.
    ///
    /// Intact: 0 of 90 waiters taken by the other worker, which parked after looking for work during 84 of the
    /// blocks. Fails with `stealWork` taking a victim's LIFO slot when its run queue is empty: 48 of 49 waiters run
    /// on the other worker.
    @Test("the LIFO slot is never stolen: a task in it waits for its own worker even while that worker blocks")
    func lifoSlotIsNotStolen() throws {
        // The holder hands the lock to a waiter, which lands in this worker's LIFO slot, then blocks the thread for
        // 2 ms. Short tasks keep the other worker waking up, looking for work and parking meanwhile.
        var scenario = scenario(
            workers: 2, costs: CostModel(), arrivals: .poisson(ratePerSecond: 1_200),
            classes: [
                TaskClass(name: "locker", weight: 1, steps: [
                    .acquire(primitive: 0, cleanup: .drop), .io(.constant(500_000)), .release(primitive: 0),
                    .block(.constant(2_000_000)),
                ]),
                TaskClass(name: "short", weight: 3, steps: [.cpu(.constant(20_000))]),
            ],
            warmup: 0, duration: 1 * seconds)
        scenario.workload.primitives = [SyncPrimitive(name: "m", kind: .asyncMutex)]
        let run = try tracedRun(scenario, seed: 12)
        let handOffList = handOffs(in: run.trace, primitive: 0)
        var stolen = 0
        var otherWorkerSearchedMeanwhile = 0
        for handOff in handOffList {
            let waiterPoll = try #require(firstEvent(in: run.trace, after: handOff.index) {
                $0.kind == .pollStart && $0.task == handOff.waiter
            })
            if waiterPoll.thread != handOff.thread { stolen += 1 }
            let holderPollEnd = try #require(firstEvent(in: run.trace, after: handOff.index) {
                $0.kind == .pollEnd && $0.thread == handOff.thread
            })
            // A worker parks only after finding nothing to run or steal.
            let meanwhile = run.trace[handOff.index...].prefix { $0.time < holderPollEnd.time }
            if meanwhile.contains(where: { $0.kind == .park && $0.thread != handOff.thread }) {
                otherWorkerSearchedMeanwhile += 1
            }
        }
        #expect(handOffList.count > 50)
        #expect(stolen == 0)
        #expect(otherWorkerSearchedMeanwhile > 20, "the other worker must have looked for work meanwhile")
    }

    /// §1 "LIFO slot": budget is not reset, the whole chain runs inside one `coop::budget` scope (`W:692`); §3: "In
    /// multi_thread, LIFO-chained tasks share the head task's budget".
    ///
    /// Intact: each of the 220 hand-offs forces its waiter to yield. Fails with `finishPoll` starting the LIFO task
    /// with `freshBudget: true`: 0 forced yields over 203 hand-offs.
    @Test("a LIFO successor runs on what is left of the head task's coop budget, not on a fresh one")
    func lifoChainSharesTheBudget() throws {
        // After its I/O each holder spends 65 units (the I/O's Ready plus 64 ready inner locks) and hands the lock
        // to a waiter, which needs 65 more before its own I/O: one budget of 128 holds either poll, not both.
        let beforeIO: [Step] = [.acquire(primitive: 0, cleanup: .drop)] + readyLocks(64, primitive: 1)
        let afterIO: [Step] = readyLocks(64, primitive: 1) + [.release(primitive: 0)]
        var scenario = scenario(
            workers: 2, costs: CostModel(), arrivals: .poisson(ratePerSecond: 3_000),
            classes: [TaskClass(name: "t", weight: 1, steps: beforeIO + [.io(.constant(200_000))] + afterIO)],
            warmup: 0, duration: 100 * milliseconds)
        scenario.workload.primitives = [
            SyncPrimitive(name: "outer", kind: .asyncMutex), SyncPrimitive(name: "inner", kind: .asyncMutex),
        ]
        let run = try ExecutorSimulation.run(scenario, seed: ReplicationSeed(experimentSeed: 13, point: 0, replication: 0))
        let handOffCount = run.primitives[0].contendedAcquisitions
        #expect(handOffCount > 100)
        #expect(run.budgetForcedYieldCount == handOffCount, "every waiter runs out of budget in its LIFO poll")
    }

    /// §1 "Overflow": pushing into a full local queue moves half of it plus the new task to the inject queue and
    /// increments `worker_overflow_count` (1.24 `Q 1.24:216-270`).
    ///
    /// Intact: 36 overflows, at most 5 tasks waiting locally. Fails with the overflow test in `pushBack` changed to
    /// `runQueue.count >= Int.max` (an unbounded queue): 0 overflows, 10 tasks waiting locally.
    @Test("a full local queue overflows into the inject queue: worker_overflow_count rises and the queue stays bounded")
    func fullLocalQueueOverflowsToInject() throws {
        // One busy worker turns the driver every 61 ticks; the I/O completions it delivers at once exceed a local
        // queue of 4.
        let capacity = 4
        let run = try tracedRun(
            scenario(
                workers: 1, costs: CostModel(), arrivals: .poisson(ratePerSecond: 20_000),
                classes: [TaskClass(name: "t", weight: 1, steps: [
                    .cpu(.constant(10_000)), .io(.constant(1_000_000)), .cpu(.constant(10_000)),
                ])],
                warmup: 0, duration: 100 * milliseconds
            ) { $0.localQueueCapacity = capacity },
            seed: 14)
        let deepest = run.trace.filter { $0.kind == .runQueueDepth }.map(\.value).max() ?? 0
        #expect(run.workers[0][.overflow] > 0)
        // The sample counts the LIFO slot too.
        #expect(deepest <= Int64(capacity) + 1)
    }

    /// §1 "`next_task`": when `tick % global_queue_interval == 0` the inject queue is popped before local work
    /// (1.24 `W 1.24:588-594`, interval fixed at 61, `B 1.24:208`).
    ///
    /// Intact: 55 of 3,064 first polls start ahead of local work at interval 61, none with a huge interval. Fails
    /// with the interval test in `nextTask` changed to `if false && …`: 0 of 3,065.
    @Test("every global_queue_interval ticks the inject queue is checked first, even with local work waiting")
    func injectQueueCheckedEveryInterval() throws {
        /// First polls (always taken from the inject queue on a single worker) that started while the worker's own
        /// LIFO slot or queue still held tasks.
        func injectTasksTakenAheadOfLocalWork(globalQueueInterval: Int) throws -> Int {
            let run = try tracedRun(
                scenario(
                    workers: 1, costs: CostModel(), arrivals: .poisson(ratePerSecond: 30_000),
                    classes: [TaskClass(name: "t", weight: 1, steps: [
                        .cpu(.constant(10_000)), .io(.constant(1_000_000)), .cpu(.constant(10_000)),
                    ])],
                    warmup: 0, duration: 100 * milliseconds
                ) {
                    $0.profile = .tokio124   // 1.53's batch inject pulls would put inject tasks in the local queue
                    $0.globalQueueInterval = globalQueueInterval
                },
                seed: 15)
            var polled: Set<Int64> = []
            var ahead = 0
            for (index, event) in run.trace.enumerated() where event.kind == .pollStart {
                guard polled.insert(event.task).inserted else { continue }
                let depth = try #require(firstEvent(in: run.trace, after: index) { $0.kind == .runQueueDepth })
                if depth.value > 0 { ahead += 1 }
            }
            return ahead
        }
        #expect(try injectTasksTakenAheadOfLocalWork(globalQueueInterval: 61) > 10)
        #expect(try injectTasksTakenAheadOfLocalWork(globalQueueInterval: 1_000_000) == 0)
    }

    /// §1 "Notification": `worker_to_notify` (`I:51-82`) wakes a worker only if `num_searching == 0` and counts the
    /// woken worker as searching until it finds work, so two notified wake-ups are at least one wake-up apart.
    ///
    /// Intact: 3,066 wake-ups, none closer than 30 µs. Fails with `searchingCount == 0` dropped from
    /// `IdleWorkers.workerToNotify`: 3,997 gaps under 30 µs among 5,203 wake-ups.
    @Test("no worker is notified while another is searching: notified wake-ups are at least one wake-up latency apart")
    func noNotifyWhileSearching() throws {
        // CPU-only tasks and no timers: every wake-up comes from a notification, and each takes exactly 30 µs.
        let wakeUpLatency: Int64 = 30 * microseconds
        let run = try tracedRun(
            scenario(
                workers: 8,
                costs: CostModel(pollOverhead: 0, unparkLatency: wakeUpLatency, unparkLatencyP99: wakeUpLatency),
                arrivals: .poisson(ratePerSecond: 50_000),
                classes: [TaskClass(name: "t", weight: 1, steps: [.cpu(.constant(30_000))])],
                warmup: 0, duration: 100 * milliseconds),
            seed: 16)
        let wakeUps = run.trace.filter { $0.kind == .unpark }.map(\.time)
        let gaps = zip(wakeUps, wakeUps.dropFirst()).map { $1 - $0 }
        #expect(wakeUps.count > 500)
        #expect(gaps.filter { $0 < wakeUpLatency }.count == 0, "shortest gap \(gaps.min() ?? 0) ns")
    }

    /// §1 "Work stealing": a worker may become a searcher only while `2 * num_searching < num_workers` (`I:104-115`,
    /// same in 1.24). Not visible in a run's outputs, so checked on `IdleWorkers` itself.
    ///
    /// Fails with the guard in `transitionWorkerToSearching` changed to `searchingCount < workerCount`: every worker
    /// is admitted (2 of 2, 4 of 4, 5 of 5, 8 of 8).
    @Test("at most half the workers search at once: a worker may start searching only while 2 × searching < workers")
    func atMostHalfTheWorkersSearch() {
        for (workerCount, allowed) in [(1, 1), (2, 1), (4, 2), (5, 3), (8, 4)] {
            var idle = IdleWorkers(workerCount: workerCount)
            let admitted = (0..<workerCount).filter { _ in idle.transitionWorkerToSearching() }.count
            #expect(admitted == allowed, "\(workerCount) workers")
            #expect(idle.searchingCount == allowed)
        }
    }

    /// §3 "When exhausted": a Tokio resource that is ready returns Pending once the budget is spent and the task
    /// re-wakes itself (1.24 `coop.rs 1.24:180`); §1: in 1.24 a LIFO chain is bounded only by the budget
    /// (`W 1.24:468-495`).
    ///
    /// Intact: 19 forced yields. Fails with `guard budget > 0 else { return .budgetExhausted }` removed from the
    /// async `acquire`: 0 forced yields over 1,873 hand-offs.
    @Test("a yield-free chain of ready tasks runs until the coop budget is spent, then is forced to yield")
    func readyChainHitsTheBudget() throws {
        // A holder keeps the lock across 10 ms of I/O while ~100 short tasks queue for it; on release they pass the
        // lock down a LIFO chain, each spending 2 units (the lock's Ready and one inner lock) and never yielding.
        var scenario = scenario(
            workers: 2, costs: CostModel(), arrivals: .poisson(ratePerSecond: 10_000),
            classes: [
                TaskClass(name: "holder", weight: 1, steps: [
                    .acquire(primitive: 0, cleanup: .drop), .io(.constant(10_000_000)), .release(primitive: 0),
                ]),
                TaskClass(name: "short", weight: 200, steps: [
                    .acquire(primitive: 0, cleanup: .drop), .acquire(primitive: 1, cleanup: .drop),
                    .release(primitive: 1), .release(primitive: 0),
                ]),
            ],
            warmup: 0, duration: 300 * milliseconds
        ) { $0.profile = .tokio124 }   // 1.53 caps the chain at 3 LIFO polls per tick before the budget runs out
        scenario.workload.primitives = [
            SyncPrimitive(name: "outer", kind: .asyncMutex), SyncPrimitive(name: "inner", kind: .asyncMutex),
        ]
        let run = try ExecutorSimulation.run(scenario, seed: ReplicationSeed(experimentSeed: 17, point: 0, replication: 0))
        #expect(run.primitives[0].contendedAcquisitions > 1_000)
        #expect(run.budgetForcedYieldCount > 0)
    }

    /// §8: `worker_noop_count` counts unparks after which the worker polled nothing (1.24 `about_to_park`).
    ///
    /// Intact: 582 no-ops in 1,672 parks with 4 workers, 0 in 616 for a lone worker. Fails with the increment
    /// deleted from `countPark` (0 no-ops), and with its condition changed to `if true || …` (the lone worker
    /// counts 616).
    @Test("a worker woken that finds nothing to poll counts a no-op unpark")
    func noopUnparksAreCounted() throws {
        /// No-op unparks and parks over all workers.
        func noopsAndParks(workers: Int) throws -> (noops: Int, parks: Int) {
            let run = try ExecutorSimulation.run(
                scenario(
                    workers: workers, costs: CostModel(), arrivals: .poisson(ratePerSecond: 20_000),
                    classes: [TaskClass(name: "t", weight: 1, steps: [.cpu(.constant(20_000))])],
                    warmup: 10 * milliseconds, duration: 100 * milliseconds),
                seed: ReplicationSeed(experimentSeed: 18, point: 0, replication: 0))
            return (run.workers.reduce(0) { $0 + $1[.noop] }, run.workers.reduce(0) { $0 + $1[.park] })
        }
        // Four workers race for each arrival: a woken worker often finds it already taken by a busy one.
        let racing = try noopsAndParks(workers: 4)
        #expect(racing.noops > 0)
        #expect(racing.noops <= racing.parks)
        #expect(try noopsAndParks(workers: 1).noops == 0, "a lone worker always finds the task it was woken for")
    }
}
