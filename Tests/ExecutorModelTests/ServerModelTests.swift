import ExecutorModel
import Foundation
import SimStats
import Testing

/// Real-server features: the accept loop on a worker, child tasks, shared cores, closed-loop, bursty and replayed
/// arrivals. Each test names the change to the model that makes it fail.
@Suite("Modelling a real server")
struct ServerModelTests {
    /// A scenario whose workload has every class of `classes` and is spawned as `spawnedBy` says.
    func server(
        workers: Int = 2, costs: CostModel = .zero, arrivals: ArrivalProcess, spawnedBy: ArrivalSpawner = .outside,
        classes: [TaskClass], duration: Int64 = 1 * seconds, checksInvariants: Bool = false,
        configure: (inout RuntimeConfiguration) -> Void = { _ in }
    ) -> Scenario {
        var runtime = RuntimeConfiguration(flavor: .multiThread, workerThreads: workers, costs: costs)
        configure(&runtime)
        return Scenario(
            runtime: runtime,
            workload: Workload(arrivals: arrivals, classes: classes, spawnedBy: spawnedBy),
            warmup: 100 * milliseconds, duration: duration, checksInvariants: checksInvariants)
    }

    /// A handler that spawns a detached `audit` task and then blocks for 5 ms (tokio#4941's pattern).
    let spawnThenBlock = [
        TaskClass(name: "handler", weight: 1, steps: [.spawn(taskClass: 1), .block(.constant(5_000_000))]),
        TaskClass(name: "audit", weight: 0, steps: [.cpu(.constant(10_000))]),
    ]

    @Test("a task spawned into the LIFO slot of a worker that then blocks waits for the whole block")
    func lifoSlotOfBlockedWorker() throws {
        // Fails if spawns skip the LIFO slot (pushed to the queue, where the idle worker steals them at once), or if
        // lifo_blocked_* are not counted.
        let withSlot = try replicate(server(
            arrivals: .poisson(ratePerSecond: 50), spawnedBy: .acceptLoop, classes: spawnThenBlock,
            checksInvariants: true), replications: 3)
        let withoutSlot = try replicate(server(
            arrivals: .poisson(ratePerSecond: 50), spawnedBy: .acceptLoop, classes: spawnThenBlock
        ) { $0.lifoSlotEnabled = false }, replications: 3)
        for run in withSlot {
            #expect(run.latencyByClass[1].valueAtPercentile(50) >= 5_000_000, "audit waits behind the block")
            #expect(run[.lifoBlockedTasks] > 20)
            #expect(Double(run[.lifoBlockedWait]) >= 5e6 * Double(run[.lifoBlockedTasks]) * 0.99)
        }
        for run in withoutSlot {
            #expect(run.latencyByClass[1].valueAtPercentile(50) < 1_000_000, "the idle worker steals it")
            #expect(run[.lifoBlockedTasks] == 0)
        }
    }

    @Test("the accept loop runs on a worker and spawns each connection through its LIFO slot")
    func acceptLoopSpawnsLocally() throws {
        // Fails if accepted tasks are scheduled remotely, or the loop's polls and accept time are not counted.
        let costs = CostModel(pollOverhead: 0, unparkLatency: 30_000, unparkLatencyP99: 0, timedWakeOvershoot: 0,
                              threadSpawnCost: 0, acceptCost: 4_000)
        let classes = [TaskClass(name: "handler", weight: 1, steps: [.cpu(.constant(20_000)), .io(.constant(1_000_000))])]
        let accepted = try replicate(server(
            costs: costs, arrivals: .poisson(ratePerSecond: 2_000), spawnedBy: .acceptLoop, classes: classes,
            duration: 300 * milliseconds, checksInvariants: true), replications: 2)
        let outside = try replicate(server(
            costs: costs, arrivals: .poisson(ratePerSecond: 2_000), classes: classes, duration: 300 * milliseconds),
            replications: 2)
        for (run, reference) in zip(accepted, outside) {
            #expect(run[.remoteSchedule] == 0, "only the loop's own start is remote, before the window")
            #expect(reference[.remoteSchedule] >= reference.tasksArrived)
            #expect(run[.acceptLoopPolls] > 0 && run[.acceptLoopPolls] <= run.tasksArrived)
            // Every accept costs 4 µs of the loop's poll time.
            #expect(Double(run[.acceptLoopTime]) >= 4_000 * Double(run.tasksArrived) * 0.95)
            #expect(reference[.acceptLoopPolls] == 0)
        }
    }

    @Test("a join's parent finishes after its slowest child; children count in their class only")
    func joinWaitsForAllChildren() throws {
        // Fails if the parent is woken by the first child (or never), or if children count as requests.
        let classes = [
            TaskClass(name: "parent", weight: 1, steps: [.cpu(.constant(10_000)), .join(taskClasses: [1, 2, 1]), .cpu(.constant(10_000))]),
            TaskClass(name: "fast", weight: 0, steps: [.io(.constant(1_000_000))]),
            TaskClass(name: "slow", weight: 0, steps: [.io(.constant(3_000_000))]),
        ]
        let runs = try replicate(server(
            arrivals: .poisson(ratePerSecond: 500), classes: classes, checksInvariants: true), replications: 2)
        for run in runs {
            #expect(run.latencyByClass[0].min >= 3_020_000, "parent ≥ slowest child + its own cpu")
            #expect(run.latencyByClass[2].min >= 3_000_000)
            #expect(run.latencyByClass[1].count == 2 * run.latencyByClass[0].count, "two fast children each")
            #expect(run.latency.count == run.latencyByClass[0].count, "only requests in the overall latency")
            #expect(run[.childTasksSpawned] >= 3 * run.tasksArrived - 10)
        }
    }

    @Test("one core shared by 4 workers is one processor-sharing server: M/M/1 mean sojourn 1/(μ−λ)")
    func sharedCoreIsProcessorSharing() throws {
        // Without core sharing the 4 workers form an M/M/4 queue (mean ≈ 100 µs here), far below the 200 µs.
        let serviceMean = 100_000.0, rate = 5_000.0
        let runs = try replicate(server(
            workers: 4, arrivals: .poisson(ratePerSecond: rate),
            classes: [TaskClass(name: "job", weight: 1, steps: [.cpu(.exponential(mean: serviceMean))])],
            duration: 4 * seconds) { $0.cores = 1 })
        let expected = 1e9 / (1e9 / serviceMean - rate) // 200 µs
        let mean = try interval(runs, meanLatency)
        #expect(mean.lower * 0.999 <= expected && expected <= mean.upper * 1.001, "mean \(mean) vs \(expected)")
        #expect(mean.halfWidth / mean.mean < 0.05)
    }

    @Test("processor sharing with constant work: M/D/1-PS mean sojourn S/(1−ρ), not FCFS's S + ρS/(2(1−ρ))")
    func sharedCoreIsInsensitive() throws {
        // 64 workers make the FCFS queue in front of the core negligible (P(n > 64) = 0.5^65). FCFS would give 150 µs.
        let serviceMean = 100_000.0, rate = 5_000.0
        let runs = try replicate(server(
            workers: 64, arrivals: .poisson(ratePerSecond: rate),
            classes: [TaskClass(name: "job", weight: 1, steps: [.cpu(.constant(serviceMean))])],
            duration: 2 * seconds) { $0.cores = 1 })
        let expected = serviceMean / (1 - rate * serviceMean / 1e9) // 200 µs
        let mean = try interval(runs, meanLatency)
        #expect(mean.lower * 0.999 <= expected && expected <= mean.upper * 1.001, "mean \(mean) vs \(expected)")
    }

    @Test("spawn_blocking closures run their cpu and block steps; cpu steps share the cores")
    func closureOnSharedCores() throws {
        // A parent joins two children that each offload 1 ms of cpu: on their own cores the closures overlap and the
        // parent takes 1 ms; sharing one core, both finish at 2 ms. A closure's block step needs no core.
        let classes = [
            TaskClass(name: "parent", weight: 1, steps: [.join(taskClasses: [1, 1])]),
            TaskClass(name: "offload", weight: 0, steps: [.spawnBlockingClosure(steps: 2), .cpu(.constant(1_000_000)), .block(.constant(500_000))]),
        ]
        let ownCores = try replicate(server(arrivals: .constantRate(ratePerSecond: 100), classes: classes), replications: 2)
        let oneCore = try replicate(server(
            arrivals: .constantRate(ratePerSecond: 100), classes: classes, checksInvariants: true) { $0.cores = 1 },
            replications: 2)
        for run in ownCores {
            #expect(abs(Double(run.latency.valueAtPercentile(50)) - 1_500_000) < 5_000)
        }
        for run in oneCore {
            #expect(abs(Double(run.latency.valueAtPercentile(50)) - 2_500_000) < 5_000)
        }
    }

    @Test("closed loop: throughput × (think + latency) = clients (Little's law)")
    func closedLoopLittle() throws {
        // Fails if a client sends its next request before the previous completed, or never.
        let clients = 8
        let think = 1_000_000.0
        let runs = try replicate(server(
            arrivals: .closed(clients: clients, think: .exponential(mean: think)),
            classes: [TaskClass(name: "job", weight: 1, steps: [.cpu(.exponential(mean: 200_000)), .io(.constant(300_000))])],
            duration: 2 * seconds), replications: 5)
        for run in runs {
            let population = run.throughputPerSecond * (think + run.latency.mean) / 1e9
            #expect(abs(population - Double(clients)) / Double(clients) < 0.02, "population \(population)")
        }
    }

    @Test("on/off arrivals: the mean rate is rate × on / (on + off), arrivals only while on")
    func onOffRate() throws {
        let process = ArrivalProcess.onOff(
            ratePerSecond: 4_000, on: .exponential(mean: 20_000_000), off: .exponential(mean: 60_000_000))
        let runs = try replicate(server(
            arrivals: process, classes: [TaskClass(name: "job", weight: 1, steps: [.cpu(.constant(10_000))])],
            duration: 10 * seconds), replications: 5)
        let rate = try interval(runs) { Double($0.tasksArrived) / 10 }
        #expect(rate.lower * 0.97 <= 1_000 && 1_000 <= rate.upper * 1.03, "rate \(rate)")
        // Bursts queue: at 4,000/s × 200 µs on 1 worker... here the loads are light; the burst shows in the count's
        // spread, far above a Poisson process's √n.
        let counts = runs.map { Double($0.tasksArrived) }
        let meanCount = counts.reduce(0, +) / Double(counts.count)
        let variance = counts.map { ($0 - meanCount) * ($0 - meanCount) }.reduce(0, +) / Double(counts.count - 1)
        #expect(variance > 4 * meanCount, "bursty: variance \(variance) vs Poisson \(meanCount)")
    }

    @Test("a replayed log gives every replication the same arrivals and classes")
    func replayIsFixed() throws {
        let requests = (0..<400).map { ReplayedRequest(arrival: 100_000_000 + Int64($0) * 2_000_000, taskClass: $0 % 4 == 0 ? 1 : 0) }
        let classes = [
            TaskClass(name: "a", weight: 1, steps: [.cpu(.exponential(mean: 50_000))]),
            TaskClass(name: "b", weight: 0, steps: [.io(.exponential(mean: 1_000_000))]),
        ]
        let runs = try replicate(server(arrivals: .replay(requests), classes: classes, checksInvariants: true), replications: 3)
        for run in runs {
            #expect(run.tasksArrived == 400)
            #expect(run.latencyByClass[1].count == 100)
            #expect(run.latencyByClass[0].count == 300)
        }
        #expect(runs[0].latency.mean != runs[1].latency.mean, "step durations still differ")
    }

    @Test("a class that spawns itself, directly or through another, is rejected")
    func endlessSpawningRejected() {
        let classes = [
            TaskClass(name: "a", weight: 1, steps: [.spawn(taskClass: 1)]),
            TaskClass(name: "b", weight: 0, steps: [.join(taskClasses: [0])]),
        ]
        #expect(throws: ModelError.self) { try server(arrivals: .poisson(ratePerSecond: 10), classes: classes).validate() }
    }
}
