import ExecutorModel
import Testing

@Suite("spawn_local and block_in_place")
struct PinningAndBlockInPlaceTests {
    @Test("local tasks are never stolen: every poll of a task runs on the worker it was pinned to")
    func localTasksStayOnTheirWorker() throws {
        var scenario = scenario(
            workers: 4, costs: CostModel(), arrivals: .poisson(ratePerSecond: 4_000),
            classes: [TaskClass(name: "local", weight: 1, steps: [
                .cpu(.exponential(mean: 100_000)), .io(.constant(500_000)), .cpu(.exponential(mean: 100_000)),
            ], isLocal: true)],
            warmup: 0, duration: 1 * seconds)
        scenario.trace = TraceWindow(from: 0, to: 1 * seconds)
        let run = try ExecutorSimulation.run(scenario, seed: ReplicationSeed(experimentSeed: 4, point: 0, replication: 0))
        var threadOfTask: [Int64: Int32] = [:]
        var moved = 0
        for event in run.trace where event.kind == .pollStart {
            if let previous = threadOfTask[event.task], previous != event.thread { moved += 1 }
            threadOfTask[event.task] = event.thread
        }
        #expect(threadOfTask.count > 1_000)
        #expect(moved == 0)
        #expect(run.workers.reduce(0) { $0 + $1.stealCount } == 0)
    }

    @Test("block_in_place hands the core to another thread: queued tasks keep running while the caller blocks")
    func blockInPlaceFreesTheCore() throws {
        func run(_ call: Step) throws -> RunMetrics {
            try ExecutorSimulation.run(
                scenario(
                    workers: 2, costs: CostModel(), arrivals: .poisson(ratePerSecond: 3_000),
                    classes: [
                        TaskClass(name: "short", weight: 97, steps: [
                            .cpu(.exponential(mean: 100_000)), .io(.constant(300_000)), .cpu(.constant(20_000)),
                        ]),
                        TaskClass(name: "sync", weight: 3, steps: [.cpu(.constant(20_000)), call]),
                    ]),
                seed: ReplicationSeed(experimentSeed: 6, point: 0, replication: 0))
        }
        let blocking = try run(.block(.constant(5_000_000)))
        let inPlace = try run(.blockInPlace(.constant(5_000_000)))
        #expect(inPlace.blockInPlaceCount > 100)
        #expect(inPlace.blockingThreadsSpawned > 0, "each handoff takes a blocking-pool thread")
        #expect(inPlace.workers.allSatisfy { $0.blockedTime == 0 }, "no core is blocked")
        #expect(inPlace.latencyByClass[0].valueAtPercentile(99) < blocking.latencyByClass[0].valueAtPercentile(99))
        #expect(inPlace.tasksUnfinished == 0)
    }

    @Test("block_in_place is rejected on current_thread, where Tokio panics")
    func blockInPlaceNeedsMultiThread() {
        #expect(throws: ModelError.self) {
            _ = try ExecutorSimulation.run(
                scenario(
                    flavor: .currentThread, arrivals: .poisson(ratePerSecond: 10),
                    classes: [TaskClass(name: "t", weight: 1, steps: [.blockInPlace(.constant(1_000))])]),
                seed: ReplicationSeed(experimentSeed: 1, point: 0, replication: 0))
        }
    }
}
