import Foundation
import Testing

@testable import Experiment

/// Issue 15, leniencies: inputs that were accepted and quietly did something other than asked.
@Suite struct LeniencyTests {
    @Test func floatsAreRefusedForIntegerKeys() {
        let message = errorMessage(replacing("workers = 2", with: "workers = 2.0"))
        #expect(message.contains("runtime.workers: expected an integer from 1 to 1024, found float 2.0"), "\(message)")
        #expect(message.contains("without a decimal point or exponent"))
        let set = errorMessage(baseExperiment, options: ExperimentOptions(sets: ["runtime.workers=1e3"]))
        #expect(set.contains("--set runtime.workers=1e3: runtime.workers: expected an integer"), "\(set)")
        #expect(errorMessage(replacing("replications = 3", with: "replications = 3e0")).contains("experiment.replications"))
    }

    @Test func aSetSeedTakesEverySixtyFourBitValue() throws {
        let plan = try makePlan(baseExperiment, options: ExperimentOptions(sets: ["experiment.seed=18446744073709551615"]))
        #expect(plan.seed == UInt64.max)
        let message = errorMessage(baseExperiment, options: ExperimentOptions(sets: ["experiment.seed=-1"]))
        #expect(message.contains("--set experiment.seed=-1"), "\(message)")
    }

    @Test func shardsWithTheSameSetsInAnotherOrderAreOneRun() {
        let a = PartialValidation.effectiveSets(["runtime.workers=2", "arrivals.rate = 900"])
        #expect(a == PartialValidation.effectiveSets(["arrivals.rate=900", "runtime.workers=2"]))
        // The last value of a key counts, as in a run.
        #expect(
            PartialValidation.effectiveSets(["runtime.workers=1", "runtime.workers=2"])
                != PartialValidation.effectiveSets(["runtime.workers=2", "runtime.workers=1"]))
    }

    @Test func aDoubledSignInAThresholdIsRefused() {
        for bad in ["p99:++5", "p99:+-5", "p99:+0x10", "p99:+inf", "p99:+ 5e2"] {
            #expect(throws: ExperimentError.self, "\(bad)") { try Compare.parseThreshold(bad) }
        }
    }

    @Test func aDefaultMetricOnOneSideOnlyIsNamed() throws {
        let folder = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let header = "point,replication,seed,latency_p50_us,latency_p99_us"
        let baseline = folder.appendingPathComponent("a.csv")
        let candidate = folder.appendingPathComponent("b.csv")
        try (header + "\n0,0,1,1,5\n0,1,2,1.1,5.5\n0,2,3,0.9,4.5\n").write(to: baseline, atomically: true, encoding: .utf8)
        try "point,replication,seed,latency_p50_us\n0,0,1,1\n0,1,2,1.1\n0,2,3,0.9\n"
            .write(to: candidate, atomically: true, encoding: .utf8)
        let report = try ExperimentCommands.compare(CompareRequest(baseline: baseline.path, candidate: candidate.path))
        #expect(report.rows.map(\.metric) == ["latency_p50_us"])
        #expect(report.notes.count == 1)
        #expect(report.notes.first?.contains("latency_p99_us is in \(baseline.path) but not in \(candidate.path)") == true)
    }

    @Test func plotRefusesASummaryCutInItsHeader() throws {
        let folder = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        try "point,replications,latency_p99_us_me".write(
            to: folder.appendingPathComponent("summary.csv"), atomically: true, encoding: .utf8)
        let run = try EndToEndTests.simexec(["plot", folder.path], in: folder)
        #expect(run.status == 2, "\(run.stderr)")
        #expect(run.stderr.contains("has a header but no rows"))
        let svgs = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".svg") }
        #expect(svgs.isEmpty)
    }

    @Test func theKeyTableStatesTheEnforcedLimits() throws {
        let readme = try String(
            contentsOf: URL(fileURLWithPath: shippedExperiment("x")).deletingLastPathComponent().deletingLastPathComponent()
                .appendingPathComponent("README.md"), encoding: .utf8)
        for limit in [
            "integer 2–100000", "integer 1–100000000", "at most 238 characters", "integer 0–9223372036854775807",
            "at most 10^15 ns", "20 million arrivals", "`max_memory`", "at most 100000 points", "integer 1–1000000",
            "integer 1–1024", "integer 1–100000", "from 0.001 to 100000000",
        ] {
            #expect(readme.contains(limit), "the README's key table does not say \(limit)")
        }
    }

    @Test func mergeFindsTheExperimentWithAnOption() throws {
        let folder = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let experiments = folder.appendingPathComponent("Experiments")
        let elsewhere = folder.appendingPathComponent("elsewhere")
        try FileManager.default.createDirectory(at: experiments, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: elsewhere, withIntermediateDirectories: true)
        try baseExperiment.write(to: experiments.appendingPathComponent("tiny.toml"), atomically: true, encoding: .utf8)
        let shard = try EndToEndTests.simexec(
            ["run", "Experiments/tiny.toml", "--shard", "1/1", "--quiet", "--out", "shard"], in: folder)
        #expect(shard.status == 0, "\(shard.stderr)")
        let lost = try EndToEndTests.simexec(["merge", "../shard", "--out", "merged"], in: elsewhere)
        #expect(lost.status == 2)
        #expect(lost.stderr.contains("Experiments/tiny.toml: no such file"), "\(lost.stderr)")
        #expect(lost.stderr.contains("--experiment FILE"))
        let found = try EndToEndTests.simexec(
            ["merge", "../shard", "--experiment", "../Experiments/tiny.toml", "--out", "merged"], in: elsewhere)
        #expect(found.status == 0, "\(found.stderr)")
        #expect(FileManager.default.fileExists(atPath: elsewhere.appendingPathComponent("merged/summary.csv").path))
    }
}
