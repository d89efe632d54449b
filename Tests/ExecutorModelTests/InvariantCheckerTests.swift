@testable import ExecutorModel
import SimKernel
import Testing

/// The invariant checker: each family catches a deliberately corrupted state, and checking changes nothing.
@Suite("Invariant checker")
struct InvariantCheckerTests {
    /// `mixedWorkload` for 200 ms, checked.
    static func mixed(_ flavor: RuntimeFlavor = .multiThread) -> Scenario {
        checked(mixedWorkload(flavor, duration: 200 * milliseconds))
    }

    static func checked(_ scenario: Scenario) -> Scenario {
        var checked = scenario
        checked.checksInvariants = true
        return checked
    }

    /// One short scenario per mechanism of the model, with default (random) costs.
    static let tour: [String: Scenario] = {
        func short(
            workers: Int = 2, rate: Double, _ classes: [TaskClass], primitives: [SyncPrimitive] = [],
            configure: (inout RuntimeConfiguration) -> Void = { _ in }
        ) -> Scenario {
            var result = scenario(
                workers: workers, costs: CostModel(), arrivals: .poisson(ratePerSecond: rate), classes: classes,
                warmup: 20 * milliseconds, duration: 300 * milliseconds, configure: configure)
            result.workload.primitives = primitives
            return checked(result)
        }
        return [
            "mixed multi_thread": mixed(.multiThread),
            "mixed current_thread": mixed(.currentThread),
            "locks, timeouts and leaks": short(rate: 1_500, [
                TaskClass(name: "std", weight: 2, steps: [
                    .cpu(.constant(10_000)), .acquire(primitive: 0, cleanup: .drop), .block(.exponential(mean: 50_000)),
                    .release(primitive: 0), .io(.exponential(mean: 500_000)),
                ]),
                TaskClass(name: "async", weight: 2, steps: [
                    .timeout(.constant(2_000_000), steps: 3, onTimeout: .continue),
                    .acquire(primitive: 1, cleanup: .drop), .io(.exponential(mean: 300_000)), .release(primitive: 1),
                    .cpu(.constant(5_000)),
                ]),
                TaskClass(name: "permit", weight: 1, steps: [
                    .timeout(.constant(1_500_000), steps: 4, onTimeout: .end),
                    .acquire(primitive: 2, cleanup: .afterAwait), .sleep(.exponential(mean: 1_000_000)),
                    .yield, .release(primitive: 2), .cpu(.constant(5_000)),
                ]),
            ], primitives: [
                SyncPrimitive(name: "cache", kind: .stdMutex), SyncPrimitive(name: "db", kind: .asyncMutex),
                SyncPrimitive(name: "pool", kind: .semaphore(permits: 3)),
            ]),
            "select and timeouts": short(rate: 1_000, [
                TaskClass(name: "race", weight: 1, steps: [
                    .select(first: 2, second: 2), .io(.exponential(mean: 1_000_000)), .cpu(.constant(10_000)),
                    .sleep(.exponential(mean: 1_000_000)), .block(.constant(100_000)), .cpu(.constant(5_000)),
                ]),
                TaskClass(name: "bounded", weight: 1, steps: [
                    .timeout(.constant(1_000_000), steps: 3, onTimeout: .end), .select(first: 1, second: 1),
                    .spawnBlocking(.exponential(mean: 800_000)), .io(.exponential(mean: 800_000)),
                    .cpu(.constant(5_000)),
                ]),
            ]) { $0.maxBlockingThreads = 2 },
            "block_in_place": short(workers: 3, rate: 400, [
                TaskClass(name: "in_place", weight: 1, steps: [
                    .cpu(.constant(20_000)), .blockInPlace(.exponential(mean: 1_000_000)),
                    .blockInPlace(.constant(200_000)), .io(.exponential(mean: 300_000)), .cpu(.constant(10_000)),
                ]),
                TaskClass(name: "plain", weight: 3, steps: [.cpu(.exponential(mean: 50_000)), .yield]),
            ]) { $0.maxBlockingThreads = 1 },
            "local tasks": short(workers: 3, rate: 3_000, [
                TaskClass(name: "local", weight: 1, steps: [
                    .cpu(.constant(30_000)), .acquire(primitive: 0, cleanup: .drop), .io(.exponential(mean: 200_000)),
                    .release(primitive: 0), .yield, .cpu(.constant(10_000)),
                ], isLocal: true),
                TaskClass(name: "spawned", weight: 2, steps: [.cpu(.exponential(mean: 40_000)), .sleep(.constant(500_000))]),
            ], primitives: [SyncPrimitive(name: "state", kind: .stdMutex)]),
            "small local queues, no LIFO slot": short(rate: 8_000, [
                TaskClass(name: "t", weight: 1, steps: [
                    .cpu(.constant(20_000)), .io(.exponential(mean: 1_000_000)), .cpu(.constant(20_000)), .yield,
                    .cpu(.constant(10_000)),
                ]),
            ]) {
                $0.localQueueCapacity = 4
                $0.lifoSlotEnabled = false
            },
        ]
    }()

    /// Runs `scenario` with checks, event by event, until `condition` holds after an event.
    func simulation(
        _ scenario: Scenario, until condition: (RuntimeSimulation) -> Bool,
        sourceLocation: SourceLocation = #_sourceLocation
    ) throws -> RuntimeSimulation {
        var simulation = RuntimeSimulation(
            scenario: scenario, seed: ReplicationSeed(experimentSeed: 1, point: 0, replication: 0))
        simulation.start()
        while !condition(simulation) {
            guard try simulation.step(notAfter: .max) else {
                Issue.record("the run ended before the state was reached", sourceLocation: sourceLocation)
                break
            }
        }
        return simulation
    }

    /// The violation the checker reports for `simulation`, or nil.
    func violation(in simulation: RuntimeSimulation) -> InvariantViolation? {
        var copy = simulation
        do {
            try copy.checkInvariants()
            return nil
        } catch {
            guard case let .invariantViolated(violation) = error else { return nil }
            return violation
        }
    }

    /// A live task waiting in a run queue (inject or local), if any.
    func queuedTask(_ simulation: RuntimeSimulation) -> TaskID? {
        simulation.inject.first ?? simulation.workers.lazy.compactMap(\.runQueue.first).first
    }

    @Test("task placement: a task in two run queues, and a completed task left in one")
    func taskPlacement() throws {
        let sim = try simulation(Self.mixed()) { queuedTask($0) != nil }
        let task = try #require(queuedTask(sim))
        sim.workers[2].runQueue.append(task)
        let twice = try #require(violation(in: sim))
        #expect(twice.invariant == .taskPlacement)
        #expect(twice.task == sim.tasks[task].serial)
        #expect(twice.detail.contains("2 places at once"))
        #expect(twice.detail.contains("the local queue of worker 2"))

        var completed = try simulation(Self.mixed()) { !$0.tasks.freeSlots.isEmpty }
        completed.inject.append(completed.tasks.freeSlots[0])
        let stale = try #require(violation(in: completed))
        #expect(stale.invariant == .taskPlacement)
        #expect(stale.detail.contains("which has completed"))
    }

    @Test("wake-up source: a task awaiting I/O whose completion no longer matches it is never woken")
    func wakeSource() throws {
        func suspendedOnIO(_ sim: RuntimeSimulation) -> TaskID? {
            sim.tasks.records.indices.lazy.map { TaskID(slot: $0) }.first { task in
                sim.tasks[task].awaiting == .io && !sim.tasks[task].isScheduled
                    && !sim.tasks.freeSlots.contains(task) && !sim.workers.contains { $0.currentTask == task }
            }
        }
        var sim = try simulation(Self.mixed()) { suspendedOnIO($0) != nil }
        let task = try #require(suspendedOnIO(sim))
        sim.tasks[task].generation &+= 1
        let lost = try #require(violation(in: sim))
        #expect(lost.invariant == .wakeSource)
        #expect(lost.task == sim.tasks[task].serial)
        #expect(lost.detail.contains("awaits I/O"))
    }

    @Test("monotonic time: the clock going back, and a wake-up in the future")
    func monotonicTime() throws {
        var sim = try simulation(Self.mixed()) { $0.now > 10 * milliseconds }
        var back = sim
        back.lastCheckedTime = sim.now + 1
        #expect(violation(in: back)?.invariant == .monotonicTime)
        let task = try #require(sim.tasks.records.indices.first { !sim.tasks.freeSlots.contains(TaskID(slot: $0)) })
        sim.tasks[TaskID(slot: task)].wokenAt = sim.now + 1
        let future = try #require(violation(in: sim))
        #expect(future.invariant == .monotonicTime)
        #expect(future.task == sim.tasks[TaskID(slot: task)].serial)
    }

    @Test("thread state: a parked worker made idle between events")
    func threadState() throws {
        let sim = try simulation(Self.mixed()) { $0.workers.contains { $0.activity == .parkedOnCondvar } }
        let worker = try #require(sim.workers.firstIndex { $0.activity == .parkedOnCondvar })
        sim.workers[worker].activity = .idle
        let idle = try #require(violation(in: sim))
        #expect(idle.invariant == .threadState)
        #expect(idle.worker == worker)
        #expect(idle.detail.contains("idle between events"))
    }

    @Test("idle workers: a searcher counted that no worker is")
    func idleWorkers() throws {
        var sim = try simulation(Self.mixed()) { $0.idle.searchingCount == 0 && !$0.idle.sleepers.isEmpty }
        let becameSearcher = sim.idle.transitionWorkerToSearching()
        #expect(becameSearcher)
        let searching = try #require(violation(in: sim))
        #expect(searching.invariant == .idleWorkers)
        #expect(searching.detail.contains("1 workers count as searching, but 0"))
    }

    @Test("driver: a timer left at a tick the driver has already processed")
    func driver() throws {
        var sim = try simulation(Self.mixed()) { $0.driver.elapsedTick > 5 }
        sim.driver.timers.push(TimerEntry(task: TaskID(slot: 0), token: 0, isTimeout: true), at: sim.driver.elapsedTick - 1)
        let overdue = try #require(violation(in: sim))
        #expect(overdue.invariant == .driver)
        #expect(overdue.detail.contains("already processed"))
    }

    @Test("blocking pool: an idle thread missing from the idle list")
    func blockingPool() throws {
        var sim = try simulation(Self.mixed()) { !$0.pool.idleThreads.isEmpty }
        sim.pool.idleThreads.removeAll()
        let unlisted = try #require(violation(in: sim))
        #expect(unlisted.invariant == .blockingPool)
        #expect(unlisted.detail.contains("is idle"))
    }

    @Test("locks and permits: a permit created from nothing", arguments: [SyncPrimitive.Kind.asyncMutex, .semaphore(permits: 2)])
    func locks(kind: SyncPrimitive.Kind) throws {
        var contended = scenario(
            workers: 2, costs: CostModel(), arrivals: .poisson(ratePerSecond: 2_000),
            classes: [TaskClass(name: "q", weight: 1, steps: [
                .acquire(primitive: 0, cleanup: .drop), .io(.constant(2_000_000)), .release(primitive: 0),
            ])])
        contended.workload.primitives = [SyncPrimitive(name: "db", kind: kind)]
        var sim = try simulation(contended) { $0.primitives[0].available == 0 }
        sim.primitives[0].available += 1
        let created = try #require(violation(in: sim))
        #expect(created.invariant == .locks)
        #expect(created.detail.hasPrefix("db"))
    }

    @Test("queue capacity: a LIFO slot on current_thread")
    func queueCapacity() throws {
        let sim = try simulation(Self.mixed(.currentThread)) { !$0.workers[0].runQueue.isEmpty }
        sim.workers[0].lifoSlot = sim.workers[0].runQueue.removeFirst()
        let slot = try #require(violation(in: sim))
        #expect(slot.invariant == .queueCapacity)
        #expect(slot.worker == 0)
    }

    @Test("queue capacity: a worker with work to steal that the set of stealable workers leaves out")
    func stealableWorkers() throws {
        let sim = try simulation(Self.mixed()) { sim in
            (0..<sim.workerCount).contains { !sim.workers[$0].runQueue.isEmpty }
        }
        let worker = try #require((0..<sim.workerCount).first { !sim.workers[$0].runQueue.isEmpty })
        var missing = sim
        missing.stealableWorkers.update(worker, isMember: false)
        let left = try #require(violation(in: missing))
        #expect(left.invariant == .queueCapacity)
        #expect(left.worker == worker)
        #expect(left.detail.contains("has work to steal"))
    }

    @Test("metrics: a negative counter, and a task in flight that is not alive")
    func metrics() throws {
        let sim = try simulation(Self.mixed()) { $0.recorder.metrics.tasksArrived > 0 }
        let slowPolls = sim.recorder[.slowPolls]
        var negative = sim
        negative.recorder.count(.slowPolls, by: -1 - slowPolls, at: sim.windowStart)
        let counter = try #require(violation(in: negative))
        #expect(counter.invariant == .metrics)
        #expect(counter.detail == "the slowPolls counter is negative: -1")
        // The counters are kept in place and shared by copies of the simulation: undo before the next corruption.
        negative.recorder.count(.slowPolls, by: 1 + slowPolls, at: sim.windowStart)
        #expect(violation(in: sim) == nil)
        var lost = sim
        lost.measuredInFlight += 1
        #expect(violation(in: lost)?.invariant == .metrics)
    }

    @Test("a violation stops the run with a message naming the invariant, the task and the time")
    func message() throws {
        var sim = try simulation(Self.mixed()) { queuedTask($0) != nil }
        let task = try #require(queuedTask(sim))
        sim.workers[1].deferred.append(task)
        #expect(throws: ModelError.self) { try sim.checkInvariants() }
        let error = ModelError.invariantViolated(try #require(violation(in: sim)))
        #expect(error.description.hasPrefix("model invariant violated (task placement) at t = "))
        #expect(error.description.contains("task #\(sim.tasks[task].serial) (class "))
        #expect(error.description.hasSuffix("this is a bug in simexec's model, not in the experiment"))
    }

    @Test("every mechanism of the model runs without a violation", arguments: tour.keys.sorted())
    func tourHasNoViolation(name: String) throws {
        let scenario = try #require(Self.tour[name])
        for replication in 0..<2 {
            let run = try ExecutorSimulation.run(
                scenario, seed: ReplicationSeed(experimentSeed: 11, point: 0, replication: replication))
            #expect(run.tasksArrived > 50)
        }
    }

    @Test("checking is off by default and changes no metric", arguments: RuntimeFlavor.allCases)
    func checkingChangesNothing(flavor: RuntimeFlavor) throws {
        var unchecked = Self.mixed(flavor)
        unchecked.checksInvariants = false
        #expect(Scenario(runtime: unchecked.runtime, workload: unchecked.workload, warmup: 0, duration: 1)
            .checksInvariants == false)
        let seed = ReplicationSeed(experimentSeed: 5, point: 0, replication: 0)
        let plain = try ExecutorSimulation.run(unchecked, seed: seed)
        let checked = try ExecutorSimulation.run(Self.mixed(flavor), seed: seed)
        #expect(plain.latency == checked.latency)
        #expect(plain.workers == checked.workers)
        #expect(plain.eventsProcessed == checked.eventsProcessed)
        #expect(plain.tasksArrived > 100)
    }
}
