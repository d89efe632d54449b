import Foundation
import Testing

@testable import Experiment

/// `simexec size` on cases whose answers are known in closed form, and its bad-input messages.
@Suite struct SizeSearchTests {
    /// M/M/c with zero costs: Poisson arrivals at 6,000/s, exponential 1 ms of cpu.
    let mmc = """
        [experiment]
        name = "mmc"
        seed = 1
        replications = 10
        duration = "1s"
        warmup = "200ms"
        [runtime]
        workers = 8
        [runtime.costs]
        poll_overhead = 0
        unpark_latency = 0
        unpark_latency_p99 = 0
        timed_wake_overshoot = 0
        thread_spawn_cost = 0
        [arrivals]
        rate = 6000
        [[task]]
        name = "job"
        steps = [ { cpu = "exp(1ms)" } ]
        [sweep]
        "runtime.workers" = [8, 9]

        """

    func file(_ text: String) throws -> String {
        let folder = try temporaryDirectory()
        let path = folder.appendingPathComponent("x.toml").path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    @Test func erlangCAnswerForWorkers() throws {
        // Erlang C: c = 7 gives a mean sojourn of 1.61 ms, c = 8 gives 1.18 ms; the objective is 1.3 ms. Values 1-6
        // cannot keep up (offered load ≥ 1 per worker) and count as failing. The file's own sweep is left out.
        let report = try SizeSearch.run(
            SizeRequest(path: try file(mmc), key: "runtime.workers", range: "1..64", objectives: ["latency_mean_us<=1300"],
                        jobs: 2)) { _ in }
        #expect(report.answer == "8", "\(report.text)")
        #expect(report.exitCode == 0)
        #expect(report.isMonotone)
        let seven = try #require(report.evaluated.first { $0.value == "7" })
        #expect(!seven.holds && seven.measurements[0].mean > 1_500 && seven.measurements[0].mean < 1_750)
        #expect(report.evaluated.count <= 8, "bisection: \(report.evaluated.map(\.value))")
        #expect(report.text.contains("answer: runtime.workers = 8"))
    }

    @Test func maximizeFindsTheLargestAffordableLoad() throws {
        // How many requests per second can 8 workers take with a mean latency under 1.3 ms? Between 6,000 (1.18 ms)
        // and 6,500 (≈1.6 ms).
        let report = try SizeSearch.run(
            SizeRequest(path: try file(mmc), key: "arrivals.rate", range: "4000,5000,5500,6000,6500,7000,7500",
                        objectives: ["latency_mean_us<=1300"], maximizes: true, jobs: 2)) { _ in }
        #expect(report.answer == "6000", "\(report.text)")
    }

    @Test func noValueMeetsTheObjective() throws {
        let report = try SizeSearch.run(
            SizeRequest(path: try file(mmc), key: "runtime.workers", range: "8..12", objectives: ["latency_mean_us<=900"],
                        jobs: 2)) { _ in }
        #expect(report.exitCode == 1 && report.answer == nil)
        #expect(report.text.contains("no value in the range meets the objectives: even at runtime.workers = 12"))
        // The JSON form starts at the left margin, like compare's (it was nested two levels deep).
        let json = try SizeSearch.run(
            SizeRequest(path: try file(mmc), key: "runtime.workers", range: "8..12", objectives: ["latency_mean_us<=900"],
                        jobs: 2, format: .json)) { _ in }
        #expect(json.text.hasPrefix("{\n  \"key\": \"runtime.workers\","), "\(json.text)")
        #expect(json.text.hasSuffix("\n}\n"))
        // On a 60-column terminal the prose wraps (it ran to 200 characters); the objective table stays whole.
        let narrow = try SizeSearch.run(
            SizeRequest(path: try file(mmc), key: "runtime.workers", range: "8..12", objectives: ["latency_mean_us<=900"],
                        jobs: 2, width: 60)) { _ in }
        let lines = narrow.text.split(separator: "\n")
        #expect(lines.filter { !$0.hasPrefix("objective") && !$0.hasPrefix("---") && !$0.hasPrefix("latency") }
            .allSatisfy { $0.count <= 60 }, "\(narrow.text)")
    }

    @Test func aValueWhereNothingWasMeasuredSaysSo() throws {
        // At 1 task/s over 10 ms nothing completes in any replication: the report said "(bound n/a) fails".
        let text = mmc.replacingOccurrences(of: "duration = \"1s\"", with: "duration = \"10ms\"")
            .replacingOccurrences(of: "warmup = \"200ms\"", with: "warmup = \"0s\"")
        let report = try SizeSearch.run(
            SizeRequest(path: try file(text), key: "arrivals.rate", range: "1..2", objectives: ["latency_mean_us<=900"],
                        maximizes: true, jobs: 2, width: 1000)) { _ in }
        #expect(report.exitCode == 1)
        #expect(report.text.contains("even at arrivals.rate = 1, the closest end of the range, latency_mean_us<=900 "
            + "(not measured: no replication had a value; lengthen experiment.duration or move the range) fails"),
            "\(report.text)")
    }

    @Test func nonMonotoneObjectiveIsReported() throws {
        // Throughput follows the rate; a list out of order (4000, 7000, 6500, 4500, 5000, 6000) makes it rise and
        // then fall along the range, which the search reports instead of hiding.
        let report = try SizeSearch.run(
            SizeRequest(path: try file(mmc), key: "arrivals.rate", range: "4000,7000,6500,4500,5000,6000",
                        objectives: ["throughput_per_s>=5500"], jobs: 2)) { _ in }
        #expect(!report.isMonotone, "\(report.text)")
        #expect(report.text.contains("warning: the objectives are not monotone in arrivals.rate"))
    }

    @Test func badInput() throws {
        let path = try file(mmc)
        func message(_ request: SizeRequest) -> String {
            do {
                _ = try SizeSearch.run(request) { _ in }
                return ""
            } catch {
                return error.description
            }
        }
        func request(key: String = "runtime.workers", range: String = "1..8", objective: String = "p99<=1000",
                     confidence: Double = 0.95) -> SizeRequest {
            SizeRequest(path: path, key: key, range: range, objectives: [objective], confidence: confidence, jobs: 1)
        }
        #expect(message(request(range: "8..1")).contains("the range 8..1 is reversed"))
        #expect(message(request(range: "1,2,2")).contains("holds 2 twice"))
        #expect(message(request(range: "")).contains("expected LO..HI"))
        #expect(message(request(objective: "p99 1000")).contains("expected METRIC<=VALUE or METRIC>=VALUE"))
        #expect(message(request(objective: "latncy_p99_us<=5")).contains("did you mean \"latency_p99_us\""))
        #expect(message(request(confidence: 1)).contains("between 0.5 and 1"))
        // The key is named as the user gave it, --vary, not as the --set it becomes.
        let typo = message(request(key: "runtime.wokers"))
        #expect(typo.hasPrefix("--vary runtime.wokers=8: runtime.wokers matches no setting (did you mean "
            + "\"runtime.workers\"?)"), "\(typo)")
        #expect(message(request(key: "experiment.seed", range: "1..3")).contains("experiment.seed"))
    }
}
