import ExecutorModel
import SimStats
import Testing

/// The story simexec exists to tell: a blocking call inside a task stalls its worker and every task queued behind it.
@Suite("Blocking versus yielding")
struct BlockingVersusYieldingTests {
    /// 2 workers, 4,000 tasks/s; 98% of tasks do cpu → 1 ms I/O → cpu (0.4 workers' worth of cpu), 2% make a
    /// 5 ms call as `call` (another 0.4 workers' worth if it blocks).
    func service(_ call: Step) -> Scenario {
        scenario(
            workers: 2, costs: CostModel(), arrivals: .poisson(ratePerSecond: 4_000),
            classes: [
                TaskClass(name: "handler", weight: 98, steps: [
                    .cpu(.exponential(mean: 80_000)), .io(.constant(1_000_000)), .cpu(.constant(20_000)),
                ]),
                TaskClass(name: "sync_call", weight: 2, steps: [
                    .cpu(.exponential(mean: 50_000)), call, .cpu(.constant(20_000)),
                ]),
            ],
            duration: 2 * seconds)
    }

    /// p99 latency of the handler class: the tasks that queue behind a blocked worker.
    func handlerP99(_ run: RunMetrics) -> Double {
        Double(run.latencyByClass[0].valueAtPercentile(99))
    }

    @Test("a 5 ms block in 2% of tasks raises p99; spawn_blocking brings it back near the yielding case")
    func blockingRaisesTailLatency() throws {
        let fiveMilliseconds = Distribution.constant(5_000_000)
        let yielding = try interval(replicate(service(.io(fiveMilliseconds))), handlerP99)
        let blocking = try interval(replicate(service(.block(fiveMilliseconds))), handlerP99)
        let offloaded = try interval(replicate(service(.spawnBlocking(fiveMilliseconds))), handlerP99)
        #expect(blocking.lower > yielding.upper * 1.2, "block p99 \(blocking) vs io p99 \(yielding)")
        #expect(offloaded.mean < yielding.mean * 1.15, "spawn_blocking p99 \(offloaded) vs io p99 \(yielding)")
        #expect(offloaded.mean < blocking.mean, "spawn_blocking p99 \(offloaded) vs block p99 \(blocking)")
    }

    @Test("blocking shows up as worker blocked time and executor stalls")
    func blockingIsMeasuredAsStall() throws {
        let blocking = try replicate(service(.block(.constant(5_000_000))), replications: 2)
        let yielding = try replicate(service(.io(.constant(5_000_000))), replications: 2)
        for run in blocking {
            let blocked = run.workers.reduce(0) { $0 + $1.blockedTime }
            // 2% of 2,000 tasks/s block ~5.1 ms each: ~0.2 worker-seconds per second of window.
            #expect(Double(blocked) / Double(run.measuredDuration) > 0.15)
            #expect(run.stalls.stallTime > 0)
        }
        for run in yielding {
            #expect(run.workers.allSatisfy { $0.blockedTime == 0 })
            #expect(run.stalls.stallTime == 0)
        }
    }

    @Test("current_thread: one blocking task delays every task behind it by the blocking time")
    func currentThreadBlockingDelaysEveryone() throws {
        let classes = [
            TaskClass(name: "short", weight: 1, steps: [.cpu(.constant(10_000))]),
        ]
        let blocker = TaskClass(name: "blocker", weight: 0.001, steps: [.block(.constant(20_000_000))])
        let quiet = try replicate(
            scenario(flavor: .currentThread, arrivals: .constantRate(ratePerSecond: 1_000), classes: classes),
            replications: 3)
        let blocked = try replicate(
            scenario(flavor: .currentThread, arrivals: .constantRate(ratePerSecond: 1_000),
                     classes: classes + [blocker]),
            replications: 3)
        for run in quiet {
            #expect(run.latencyByClass[0].max < 100_000, "without the blocker, a 10 µs task finishes within 100 µs")
        }
        for run in blocked where run.latencyByClass[1].count > 0 {
            // A task that arrives just after the blocker waits for the whole 20 ms block.
            #expect(run.latencyByClass[0].max >= 19 * milliseconds)
            #expect(run.stalls.longestStall >= 19 * milliseconds)
        }
        #expect(blocked.contains { $0.latencyByClass[1].count > 0 }, "the blocker must have run at least once")
    }
}
