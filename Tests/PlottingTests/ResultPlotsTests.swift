import Foundation
import ResultFiles
import Testing

@testable import Plotting

@Suite("Result plots")
struct ResultPlotsTests {
    func svgs() throws -> [String: [XMLNode]] {
        let folder = try ResultFolder.load(try Fixture.folder())
        var parsed: [String: [XMLNode]] = [:]
        for file in try ResultPlots.render(folder) { parsed[file.name] = try XMLCollector.parse(file.svg) }
        return parsed
    }

    @Test func writesThreeWellFormedSVGFiles() throws {
        let directory = try Fixture.folder()
        let paths = try ResultPlots.write(directory: directory)
        #expect(paths.map { ($0 as NSString).lastPathComponent } == ["latency.svg", "latency_ccdf.svg", "utilisation.svg"])
        for path in paths {
            let text = try String(contentsOfFile: path, encoding: .utf8)
            let nodes = try XMLCollector.parse(text)
            #expect(nodes.first?.name == "svg")
        }
    }

    @Test func drawingAFolderRemovesTheFiguresItNoLongerDrawsAndKeepsOtherFiles() throws {
        let directory = try Fixture.folder()
        // A topic figure left from earlier results, and a file of the user's own.
        for name in ["locks.svg", "notes.svg"] {
            try Data("<svg/>".utf8).write(to: URL(fileURLWithPath: ResultFolder.path(directory, name)))
        }
        _ = try ResultPlots.write(directory: directory)
        let names = try FileManager.default.contentsOfDirectory(atPath: directory).filter { $0.hasSuffix(".svg") }
        #expect(names.sorted() == ["latency.svg", "latency_ccdf.svg", "notes.svg", "utilisation.svg"])
    }

    @Test func everyFigureNameIsDeclaredInResultFileName() {
        // A figure missing from ResultFileName.figures would escape the cleanup of stale figures.
        let drawn = [ResultFileName.latencyFigure, ResultFileName.latencyCCDFFigure, ResultFileName.utilisationFigure]
            + MetricTopic.all.map(\.file)
        #expect(drawn.sorted() == ResultFileName.figures.sorted())
    }

    @Test func latencyHasOneLinePerOtherSweptValueInEachPanel() throws {
        let nodes = try #require(try svgs()["latency.svg"])
        let series = nodes.filter { $0.name == "g" && $0.attributes["class"] == "series" }
        // 2 panels (p50, p99) × 6 lines (3 kinds × 2 worker counts).
        #expect(series.count == 12)
        let polylines = nodes.filter { $0.name == "polyline" }
        #expect(polylines.count == 12)
        for line in polylines {
            #expect(line.attributes["points"]?.split(separator: " ").count == 4)
        }
        let labels = Set(series.compactMap { $0.attributes["data-label"] })
        #expect(labels.contains("kind = block, workers = 2"))
        #expect(labels.contains("kind = io, workers = 4"))
        #expect(labels.count == 6)
    }

    @Test func latencyHasLegendAxisTitlesWithUnitsAndTitle() throws {
        let nodes = try #require(try svgs()["latency.svg"])
        let legendEntries = nodes.filter { $0.attributes["class"] == "legend-entry" }
        #expect(legendEntries.count == 6)
        let texts = nodes.texts
        #expect(texts.contains("kind · workers"))
        #expect(texts.contains("p99 latency (ms)"))
        #expect(texts.contains("p50 latency (ms)"))
        #expect(texts.contains("sync_call weight (share of arrivals)"))
        #expect(texts.contains { $0.hasPrefix("blocking: task latency") })
        // The description, with its markup characters, survives escaping.
        #expect(texts.contains { $0.contains("<in> 0-10% of handlers & more") })
        // Error bars: three lines per point whose interval is visible.
        #expect(nodes.filter { $0.name == "line" && $0.classes.last == "series" }.count > 0)
    }

    @Test func ccdfIsLogLogWithOnePanelPerLineAndOneCurvePerX() throws {
        let nodes = try #require(try svgs()["latency_ccdf.svg"])
        let panels = nodes.filter { $0.attributes["class"] == "panel" }
        #expect(panels.count == 6)
        #expect(nodes.filter { $0.name == "polyline" }.count == 24)
        let texts = nodes.texts
        #expect(texts.contains("P(latency > x)"))
        #expect(texts.contains("latency x (ms, log scale)"))
        #expect(texts.contains("sync_call weight = 10"))
        #expect(texts.contains("0.01"))
    }

    @Test func utilisationHasStallAndBlockedPanelsAndLeavesOutTheFlatBusyOne() throws {
        let nodes = try #require(try svgs()["utilisation.svg"])
        let texts = nodes.texts
        #expect(texts.contains("executor stall time"))
        #expect(texts.contains("stalled (% of measured time)"))
        #expect(texts.contains("worker utilisation: blocked"))
        // The fixture's busy ratio is 7% at every point: a flat line says nothing, so its panel is left out.
        #expect(!texts.contains("worker utilisation: polling"))
        #expect(nodes.filter { $0.name == "polyline" }.count == 12)
    }

    @Test func withoutHistogramsTheCCDFIsSkipped() throws {
        let folder = try ResultFolder.load(try Fixture.folder(histograms: false))
        #expect(try ResultPlots.render(folder).map(\.name) == ["latency.svg", "utilisation.svg"])
    }

    @Test func missingFolderAndSummaryAreClearErrors() throws {
        #expect(throws: PlotError.self) { try ResultFolder.load("/nonexistent/simexec-results") }
        let empty = scratchFolder + "/plotting-empty-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: empty, withIntermediateDirectories: true)
        do {
            _ = try ResultFolder.load(empty)
            Issue.record("expected an error")
        } catch {
            #expect(error.message.contains("run `simexec run` first"))
        }
        // A shard's folder is sent to `simexec merge`, not to `simexec run`.
        try Data("{}".utf8).write(to: URL(fileURLWithPath: empty + "/partial-1-of-2.json"))
        do {
            _ = try ResultFolder.load(empty)
            Issue.record("expected an error")
        } catch {
            #expect(error.message.contains("the folder holds a shard's partial results; merge the shards first"))
        }
    }

    @Test func unknownXColumnIsAnError() throws {
        let folder = try ResultFolder.load(try Fixture.folder())
        #expect(throws: PlotError.self) { try ResultPlots.render(folder, options: PlotOptions(xColumn: "nope")) }
        let byWorkers = try ResultPlots.render(folder, options: PlotOptions(xColumn: "workers"))
        let nodes = try XMLCollector.parse(byWorkers[0].svg)
        #expect(nodes.texts.contains("workers (threads)"))
    }
}
