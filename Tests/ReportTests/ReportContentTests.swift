import Foundation
import Testing

@testable import Plotting
@testable import Report

@Suite("Report content")
struct ReportContentTests {
    func report() throws -> String {
        try ResultReport.render(directory: try Fixture.folder())
    }

    @Test func isOnePageWithNoScriptAndNoOutsideResource() throws {
        let html = try report()
        #expect(html.hasPrefix("<!DOCTYPE html>\n<html lang=\"en\">"))
        #expect(html.hasSuffix("</html>\n"))
        let lowered = html.lowercased()
        for forbidden in ["<script", "<link", "<img", "<iframe", "<object", "@import", "javascript:", " on" + "load="] {
            #expect(!lowered.contains(forbidden), "found \(forbidden)")
        }
        // The only absolute URL is SVG's namespace name, which nothing loads.
        let urls = Self.matches(of: "https?://[^\"' )<]*", in: html)
        #expect(Set(urls) == ["http://www.w3.org/2000/svg"])
        // Links stay in the page or the results folder.
        for link in Self.attributeValues("href", in: html) {
            #expect(link.hasPrefix("#") || !link.contains(":") && !link.hasPrefix("/"), "link \(link)")
        }
        for reference in Self.matches(of: "url\\([^)]*\\)", in: html) {
            #expect(reference.hasPrefix("url(#"), "reference \(reference)")
        }
        #expect(html.contains("Content-Security-Policy"))
    }

    @Test func escapesEveryPieceOfUserText() throws {
        let html = try report()
        #expect(!html.contains(Fixture.hostile))
        #expect(!html.contains("<script"))
        #expect(html.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;quoted&quot;"))
        #expect(html.contains("Experiments/locks&amp;co.toml"))
        #expect(html.contains("&lt;held&gt; by task.dropped.steps[1]"))
        #expect(html.contains("&#39;arrivals.rate=&lt;1&gt;&#39;"))
        #expect(!html.contains("<held>"))
    }

    @Test func inlinesEveryPlotWithPageUniqueIDs() throws {
        let directory = try Fixture.folder()
        let html = try ResultReport.render(directory: directory)
        let figures = try ResultPlots.render(try ResultFolder.load(directory))
        // latency, CCDF and utilisation at least; the plots add figures by what the experiment is about.
        #expect(figures.count >= 3)
        #expect(html.components(separatedBy: "<svg ").count - 1 == figures.count)
        #expect(!html.contains("<?xml"))
        for (index, figure) in figures.enumerated() {
            #expect(html.contains(InlineSVG(figure.svg, idPrefix: "figure-\(index + 1)").markup))
            #expect(html.contains("<code>\(figure.name)</code>"))
        }
        let ids = Self.attributeValues("id", in: html)
        #expect(Set(ids).count == ids.count, "duplicate ids")
        for reference in Self.matches(of: "url\\(#[^)]*\\)", in: html) {
            #expect(ids.contains(String(reference.dropFirst(5).dropLast())), "\(reference) points nowhere")
        }
    }

    @Test func summaryTableMarksDeadlockedPointsAndHasUnits() throws {
        let html = try report()
        let section = try #require(Self.section("summary", in: html))
        let start = try #require(section.range(of: "<table class=\"summary\">"))
        let end = try #require(section.range(of: "</table>", range: start.upperBound..<section.endIndex))
        let table = String(section[start.lowerBound..<end.upperBound])
        let rows = table.components(separatedBy: "<tr").dropFirst(2)
        #expect(rows.count == Fixture.points.count)
        for (index, row) in rows.enumerated() {
            #expect(row.contains("DEADLOCK") == Fixture.deadlocks(index), "point \(index)")
        }
        #expect(table.contains("<tr class=\"deadlock\">"))
        let headers = [
            "throughput (/s)", "p99 (ms)", "dropped p99 (ms)", "other p99 (ms)", "stall (%)", "db wait p99 (ms)",
            "db blocked (ms)",
        ]
        for header in headers {
            #expect(table.contains(">\(header)</th>"), "header \(header)")
        }
        #expect(section.contains("over 3 replications"))
        // 1000 + 0 + 15 µs ± 2% → 1.015 ± 0.020 ms.
        #expect(table.contains(">1.015 ± 0.020</td>"))
    }

    @Test func listsWhatVariesTheDeadlocksAndTheRun() throws {
        let html = try report()
        let settings = try #require(Self.section("settings", in: html))
        #expect(settings.contains(">arrivals.rate</td><td class=\"text\">200, 1200<"))
        #expect(settings.contains(">mutex.db.kind</td><td class=\"text\">std, async<"))
        #expect(!settings.contains("runtime.workers"))
        let deadlocks = try #require(Self.section("deadlocks", in: html))
        #expect(deadlocks.contains("Point 1 (mutex.db.kind = std, arrivals.rate = 1200)"))
        #expect(deadlocks.contains("3 of 3 replications deadlocked, at 32.00 ms to 34.00 ms"))
        #expect(deadlocks.contains("The other 2 reports"))
        let run = try #require(Self.section("run", in: html))
        for fact in ["0.1.0", "2026-12-02T16:00:00.000Z", "2.3 s", ">7<", ">3<", "123456"] {
            #expect(run.contains(fact), "run facts lack \(fact)")
        }
    }

    @Test func leavesOutTheDeadlockSectionWithoutDeadlocks() throws {
        let directory = try Fixture.folder()
        let json = try String(contentsOfFile: directory + "/run.json", encoding: .utf8)
        let cleared = json.replacingOccurrences(of: "\"deadlocks\": [{", with: "\"unused\": [{")
        try cleared.write(toFile: directory + "/run.json", atomically: true, encoding: .utf8)
        let summary = try String(contentsOfFile: directory + "/summary.csv", encoding: .utf8)
        try summary.replacingOccurrences(of: ",1,1,1,", with: ",0,0,0,")
            .write(toFile: directory + "/summary.csv", atomically: true, encoding: .utf8)
        let html = try ResultReport.render(directory: directory)
        #expect(Self.section("deadlocks", in: html) == nil)
        #expect(!html.contains("DEADLOCK"))
    }

    @Test func writesReportHTMLIntoTheFolder() throws {
        let directory = try Fixture.folder()
        let path = try ResultReport.write(directory: directory)
        #expect(path == directory + "/report.html")
        #expect(try String(contentsOfFile: path, encoding: .utf8) == ResultReport.render(directory: directory))
    }

    @Test(arguments: [
        ("summary.csv", "summary.csv: no such file; run `simexec run` first"),
        ("run.json", "run.json: no such file; every folder `simexec run` writes has one, run it again"),
    ])
    func refusesAnIncompleteFolder(missing: String, message: String) throws {
        let directory = try Fixture.folder(omitting: [missing])
        #expect {
            _ = try ResultReport.write(directory: directory)
        } throws: { error in
            (error as? ReportError)?.kind == .input && "\(error)" == directory + "/" + message
        }
        #expect(!FileManager.default.fileExists(atPath: directory + "/report.html"))
    }

    @Test func refusesAMissingFolderAndDamagedFiles() throws {
        #expect(throws: ReportError(
            file: "/nonexistent/results", message: "no such folder; name a results folder written by `simexec run`")) {
            try ResultReport.render(directory: "/nonexistent/results")
        }
        let directory = try Fixture.folder()
        try "{\"experiment\": \"locks\",\n\"points\": [".write(
            toFile: directory + "/run.json", atomically: true, encoding: .utf8)
        #expect {
            _ = try ResultReport.write(directory: directory)
        } throws: { error in
            "\(error)" == directory + "/run.json: is not valid JSON"
        }
        try "{\"points\": []}".write(toFile: directory + "/run.json", atomically: true, encoding: .utf8)
        #expect {
            _ = try ResultReport.write(directory: directory)
        } throws: { error in
            "\(error)"
                == directory + "/run.json: has no experiment name; expected the run.json that `simexec run` writes"
        }
        #expect(!FileManager.default.fileExists(atPath: directory + "/report.html"))
    }

    // MARK: Helpers

    /// The text of `<section id="ID">…</section>`, if the page has it.
    static func section(_ id: String, in html: String) -> String? {
        guard let start = html.range(of: "<section id=\"\(id)\">") else { return nil }
        guard let end = html.range(of: "</section>", range: start.upperBound..<html.endIndex) else { return nil }
        return String(html[start.lowerBound..<end.upperBound])
    }

    static func matches(of pattern: String, in text: String) -> [String] {
        let regex = try! NSRegularExpression(pattern: pattern)
        return regex.matches(in: text, range: NSRange(text.startIndex..., in: text)).map { match in
            String(text[Range(match.range, in: text)!])
        }
    }

    /// The values of every ` NAME="…"` attribute in `html`.
    static func attributeValues(_ name: String, in html: String) -> [String] {
        matches(of: " \(name)=\"[^\"]*\"", in: html).map { String($0.dropFirst(name.count + 3).dropLast()) }
    }
}
