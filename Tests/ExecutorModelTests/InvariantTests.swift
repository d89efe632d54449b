import ExecutorModel
import Testing

@Suite("Invariants")
struct InvariantTests {
    func mixed(_ flavor: RuntimeFlavor) -> Scenario {
        mixedWorkload(flavor, duration: 1 * seconds)
    }

    @Test("no task is lost or duplicated: arrived = completed + unfinished", arguments: RuntimeFlavor.allCases)
    func conservation(flavor: RuntimeFlavor) throws {
        for run in try replicate(mixed(flavor), replications: 3) {
            #expect(run.tasksArrived > 500)
            #expect(run.tasksArrived == run.tasksCompleted + run.tasksUnfinished)
            #expect(run.tasksUnfinished == 0)
            #expect(run.latency.count == UInt64(run.tasksCompleted))
            #expect(run.firstPollDelay.count == UInt64(run.tasksArrived))
        }
    }

    @Test("worker time adds up to at most the window", arguments: RuntimeFlavor.allCases)
    func timeAccounting(flavor: RuntimeFlavor) throws {
        for run in try replicate(mixed(flavor), replications: 2) {
            for worker in run.workers {
                let accounted = worker.busyTime + worker.blockedTime + worker.parkedTime
                #expect(accounted <= run.measuredDuration)
                #expect(accounted > run.measuredDuration * 9 / 10)
            }
        }
    }

    @Test("the same seed gives identical results; another seed gives different ones")
    func determinism() throws {
        let seed = ReplicationSeed(experimentSeed: 7, point: 0, replication: 0)
        let first = try ExecutorSimulation.run(mixed(.multiThread), seed: seed)
        let second = try ExecutorSimulation.run(mixed(.multiThread), seed: seed)
        #expect(first.latency == second.latency)
        #expect(first.workers == second.workers)
        #expect(first.eventsProcessed == second.eventsProcessed)
        let other = try ExecutorSimulation.run(
            mixed(.multiThread), seed: ReplicationSeed(experimentSeed: 8, point: 0, replication: 0))
        #expect(other.latency != first.latency)
    }

    @Test("an arrival rate beyond capacity stops with a clear overload error instead of running forever")
    func overloadIsReported() {
        var overloaded = scenario(
            workers: 1, arrivals: .poisson(ratePerSecond: 20_000),
            classes: [TaskClass(name: "slow", weight: 1, steps: [.cpu(.constant(100_000))])])
        overloaded.maxLiveTasks = 10_000
        #expect(throws: ModelError.self) {
            _ = try ExecutorSimulation.run(overloaded, seed: ReplicationSeed(experimentSeed: 1, point: 0, replication: 0))
        }
    }
}

@Suite("Memory")
struct MemoryTests {
    @Test("memory follows live tasks, not simulated time: a 10× longer run keeps the same task-table peak")
    func memoryIsFlatInSimulatedTime() throws {
        func peak(_ duration: Int64) throws -> (live: Int, completed: Int) {
            let run = try ExecutorSimulation.run(
                scenario(
                    workers: 2, costs: CostModel(), arrivals: .poisson(ratePerSecond: 2_000),
                    classes: [TaskClass(name: "t", weight: 1, steps: [
                        .cpu(.exponential(mean: 100_000)), .io(.constant(2_000_000)), .cpu(.constant(10_000)),
                    ])],
                    warmup: 0, duration: duration),
                seed: ReplicationSeed(experimentSeed: 3, point: 0, replication: 0))
            return (run.liveTasksPeak, run.tasksCompleted)
        }
        let short = try peak(1 * seconds)
        let long = try peak(10 * seconds)
        #expect(long.completed > 9 * short.completed)
        // Little's law: ~2,000/s × ~2.3 ms ≈ 5 live tasks on average; peaks stay in the tens either way.
        #expect(long.live < 2 * short.live + 10, "peak live tasks \(short.live) → \(long.live)")
    }
}
