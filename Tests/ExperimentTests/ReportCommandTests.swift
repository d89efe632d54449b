import Foundation
import Testing

/// `simexec report`, `run --report` and the small CLI fixes of issue 16, through the built binary.
@Suite struct ReportCommandTests {
    typealias Outcome = EndToEndTests.Outcome

    static func simexec(_ arguments: [String], in directory: URL) throws -> Outcome {
        try EndToEndTests.simexec(arguments, in: directory, timeout: 300)
    }

    /// The repository's root, where Experiments/ is.
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    /// A folder with the tiny experiment in it, under the given description.
    static func tinyExperiment(description: String = "tiny") throws -> URL {
        let directory = try temporaryDirectory()
        let text = replacing("name = \"tiny\"", with: "name = \"tiny\"\ndescription = \"\(description)\"")
        try text.write(to: directory.appendingPathComponent("tiny.toml"), atomically: true, encoding: .utf8)
        return directory
    }

    static func read(_ url: URL) throws -> String { try String(contentsOf: url, encoding: .utf8) }

    /// The text of `<section id="ID">…</section>` in a report, if it has one.
    static func section(_ id: String, in html: String) -> String? {
        guard let start = html.range(of: "<section id=\"\(id)\">"),
            let end = html.range(of: "</section>", range: start.upperBound..<html.endIndex)
        else { return nil }
        return String(html[start.lowerBound..<end.upperBound])
    }

    @Test func runReportCommitsTheReportWithTheResultFilesAndLeavesTheCSVsAsTheyWere() throws {
        let directory = try Self.tinyExperiment(description: "<script>alert(1)</script> & co")
        defer { try? FileManager.default.removeItem(at: directory) }
        let plain = try Self.simexec(["run", "tiny.toml", "--jobs", "2", "--quiet", "--out", "plain"], in: directory)
        #expect(plain.status == 0, "stderr: \(plain.stderr)")
        let run = try Self.simexec(
            ["run", "tiny.toml", "--jobs", "2", "--out", "reported", "--report"], in: directory)
        #expect(run.status == 0, "stderr: \(run.stderr)")
        #expect(run.stdout.contains("reported/report.html"))
        let reported = directory.appendingPathComponent("reported")
        #expect(
            try FileManager.default.contentsOfDirectory(atPath: reported.path).sorted()
                == ["histograms.csv", "replications.csv", "report.html", "run.json", "summary.csv"])
        for name in ["summary.csv", "replications.csv", "histograms.csv"] {
            #expect(
                try Self.read(reported.appendingPathComponent(name))
                    == Self.read(directory.appendingPathComponent("plain/\(name)")), "\(name) differs")
        }
        let manifest = try Self.read(reported.appendingPathComponent("run.json"))
        #expect(
            manifest.contains(
                #""outputs": ["summary.csv", "replications.csv", "histograms.csv", "run.json", "report.html"]"#))
        let html = try Self.read(reported.appendingPathComponent("report.html"))
        #expect(html.contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; co"))
        #expect(!html.lowercased().contains("<script"))
        // `simexec report` on the same folder writes the same page.
        let again = try Self.simexec(["report", "reported"], in: directory)
        #expect(again.status == 0, "stderr: \(again.stderr)")
        #expect(again.stdout == "wrote reported/report.html\n")
        #expect(try Self.read(reported.appendingPathComponent("report.html")) == html)
        // A run without --report drops the report of the set it replaces, and one without --plot its figures; files
        // of the user's own stay.
        let plot = try Self.simexec(["plot", "reported"], in: directory)
        #expect(plot.status == 0, "stderr: \(plot.stderr)")
        #expect(FileManager.default.fileExists(atPath: reported.appendingPathComponent("latency.svg").path))
        try Data("mine".utf8).write(to: reported.appendingPathComponent("notes.txt"))
        let plainAgain = try Self.simexec(["run", "tiny.toml", "--jobs", "2", "--quiet", "--out", "reported"], in: directory)
        #expect(plainAgain.status == 0, "stderr: \(plainAgain.stderr)")
        #expect(
            try FileManager.default.contentsOfDirectory(atPath: reported.path).sorted()
                == ["histograms.csv", "notes.txt", "replications.csv", "run.json", "summary.csv"])
    }

    @Test func reportOfLocksInlinesEveryPlotAndMarksTheDeadlockedPoints() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = Self.packageRoot.appendingPathComponent("Experiments/locks.toml").path
        let run = try Self.simexec(
            ["run", file, "--set", "experiment.duration=300ms", "--replications", "3", "--jobs", "2", "--quiet",
             "--out", "locks", "--report", "--plot"],
            in: directory)
        #expect(run.status == 0, "stderr: \(run.stderr)")
        let folder = directory.appendingPathComponent("locks")
        let html = try Self.read(folder.appendingPathComponent("report.html"))

        // Every figure `simexec plot` wrote is in the page, byte for byte but for its XML declaration and its IDs.
        let figures = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".svg") }
            .sorted()
        #expect(figures.count >= 3)
        #expect(html.components(separatedBy: "<svg ").count - 1 == figures.count)
        for name in figures {
            let svg = try Self.read(folder.appendingPathComponent(name))
            let caption = "<code>\(name)</code>"
            #expect(html.contains(caption), "\(name) is not in the report")
            let number = html.components(separatedBy: "<figure id=\"figure-").dropFirst()
                .first { $0.contains(caption) }.map { String($0.prefix { $0.isNumber }) } ?? "?"
            let body = String(svg[svg.range(of: "<svg ")!.lowerBound...])
                .replacingOccurrences(of: " id=\"", with: " id=\"figure-\(number)-")
                .replacingOccurrences(of: "url(#", with: "url(#figure-\(number)-")
            #expect(html.contains(body), "\(name) differs from the inlined figure \(number)")
        }

        // DEADLOCK in the summary table exactly at the points where a replication deadlocked.
        let summary = try Self.read(folder.appendingPathComponent("summary.csv")).split(separator: "\n")
        let flag = try #require(summary[0].split(separator: ",").firstIndex(of: "deadlocked_ratio_mean"))
        let deadlocked = summary.dropFirst().map { Double($0.split(separator: ",")[flag])! > 0 }
        #expect(deadlocked.contains(true))
        let table = try #require(Self.section("summary", in: html))
        let tableBody = String(table[table.range(of: "<tbody>")!.upperBound..<table.range(of: "</tbody>")!.lowerBound])
        let rows = tableBody.components(separatedBy: "<tr").dropFirst()
        #expect(rows.count == deadlocked.count)
        for (point, (row, isDeadlocked)) in zip(rows, deadlocked).enumerated() {
            #expect(row.contains(">DEADLOCK") == isDeadlocked, "point \(point)")
        }
        let reports = try #require(Self.section("deadlocks", in: html))
        #expect(reports.contains("every worker thread is blocked"))

        // One page: no script, no outside resource; the only absolute URL is the SVG namespace.
        #expect(!html.lowercased().contains("<script"))
        let urls = try NSRegularExpression(pattern: "(https?|ftp)://[^\"' )<]*")
            .matches(in: html, range: NSRange(html.startIndex..., in: html))
            .map { String(html[Range($0.range, in: html)!]) }
        #expect(Set(urls) == ["http://www.w3.org/2000/svg"])
    }

    @Test func reportRefusesAMissingOrBrokenFolderAndWritesNothing() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let missing = try Self.simexec(["report", "nowhere"], in: directory)
        #expect(missing.status == 2)
        #expect(missing.stdout.isEmpty)
        #expect(missing.stderr == "nowhere: no such folder; name a results folder written by `simexec run`\n")

        let empty = directory.appendingPathComponent("empty")
        try FileManager.default.createDirectory(at: empty, withIntermediateDirectories: true)
        let noSummary = try Self.simexec(["report", "empty"], in: directory)
        #expect(noSummary.status == 2)
        #expect(noSummary.stderr == "empty/summary.csv: no such file; run `simexec run` first\n")

        let broken = directory.appendingPathComponent("broken")
        try FileManager.default.createDirectory(at: broken, withIntermediateDirectories: true)
        try "point,replications\n0,3\n".write(
            to: broken.appendingPathComponent("summary.csv"), atomically: true, encoding: .utf8)
        let noManifest = try Self.simexec(["report", "broken"], in: directory)
        #expect(noManifest.status == 2)
        #expect(noManifest.stderr.hasPrefix("broken/run.json: no such file"))
        try "{\"experiment\": ".write(to: broken.appendingPathComponent("run.json"), atomically: true, encoding: .utf8)
        let badManifest = try Self.simexec(["report", "broken"], in: directory)
        #expect(badManifest.status == 2)
        #expect(badManifest.stderr == "broken/run.json: is not valid JSON\n")
        for folder in [empty, broken] {
            #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("report.html").path))
        }
    }

    @Test func runReportRefusesAShard() throws {
        let directory = try Self.tinyExperiment()
        defer { try? FileManager.default.removeItem(at: directory) }
        let run = try Self.simexec(["run", "tiny.toml", "--shard", "1/2", "--report", "--quiet"], in: directory)
        #expect(run.status == 2)
        #expect(run.stderr.contains("--report needs every point"))
    }

    @Test func traceTakesZeroWithoutAUnit() throws {
        let directory = try Self.tinyExperiment()
        defer { try? FileManager.default.removeItem(at: directory) }
        let trace = try Self.simexec(
            ["trace", "tiny.toml", "--from", "0", "--to", "5ms", "--out", "trace.json"], in: directory)
        #expect(trace.status == 0, "stderr: \(trace.stderr)")
        #expect(trace.stdout.contains("0.0 ms to 5.0 ms of simulated time"))
        let five = try Self.simexec(["trace", "tiny.toml", "--from", "5", "--out", "trace.json"], in: directory)
        #expect(five.status == 2)
        #expect(five.stderr.contains("--from 5: found \"5\" without a unit"))
    }

    @Test func helpStatesEachDefaultOnceAndShowsExamplesThatExist() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let trace = try Self.simexec(["trace", "--help"], in: directory)
        for option in ["--point", "--replication"] {
            let line = try #require(trace.stdout.split(separator: "\n").first { $0.contains("  \(option) <n>") })
            #expect(line.components(separatedBy: "default").count - 1 <= 1, "\(line)")
        }
        #expect(!trace.stdout.contains("(default 0)"))
        let export = try Self.simexec(["export-scenario", "--help"], in: directory)
        let paths = export.stdout.split(whereSeparator: \.isWhitespace).filter { $0.hasSuffix(".toml") }
        #expect(!paths.isEmpty)
        for path in paths where path.hasPrefix("validation/") {
            #expect(
                FileManager.default.fileExists(atPath: Self.packageRoot.appendingPathComponent(String(path)).path),
                "\(path) does not exist")
        }
    }
}
