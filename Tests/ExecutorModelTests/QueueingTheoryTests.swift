import ExecutorModel
import Foundation
import SimStats
import Testing

/// With zero runtime costs and `cpu`-only tasks the executor is a queueing system whose answers are known in closed
/// form (`reference/des-statistics.md` §3). Each check asks whether the closed form lies inside the 95% Student-t
/// interval of 10 replications, widened by the stated tolerance for histogram quantisation (0.1% relative).
@Suite("Closed-form queueing results")
struct QueueingTheoryTests {
    /// 100 µs mean service, 5,000 tasks/s: ρ = 0.5.
    let serviceMean = 100_000.0
    let rate = 5_000.0

    func covers(_ interval: ConfidenceInterval, _ expected: Double, slack: Double = 0.001) -> Bool {
        interval.lower * (1 - slack) <= expected && expected <= interval.upper * (1 + slack)
    }

    @Test("one worker, Poisson arrivals, exponential cpu: M/M/1 mean and p99 sojourn")
    func mm1() throws {
        // 10 × 20,000 tasks: the mean's interval is about ±1.5% wide (des-statistics.md §3.6). The p99 is FIFO's:
        // Tokio 1.24 takes one inject task at a time. Tokio 1.53 pulls a batch into the local queue and checks the
        // inject queue first every 2 ticks at this poll time (200 µs / 100 µs), so newer tasks overtake older ones:
        // its p99 is 967 ± 33 µs against FIFO's 921 µs, with the same mean.
        let runs = try replicate(scenario(
            workers: 1, arrivals: .poisson(ratePerSecond: rate),
            classes: [TaskClass(name: "job", weight: 1, steps: [.cpu(.exponential(mean: serviceMean))])],
            duration: 4 * seconds
        ) { $0.profile = .tokio124 })
        let mu = 1e9 / serviceMean
        let meanSojourn = 1e9 / (mu - rate)           // 200 µs
        let p99Sojourn = -log(0.01) / (mu - rate) * 1e9 // 921 µs: the sojourn time is Exponential(μ − λ)
        let mean = try interval(runs, meanLatency)
        let p99 = try interval(runs, latencyPercentile(99))
        #expect(covers(mean, meanSojourn), "mean \(mean) vs \(meanSojourn)")
        #expect(covers(p99, p99Sojourn), "p99 \(p99) vs \(p99Sojourn)")
        #expect(mean.halfWidth / mean.mean < 0.05, "the test must be able to fail: ±\(mean.halfWidth)")
    }

    @Test("one worker, deterministic cpu: M/D/1 (Pollaczek–Khinchine)")
    func md1() throws {
        let runs = try replicate(scenario(
            workers: 1, arrivals: .poisson(ratePerSecond: rate),
            classes: [TaskClass(name: "job", weight: 1, steps: [.cpu(.constant(serviceMean))])]))
        let rho = rate * serviceMean / 1e9
        let meanSojourn = serviceMean + rho * serviceMean / (2 * (1 - rho)) // 150 µs
        let mean = try interval(runs, meanLatency)
        #expect(covers(mean, meanSojourn), "mean \(mean) vs \(meanSojourn)")
    }

    @Test("four workers at moderate load approach M/M/c (Erlang C)")
    func mmc() throws {
        let workers = 4
        let rate = 20_000.0 // a = 2 busy workers on average: ρ = 0.5
        let runs = try replicate(scenario(
            workers: workers, arrivals: .poisson(ratePerSecond: rate),
            classes: [TaskClass(name: "job", weight: 1, steps: [.cpu(.exponential(mean: serviceMean))])],
            duration: 1 * seconds))
        let expected = erlangCMeanSojourn(servers: workers, arrivalRate: rate, serviceMean: serviceMean) // 108.7 µs
        let mean = try interval(runs, meanLatency)
        // Work stealing and the inject queue make the pool close to, not exactly, one shared FIFO queue: 3%.
        #expect(covers(mean, expected, slack: 0.03), "mean \(mean) vs Erlang C \(expected)")
        // And far from 4 separate M/M/1 queues (no sharing), which would give 200 µs.
        #expect(mean.upper < 150_000)
    }

    /// Mean sojourn time of M/M/c in ns, through the Erlang B recursion.
    func erlangCMeanSojourn(servers: Int, arrivalRate: Double, serviceMean: Double) -> Double {
        let offered = arrivalRate * serviceMean / 1e9
        var erlangB = 1.0
        for k in 1...servers { erlangB = offered * erlangB / (Double(k) + offered * erlangB) }
        let c = Double(servers)
        let erlangC = c * erlangB / (c - offered * (1 - erlangB))
        let mu = 1e9 / serviceMean
        return (erlangC / (c * mu - arrivalRate) + 1 / mu) * 1e9
    }
}
