import Foundation
import ResultFiles
import Testing

@testable import Plotting

/// A results folder like `simexec run Experiments/locks.toml` writes, small: the mutex kind crossed with a zipped
/// hold time (two columns) and a zipped placement (two weights and the arrival rate), with deadlocks where the std
/// mutex is held across the await at the two higher rates.
enum LocksFixture {
    static let columns = [
        "mutex.db.kind", "task.dropped.steps[1].hold[0].duration", "task.held.steps[1].hold[0].duration",
        "task.dropped.weight", "task.held.weight", "arrivals.rate",
    ]
    static let placements = [(1, 0, 2000), (1, 0, 8000), (1, 0, 16000), (0, 1, 200), (0, 1, 600), (0, 1, 1200)]

    static var rows: [[String]] {
        ["std", "async"].flatMap { kind in
            ["10us", "100us"].flatMap { hold in
                placements.map { [kind, hold, hold, String($0.0), String($0.1), String($0.2)] }
            }
        }
    }

    static func summaryCSV() -> String {
        let metrics = ["deadlocked_ratio", "latency_p50_us", "latency_p99_us", "stall_ratio"]
        var text = (["point"] + columns + ["replications"]
            + metrics.flatMap { ["\($0)_mean", "\($0)_ci95_lo", "\($0)_ci95_hi"] }).joined(separator: ",") + "\n"
        for (index, row) in rows.enumerated() {
            let deadlocked = row[0] == "std" && row[4] == "1" && row[5] != "200"
            let share = deadlocked ? (row[5] == "1200" ? 1.0 : 0.5) : 0
            let rate = Double(row[5])!
            var cells = [String(index)] + row + ["3", String(share), "0", String(share * 2)]
            if share == 1 {
                cells += Array(repeating: "nan", count: 9)
            } else {
                // Wide intervals around small stall ratios: their lower ends fall below 0.
                cells += ["\(1000 + rate / 10)", "900", "\(1100 + rate / 5)", "\(4000 + rate)", "3000", "\(5000 + rate)",
                          "\(rate / 1e6)", "-0.02", "0.022"]
            }
            text += cells.joined(separator: ",") + "\n"
        }
        return text
    }

    static func folder() throws -> ResultFolder {
        let summary = try ResultSummary(table: CSVTable.parse(summaryCSV(), file: "s"), file: "s")
        return ResultFolder(
            directory: "/nonexistent", manifest: RunManifest(experiment: "locks", description: "fixture"),
            summary: summary, histograms: nil)
    }
}

@Suite("What the figures show")
struct FigureContentTests {
    @Test func zippedPartnersThatDoNotRenameXSplitLines() throws {
        let folder = try LocksFixture.folder()
        let layout = try SweepLayout(summary: folder.summary)
        #expect(layout.xColumn == 5)  // arrivals.rate: the numeric column with the most values
        let rows = folder.summary.points.map(\.swept)
        // Every line holds every other setting fixed: the placement weights never change along a line.
        for group in layout.groups {
            for column in 0..<5 {
                #expect(Set(group.rows.map { rows[$0][column] }).count == 1, "\(group.label) mixes \(LocksFixture.columns[column])")
            }
        }
        #expect(layout.groups.count == 8)
        #expect(layout.groups.allSatisfy { $0.rows.count == 3 })
        #expect(layout.legendTitle == "kind · dropped/held duration · dropped/held weight")
        #expect(Set(layout.groups.map(\.label)).count == 8)
        #expect(layout.groups[0].label == "kind = std, dropped/held duration = 10us, dropped/held weight = 1/0")
    }

    @Test func aZipPartnerThatOnlyRenamesXDoesNotSplitLines() throws {
        // blocking: task.handler.weight = 100 - task.sync_call.weight.
        let summary = try ResultSummary(table: CSVTable.parse(Fixture.summaryCSV(), file: "s"), file: "s")
        let layout = try SweepLayout(summary: summary)
        #expect(layout.xColumn == 3)
        #expect(layout.groups.count == 6)
    }

    @Test func zipGroupsWithoutNumbersAreOneCategoricalAxisWithAKey() throws {
        // schedulers: a profile crossed with four policies zipped from three switches.
        var csv = "point,runtime.profile,runtime.lifo_stealable,runtime.eager_driver_handoff,"
            + "runtime.blocked_worker_handoff,replications,latency_p50_us_mean\n"
        let policies = [("false", "false", "false"), ("true", "false", "false"), ("false", "true", "false"),
                        ("false", "false", "500us")]
        var index = 0
        for profile in ["tokio-1.24", "tokio-1.53"] {
            for policy in policies {
                csv += "\(index),\(profile),\(policy.0),\(policy.1),\(policy.2),3,\(100 + index)\n"
                index += 1
            }
        }
        let layout = try SweepLayout(summary: ResultSummary(table: CSVTable.parse(csv, file: "s"), file: "s"))
        #expect(layout.xColumns == [1, 2, 3])
        #expect(layout.categories == ["A", "B", "C", "D"])
        #expect(layout.groups.map(\.label) == ["profile = tokio-1.24", "profile = tokio-1.53"])
        #expect(layout.notes == [
            "lifo_stealable/eager_driver_handoff/blocked_worker_handoff: A = false/false/false; B = true/false/false; "
                + "C = false/true/false; D = false/false/500us",
        ])
    }

    @Test func deadlockedPointsAreMarkedEvenWithoutValues() throws {
        let folder = try LocksFixture.folder()
        let layout = try SweepLayout(summary: folder.summary)
        let figure = ResultFigures.latency(folder, layout: layout)
        let marked = figure.panels[0].series.flatMap(\.points).filter(\.deadlocked)
        // std × 2 hold times × rates 600 and 1200 with the guard held.
        #expect(marked.count == 4)
        #expect(marked.filter { !$0.y.isFinite }.count == 2, "all replications deadlocked: no value, still marked")
        let nodes = try XMLCollector.parse(FigureRenderer.render(figure))
        #expect(nodes.filter { $0.attributes["class"] == "deadlock" }.count == 8)  // 4 points × 2 panels
        #expect(nodes.texts.contains { $0.hasPrefix("× DEADLOCK") })
        // A value missing for another reason (a class without tasks at the point) gets no mark on the axis.
        let csv = "point,arrivals.rate,replications,deadlocked_ratio_mean,latency_held_p99_us_mean\n"
            + "0,200,3,0.5,nan\n1,600,3,1,nan\n2,1200,3,0,100\n"
        let partial = try ResultSummary(table: CSVTable.parse(csv, file: "s"), file: "s")
        let held = ResultFigures.lines(
            partial, layout: try SweepLayout(summary: partial), metric: "latency_held_p99_us", factor: 1)
        #expect(held[0].points.map(\.x) == [600, 1200])
        #expect(held[0].points.map(\.deadlocked) == [true, false])
        // A figure without deadlocks has neither marks nor the note.
        let plain = try ResultFolder.load(try Fixture.folder())
        let nodesPlain = try XMLCollector.parse(
            FigureRenderer.render(ResultFigures.latency(plain, layout: SweepLayout(summary: plain.summary))))
        #expect(!nodesPlain.contains { $0.attributes["class"] == "deadlock" })
        #expect(!nodesPlain.texts.contains { $0.contains("DEADLOCK") })
    }

    @Test func intervalsOfNonNegativeMetricsAreClippedAtZero() throws {
        let folder = try LocksFixture.folder()
        let figure = ResultFigures.utilisation(folder, layout: try SweepLayout(summary: folder.summary))
        let stall = try #require(figure.panels.first { $0.title == "executor stall time" })
        #expect(stall.series.flatMap(\.points).allSatisfy { ($0.lower ?? 0) >= 0 })
        let (plans, _) = PanelRenderer.plans([stall], sharedAxes: false, panelWidth: 440)
        #expect(plans[0].yScale.ticks.allSatisfy { $0.value >= 0 }, "the y axis does not go below 0")
    }

    @Test func categoricalAxesShowEveryCategory() {
        let names = ["block", "spawn_blocking", "io"]
        let scale = AxisScale(spec: AxisSpec(title: "kind", categories: names), values: [0, 1, 2])
        for width in [120.0, 200, 348] {
            let labels = PanelRenderer.xLabels(scale, categorical: true, plotWidth: width)
            #expect(labels.count == 3)
            #expect(labels.map(\.tick.value) == [0, 1, 2])
        }
        #expect(PanelRenderer.xLabels(scale, categorical: true, plotWidth: 348).map(\.text) == names)
        // A numeric axis may drop ticks to make room; a categorical one never does.
        let numeric = AxisScale(spec: AxisSpec(title: ""), values: [0, 100_000])
        #expect(PanelRenderer.xLabels(numeric, categorical: false, plotWidth: 60).count < numeric.ticks.count)
    }

    @Test func wholeNumberedValuesGetWholeNumberedTicks() {
        // Fails without the integral step: 2 and 4 workers gave ticks 2, 2.5, 3, 3.5, 4.
        #expect(AxisScale(spec: AxisSpec(title: "workers"), values: [2, 4]).ticks.map(\.value) == [2, 3, 4])
        #expect(AxisScale(spec: AxisSpec(title: "ms"), values: [2, 4.5]).ticks.map(\.value) == [2, 2.5, 3, 3.5, 4, 4.5])
    }

    @Test func ccdfAndTerminalHistogramSpanWhereTheValuesAre() throws {
        // An M/M/1-like latency: a handful of values at 1 ns among a million near 100 µs.
        var buckets = [HistogramBucket(lowerNanoseconds: 1, upperNanoseconds: 2, count: 3)]
        var lower: Int64 = 50_000
        for count in [100_000, 400_000, 300_000, 150_000, 40_000, 9_000, 1_000] as [UInt64] {
            buckets.append(HistogramBucket(lowerNanoseconds: lower, upperNanoseconds: lower * 2, count: count))
            lower *= 2
        }
        let range = try #require(CCDF.occupiedRange(buckets))
        #expect(range.low == 50)
        #expect(range.high == 6400)
        let curve = CCDF.points(buckets, from: range.low)
        #expect(curve.first?.x == 50)
        #expect(abs((curve.first?.probability ?? 0) - (1 - 3.0 / 1_000_003)) < 1e-12)

        let directory = NSTemporaryDirectory() + "plotting-range-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try "point,arrivals.rate,replications,latency_p99_us_mean\n0,5000,2,500\n"
            .write(toFile: directory + "/summary.csv", atomically: true, encoding: .utf8)
        var histograms = "point,metric,bucket_lower_us,bucket_upper_us,count\n"
        for bucket in buckets {
            histograms += "0,latency,\(bucket.lowerMicroseconds),\(bucket.upperMicroseconds),\(bucket.count)\n"
        }
        try histograms.write(toFile: directory + "/histograms.csv", atomically: true, encoding: .utf8)
        let folder = try ResultFolder.load(directory)
        let figure = try #require(ResultFigures.distributions(folder, layout: SweepLayout(summary: folder.summary)))
        let (plans, _) = PanelRenderer.plans(figure.panels, sharedAxes: true, panelWidth: 440)
        // The x axis starts within a decade of the values, not six decades below them.
        #expect(plans[0].xScale.low >= log10(0.01))
        let text = try #require(TerminalHistogram.render(folder, width: 40))
        #expect(text.hasPrefix("latency distribution, 0.05 ms to 6.4 ms"))
    }
}
