import ExecutorModel
import Testing

/// Tokio's timer: 1 ms resolution, deadline rounded up, and a parked driver that sleeps whole ticks counted from the
/// truncated current tick (`reference/tokio-scheduler.md` §6 and §11).
@Suite("Driver and timers")
struct TimerTests {
    @Test("cpu 20us → sleep 1ms → cpu 20us on an idle 4-worker runtime takes about 2.1 ms, not 1.04 ms")
    func sleepRoundsUpTwice() throws {
        let runs = try replicate(
            scenario(
                workers: 4, costs: CostModel(), arrivals: .poisson(ratePerSecond: 20),
                classes: [TaskClass(name: "sleeper", weight: 1, steps: [
                    .cpu(.constant(20_000)), .sleep(.constant(1_000_000)), .cpu(.constant(20_000)),
                ])],
                warmup: 0, duration: 10 * seconds),
            replications: 1)
        let latency = runs[0].latency
        #expect(latency.count > 100)
        #expect(latency.min >= 1_040_000, "a 1 ms sleep never ends early")
        let median = latency.valueAtPercentile(50)
        #expect(median > 1_900_000 && median < 2_400_000, "median \(median) ns; measured on Tokio 1.24: ~2.1 ms")
        #expect(latency.max < 3_200_000)
    }

    @Test("I/O completions wait for the driver: a busy runtime with nobody parked delivers them late")
    func ioWaitsForDriverTurn() throws {
        // One worker, every task spins 200 µs of cpu then awaits 100 µs of I/O. While the worker is busy nobody
        // holds the driver, so a completion waits for the next park or the next event_interval tick.
        let busy = try replicate(
            scenario(
                workers: 1, arrivals: .poisson(ratePerSecond: 4_000),
                classes: [TaskClass(name: "t", weight: 1, steps: [
                    .cpu(.constant(200_000)), .io(.constant(100_000)), .cpu(.constant(1_000)),
                ])]),
            replications: 2)
        for run in busy {
            // I/O alone would add 100 µs; waiting for the driver adds more on top of cpu queueing.
            #expect(run.latency.valueAtPercentile(50) > 301_000)
        }
    }
}
