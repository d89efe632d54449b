import Foundation
import Testing

@testable import Experiment

/// `simexec compare`: real runs of a small blocking-heavy experiment, hand-written CSVs for the statistics and the
/// errors, and the binary's exit codes.
@Suite struct CompareTests {
    /// 20% of tasks block their worker for 5 ms; swept over two arrival rates so points must be matched. On 2 workers
    /// instead of 4, p99 rises by roughly 35% and 150% (p < 0.01, paired).
    static let experiment = """
        [experiment]
        name = "compare"
        seed = 11
        replications = 10
        duration = "400ms"
        warmup = "100ms"

        [runtime]
        workers = 4

        [arrivals]
        rate = 800

        [[task]]
        name = "handler"
        weight = 80
        steps = [ { cpu = "50us" }, { io = "exp(1ms)" }, { cpu = "20us" } ]

        [[task]]
        name = "sync_call"
        weight = 20
        steps = [ { cpu = "50us" }, { block = "5ms" }, { cpu = "20us" } ]

        [sweep]
        "arrivals.rate" = [400, 800]

        """

    /// Runs `text` through the experiment layer (as `simexec run` does) into `folder/name`, returning that folder.
    static func run(
        _ text: String = experiment, in folder: URL, name: String, options: ExperimentOptions = ExperimentOptions()
    ) throws -> String {
        let file = folder.appendingPathComponent("\(name).toml")
        try text.write(to: file, atomically: true, encoding: .utf8)
        let out = folder.appendingPathComponent(name).path
        _ = try ExperimentCommands.run(
            RunRequest(path: file.path, outputDirectory: out, jobs: 2, options: options), note: { _ in })
        return out
    }

    static func folder() throws -> URL {
        try temporaryDirectory("compare")
    }

    /// The error `request` gets, or a test failure if it succeeds.
    static func error(_ request: CompareRequest, sourceLocation: SourceLocation = #_sourceLocation) -> ExperimentError? {
        do {
            _ = try ExperimentCommands.compare(request)
            Issue.record("expected an error, but the comparison succeeded", sourceLocation: sourceLocation)
            return nil
        } catch {
            return error
        }
    }

    // MARK: Real runs

    @Test func sameConfigurationDifferentSeedsDoesNotFail() throws {
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let baseline = try Self.run(in: folder, name: "base")
        let candidate = try Self.run(in: folder, name: "cand", options: ExperimentOptions(seed: 12))
        let report = try ExperimentCommands.compare(
            CompareRequest(
                baseline: baseline, candidate: candidate,
                failOn: ["latency_p99_us:+10%", "throughput_per_s:-5%", "latency_p50_us:+10%"]))
        #expect(report.exitCode == 0, "\(report.text)")
        #expect(report.failures.isEmpty)
        // Different seeds: nothing to pair, so Welch's test; 2 points × the 5 default metrics.
        #expect(report.rows.count == 10)
        #expect(report.rows.allSatisfy { $0.test == .welch || $0.test == nil })
        #expect(report.rows.contains { $0.test == .welch })
        #expect(report.text.contains("Welch's t-test"))
    }

    @Test func identicalRunsArePairedAndUnchanged() throws {
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let baseline = try Self.run(in: folder, name: "base")
        let candidate = try Self.run(in: folder, name: "cand")
        let report = try ExperimentCommands.compare(
            CompareRequest(baseline: baseline, candidate: candidate, failOn: ["p99:+0%"]))
        #expect(report.exitCode == 0)
        for row in report.rows where row.test != nil {
            #expect(row.test == .paired)
            #expect(row.pValue == 1)
            #expect(row.verdict == .unchanged)
        }
    }

    @Test func fewerWorkersOnABlockingWorkloadFailsOnP99() throws {
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let baseline = try Self.run(in: folder, name: "four")
        let candidate = try Self.run(in: folder, name: "two", options: ExperimentOptions(sets: ["runtime.workers=2"]))
        let report = try ExperimentCommands.compare(
            CompareRequest(
                baseline: baseline, candidate: candidate, metrics: ["p99"],
                failOn: ["latency_p99_us:+10%", "throughput:-5%"]))
        #expect(report.exitCode == 1, "\(report.text)")
        let failures = report.failures
        #expect(!failures.isEmpty)
        #expect(failures.allSatisfy { $0.metric == "latency_p99_us" })
        // The same seed on both sides: common random numbers, so the paired test.
        #expect(failures.allSatisfy { $0.test == .paired && $0.pValue < 0.05 && $0.relativeChange > 0.1 })
        #expect(report.text.contains("FAIL: "))
        #expect(report.text.contains("paired t-test"))

        // The same comparison the other way round is an improvement, and improvements never fail.
        let reversed = try ExperimentCommands.compare(
            CompareRequest(baseline: candidate, candidate: baseline, failOn: ["latency_p99_us:+10%"]))
        #expect(reversed.exitCode == 0)
        #expect(reversed.rows.contains { $0.metric == "latency_p99_us" && $0.verdict == .better })

        // Markdown for a pull request, and machine-readable forms.
        let markdown = try ExperimentCommands.compare(
            CompareRequest(
                baseline: baseline, candidate: candidate, metrics: ["p99"], failOn: ["p99:+10%"], format: .markdown))
        #expect(markdown.text.hasPrefix("### ❌ simexec compare: "))
        #expect(markdown.text.contains("| `arrivals.rate` | metric | baseline | candidate | change | p | test | result |"))
        #expect(markdown.text.contains("❌ **regression"))
        let csv = try ExperimentCommands.compare(
            CompareRequest(baseline: baseline, candidate: candidate, metrics: ["p99"], format: .csv))
        let lines = csv.text.split(separator: "\n")
        #expect(lines.first?.hasPrefix("arrivals.rate,metric,baseline_mean,") == true)
        #expect(lines.count == 3)
        let json = try ExperimentCommands.compare(
            CompareRequest(baseline: baseline, candidate: candidate, failOn: ["p99:+10%"], format: .json))
        #expect(json.text.contains("\"passed\": false"))
        #expect(json.text.contains("\"test\": \"paired\""))
    }

    // MARK: Statistics on known data

    /// Writes a replications.csv with one point and one metric, `value`, per replication.
    static func writeReplications(_ values: [Double], seed: Int, to url: URL) throws {
        var text = "point,replication,seed,value\n"
        for (replication, value) in values.enumerated() { text += "0,\(replication),\(seed),\(value)\n" }
        try text.write(to: url, atomically: true, encoding: .utf8)
    }

    /// des-statistics.md §4.5: the same data is a paired comparison when the seeds match, Welch's otherwise.
    @Test func pairedWhenSeedsMatchWelchOtherwise() throws {
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let x = [10.2, 11.5, 9.8, 10.9, 12.1, 10.4, 11.0, 9.9]
        let y = [10.9, 12.0, 10.1, 11.8, 12.6, 11.1, 11.4, 10.6]
        let a = folder.appendingPathComponent("a.csv")
        let b = folder.appendingPathComponent("b.csv")
        let c = folder.appendingPathComponent("c.csv")
        try Self.writeReplications(x, seed: 1, to: a)
        try Self.writeReplications(y, seed: 1, to: b)
        try Self.writeReplications(y, seed: 2, to: c)
        let paired = try ExperimentCommands.compare(
            CompareRequest(baseline: b.path, candidate: a.path, metrics: ["value"], failOn: ["value:+1%"]))
        let row = try #require(paired.rows.first)
        #expect(row.test == .paired)
        #expect(abs(row.pValue - 6.2686e-05) < 1e-8)
        #expect(row.verdict == .better)
        let welch = try ExperimentCommands.compare(
            CompareRequest(baseline: c.path, candidate: a.path, metrics: ["value"], failOn: ["value:-1%"]))
        let welchRow = try #require(welch.rows.first)
        #expect(welchRow.test == .welch)
        #expect(abs(welchRow.pValue - 0.166715) < 1e-6)
        #expect(welchRow.verdict == .unchanged)
        #expect(welch.exitCode == 0)
        #expect(abs(welchRow.relativeChange - (x.reduce(0, +) / y.reduce(0, +) - 1)) < 1e-12)
    }

    /// A summary.csv keeps only n, mean and CI; Welch's test from those matches the test on the raw values.
    @Test func welchFromSummaryMatchesWelchFromReplications() throws {
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let a = [1.9, 2.1, 2.0, 2.2, 1.8]
        let b = [2.4, 2.6, 2.3, 2.7, 2.5, 2.2]
        let aFile = folder.appendingPathComponent("a.csv")
        let bFile = folder.appendingPathComponent("b.csv")
        try Self.writeReplications(a, seed: 1, to: aFile)
        try Self.writeReplications(b, seed: 1, to: bFile)
        let raw = try ExperimentCommands.compare(CompareRequest(baseline: bFile.path, candidate: aFile.path, metrics: ["value"]))
        #expect(raw.rows.first?.test == .welch)  // different replication counts cannot be paired
        #expect(abs((raw.rows.first?.pValue ?? 0) - 0.00192873) < 1e-8)

        // The same samples as summary.csv rows (mean and 95% CI written with full precision).
        func summary(_ values: [Double]) throws -> String {
            let interval = try #require(Compare.interval(values))
            return "point,replications,value_mean,value_ci95_lo,value_ci95_hi\n"
                + "0,\(values.count),\(interval.mean),\(interval.mean - interval.halfWidth),\(interval.mean + interval.halfWidth)\n"
        }
        let aSummary = folder.appendingPathComponent("a-summary.csv")
        try summary(a).write(to: aSummary, atomically: true, encoding: .utf8)
        let fromSummary = try ExperimentCommands.compare(
            CompareRequest(baseline: bFile.path, candidate: aSummary.path, metrics: ["value"]))
        let row = try #require(fromSummary.rows.first)
        #expect(row.test == .welch)
        #expect(abs(row.pValue - 0.00192873) < 1e-7)
        #expect(row.candidate?.count == 5)
        #expect(Compare.unitSample(5).count == 5)
    }

    @Test func thresholdsParse() throws {
        let rise = try Compare.parseThreshold("latency_p99_us:+10%").threshold
        #expect(rise.direction == 1 && rise.relative && abs(rise.amount - 0.1) < 1e-12)
        #expect(rise.isBroken(difference: 1, relativeChange: 0.11))
        #expect(!rise.isBroken(difference: 1, relativeChange: 0.1))
        #expect(!rise.isBroken(difference: -5, relativeChange: -0.5))
        let fall = try Compare.parseThreshold("throughput_per_s:-5%").threshold
        #expect(fall.direction == -1 && fall.isBroken(difference: -10, relativeChange: -0.06))
        #expect(!fall.isBroken(difference: 10, relativeChange: 0.5))
        let absolute = try Compare.parseThreshold("stall_time_ms:+5").threshold
        #expect(!absolute.relative && absolute.isBroken(difference: 6, relativeChange: .infinity))
        for bad in ["p99", "p99:10%", "p99:+", "p99:+ten%", ":+10%"] {
            #expect(throws: ExperimentError.self) { try Compare.parseThreshold(bad) }
        }
    }

    // MARK: Errors

    @Test func pointsOnOneSideOnlyAreNamed() throws {
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let baseline = try Self.run(Self.variant("[400, 800]", with: "[400, 500]"), in: folder, name: "base")
        let candidate = try Self.run(in: folder, name: "cand")
        let error = try #require(Self.error(CompareRequest(baseline: baseline, candidate: candidate)))
        #expect(error.exitCode == 2)
        #expect(error.description.contains("1 point only in the baseline"))
        #expect(error.description.contains("[arrivals.rate = 500]"))
        #expect(error.description.contains("1 point only in the candidate"))
        #expect(error.description.contains("[arrivals.rate = 800]"))

        // A run without the sweep sweeps different keys.
        let single = try Self.run(Self.variant("\"arrivals.rate\" = [400, 800]", with: ""), in: folder, name: "single")
        let keys = try #require(Self.error(CompareRequest(baseline: baseline, candidate: single)))
        #expect(keys.description.contains("the runs sweep different keys"))
        #expect(keys.exitCode == 2)
    }

    static func variant(_ old: String, with new: String) -> String {
        experiment.replacingOccurrences(of: old, with: new)
    }

    @Test func theTableShortensSweptKeysAndWrapsHeadersOnANarrowLine() throws {
        // Fails with compare's former layout: full keys (task.sync_call.steps[1].kind) on one header line, whatever
        // the terminal.
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        var text = "point,runtime.workers,task.sync_call.steps[1].kind,replication,seed,latency_p99_us\n"
        for (point, kind) in ["block", "io"].enumerated() {
            for replication in 0..<3 { text += "\(point),2,\(kind),\(replication),1,\(100 + replication)\n" }
        }
        let file = folder.appendingPathComponent("replications.csv")
        try text.write(to: file, atomically: true, encoding: .utf8)
        func lines(width: Int) throws -> [String] {
            let report = try ExperimentCommands.compare(
                CompareRequest(baseline: file.path, candidate: file.path, metrics: ["latency_p99_us"], width: width))
            return report.text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        }
        let wide = try lines(width: 160)
        #expect(wide.contains { $0.hasPrefix("runtime.workers  kind   metric") })
        #expect(wide.contains("  kind = task.sync_call.steps[1].kind"))
        let narrow = try lines(width: 60)
        let header = try #require(narrow.firstIndex { $0.hasPrefix("workers") })
        #expect(narrow[header - 1] == "runtime.", "\(narrow[header - 1])")
        #expect(narrow[header].hasPrefix("workers   kind   metric"), "\(narrow[header])")
    }

    @Test func malformedCSVNamesTheLine() throws {
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let good = folder.appendingPathComponent("good.csv")
        try Self.writeReplications([1, 2, 3], seed: 1, to: good)
        let cases: [(text: String, expected: String)] = [
            ("point,replication,seed,value\n0,0,1,1.5\n0,1,1,abc\n", ":3: column \"value\": \"abc\" is not a number"),
            ("point,replication,seed,value\n0,0,1,1.5\n0,1,1\n", ":3: found 3 cells, but the header has 4 columns"),
            ("point,replication,seed,value\n0,0,1,1.5\n0,0,1,2\n", ":3: replication 0 of point (the only point; no sweep) appears twice"),
            ("point,\"x\n0,0,1\n", ":1: a quoted cell is never closed"),
            ("value,other\n1,2\n", ":1: the header does not start with \"point\""),
            ("point,replication,seed,value\n", ":2: has a header but no rows"),
            ("point,replications,value_mean,value_lo\n0,3,1,2\n", ":1: expected three columns per metric"),
        ]
        for (index, entry) in cases.enumerated() {
            let bad = folder.appendingPathComponent("bad\(index).csv")
            try entry.text.write(to: bad, atomically: true, encoding: .utf8)
            let error = try #require(Self.error(CompareRequest(baseline: good.path, candidate: bad.path)))
            #expect(error.description.hasPrefix(bad.path + entry.expected), "\(error)")
            #expect(error.exitCode == 2)
        }
        let missing = try #require(
            Self.error(CompareRequest(baseline: good.path, candidate: folder.appendingPathComponent("nope").path)))
        #expect(missing.description.contains("nope: no such file or folder"))
        let empty = try #require(Self.error(CompareRequest(baseline: folder.path, candidate: good.path)))
        #expect(empty.description.contains("this folder has neither replications.csv nor summary.csv"))
        // A folder's run.json is not read as a CSV file (it was: "found 2 cells, but the header has 1 columns").
        let manifest = folder.appendingPathComponent("run.json")
        try "{\n  \"experiment\": \"x\"\n}\n".write(to: manifest, atomically: true, encoding: .utf8)
        let json = try #require(Self.error(CompareRequest(baseline: good.path, candidate: manifest.path)))
        // A device or a pipe is refused rather than read for ever.
        let device = try #require(Self.error(CompareRequest(baseline: good.path, candidate: "/dev/zero")))
        #expect(device.description.hasPrefix("/dev/zero: is not a regular file"), "\(device)")
        #expect(json.description == manifest.path + ": is JSON, not CSV; the candidate must be a results folder or a "
            + "replications.csv or summary.csv written by `simexec run`", "\(json)")
    }

    @Test func unknownMetricSuggestsTheRealName() throws {
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let baseline = try Self.run(in: folder, name: "base")
        let typo = try #require(
            Self.error(CompareRequest(baseline: baseline, candidate: baseline, metrics: ["latency_p99"])))
        #expect(typo.exitCode == 2)
        #expect(typo.description.hasPrefix("--metric: unknown metric \"latency_p99\"; did you mean \"latency_p99_us\"?"))
        let failOn = try #require(
            Self.error(CompareRequest(baseline: baseline, candidate: baseline, failOn: ["througput_per_s:-5%"])))
        #expect(failOn.description.contains("did you mean \"throughput_per_s\"?"))
        let nonsense = try #require(
            Self.error(CompareRequest(baseline: baseline, candidate: baseline, metrics: ["xyzzy"])))
        #expect(nonsense.description.contains("the metrics in both files are "))
        #expect(nonsense.description.contains("latency_p999_us"))
    }

    // MARK: The binary

    /// Runs the built binary (see `EndToEndTests.simexec`).
    static func simexec(_ arguments: [String]) throws -> EndToEndTests.Outcome? {
        try EndToEndTests.simexec(arguments, in: FileManager.default.temporaryDirectory)
    }

    @Test func exitCodesOfTheBinary() throws {
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let four = try Self.run(in: folder, name: "four")
        let two = try Self.run(in: folder, name: "two", options: ExperimentOptions(sets: ["runtime.workers=2"]))
        let fail = try #require(try Self.simexec(["compare", four, two, "--fail-on", "p99:+10%", "--format", "markdown"]))
        #expect(fail.status == 1, "\(fail.stderr)")
        #expect(fail.stdout.contains("regression"))
        let pass = try #require(try Self.simexec(["compare", two, four, "--fail-on", "p99:+10%"]))
        #expect(pass.status == 0, "\(pass.stderr)")
        #expect(pass.stdout.contains("ok: no change is both worse"))
        let typo = try #require(try Self.simexec(["compare", four, two, "--metric", "p99_latency"]))
        #expect(typo.status == 2)
        #expect(typo.stderr.contains("unknown metric \"p99_latency\""))
        let usage = try #require(try Self.simexec(["compare", four]))
        #expect(usage.status == 2)
        let alpha = try #require(try Self.simexec(["compare", four, two, "--alpha", "1.5"]))
        #expect(alpha.status == 2)
    }
}
