import Foundation
import MetricCatalogue
import ResultFiles
import SimStats

/// Renders a comparison as a terminal table, Markdown, CSV or JSON.
extension Compare {
    static func render(_ outcome: Outcome, format: CompareFormat, width: Int) -> String {
        switch format {
        case .table: return table(outcome, width: width)
        case .markdown: return markdown(outcome)
        case .csv: return csv(outcome)
        case .json: return json(outcome)
        }
    }

    // MARK: Cells

    /// `4174 ± 154` (the mean to its half-width's decimals, as in the run table), or `-` without a value.
    static func meanCell(_ interval: CompareEstimate?) -> String {
        guard let interval else { return "-" }
        return MeanIntervalText.interval(mean: interval.mean, halfWidth: interval.halfWidth)
    }

    /// `+12.3%`, `-0.4%`, `0%`, `from 0` when the baseline is 0, `-` when unknown.
    static func changeCell(_ row: CompareRow) -> String {
        let change = row.relativeChange
        if change.isNaN { return "-" }
        if change.isInfinite { return "from 0" }
        if change == 0 { return "0%" }
        let percent = change * 100
        let digits = abs(percent) >= 100 ? 0 : 1
        let text = String(format: "%+.\(digits)f%%", percent)
        return text == "+0.0%" || text == "-0.0%" ? String(format: "%+.2g%%", percent) : text
    }

    /// `0.0123`, `<0.0001`, `-` when untested.
    static func pCell(_ p: Double) -> String {
        if p.isNaN { return "-" }
        if p < 0.0001 { return "<0.0001" }
        return String(format: "%.4f", p)
    }

    static func resultCell(_ row: CompareRow) -> String {
        if row.verdict == .regression, let threshold = row.threshold {
            return "REGRESSION (beyond \(threshold.split(separator: ":").last.map(String.init) ?? threshold))"
        }
        return row.verdict.rawValue
    }

    static func describe(_ run: ComparedRun) -> String {
        let points = run.points.count
        var text = "\(points) point\(points == 1 ? "" : "s") × \(run.replicationCount) replications"
        switch run.kind {
        case .replications:
            let seeds = run.seeds
            text += seeds.count == 1 ? ", seed \(seeds[0])" : ", seeds \(seeds.joined(separator: ", "))"
        case .summary:
            text += ", means and CIs only"
        }
        return text
    }

    /// Which test the tested rows used, in words.
    static func testsUsed(_ outcome: Outcome) -> String {
        let tests = Set(outcome.rows.compactMap(\.test))
        let paired = "the paired t-test on per-replication differences (both runs used the same seeds: common random numbers)"
        let welch = "Welch's t-test (the runs' replications do not share seeds: other seeds or another number of "
            + "replications, or a side is a summary.csv)"
        switch (tests.contains(.paired), tests.contains(.welch)) {
        case (true, false): return paired
        case (false, true): return welch
        case (true, true): return "\(paired) where the seeds match, else \(welch)"
        case (false, false): return "none (fewer than 2 values per side)"
        }
    }

    static func thresholdsText(_ outcome: Outcome) -> String {
        outcome.metrics.compactMap { outcome.thresholds[$0] }.map { "\($0.metric):\($0.text)" }
            .joined(separator: ", ")
    }

    /// The one-line verdict.
    static func verdictLine(_ outcome: Outcome) -> String {
        let failures = outcome.rows.filter { $0.verdict == .regression }.count
        let alpha = NumberFormatting.significant(outcome.alpha, digits: 3)
        if failures > 0 {
            return "FAIL: \(failures) change\(failures == 1 ? " is" : "s are") worse than the --fail-on threshold and "
                + "significant at alpha \(alpha)"
        }
        if outcome.thresholds.isEmpty {
            return "no --fail-on threshold given: nothing can fail"
        }
        return "ok: no change is both worse than its --fail-on threshold and significant at alpha \(alpha)"
    }

    static func pointLabel(_ row: CompareRow, _ outcome: Outcome) -> String {
        ComparedRun.describe(row.point, columns: outcome.sweepColumns)
    }

    // MARK: Table

    /// One row per point and metric, the swept keys shortened as in the run table and headers wrapped on a line
    /// narrower than the table.
    static func table(_ outcome: Outcome, width: Int) -> String {
        var text = "baseline:  \(outcome.baseline.file) (\(describe(outcome.baseline)))\n"
        text += "candidate: \(outcome.candidate.file) (\(describe(outcome.candidate)))\n"
        text += "test: \(testsUsed(outcome)); alpha \(NumberFormatting.significant(outcome.alpha, digits: 3))\n"
        let thresholds = thresholdsText(outcome)
        if !thresholds.isEmpty { text += "fail on: \(thresholds)\n" }
        text += "\n"
        let labels = SweepColumnLabels.labels(for: outcome.sweepColumns)
        let header = labels + ["metric", "baseline", "candidate", "change", "p", "test", "result"]
        let rows = outcome.rows.map { row in
            row.point + [
                row.metric, meanCell(row.baseline), meanCell(row.candidate), changeCell(row), pCell(row.pValue),
                row.test?.rawValue ?? "-", resultCell(row),
            ]
        }
        var columns = TextColumns(
            header: header, rows: rows, rightAligned: Set([1, 2, 3, 4].map { outcome.sweepColumns.count + $0 }))
        if columns.width > width { columns = columns.wrappingHeaders() }
        text += columns.rendered()
        text += "mean ± 95% CI half-width; change = (candidate − baseline) / baseline\n"
        let shortened = zip(labels, outcome.sweepColumns).filter { $0 != $1 }
        if !shortened.isEmpty {
            text += "swept keys shortened above:\n" + shortened.map { "  \($0) = \($1)\n" }.joined()
        }
        text += "\n"
        text += verdictLine(outcome) + "\n"
        for row in outcome.rows where row.verdict == .regression {
            text += "  \(row.metric) at \(pointLabel(row, outcome)): \(meanCell(row.baseline)) → "
                + "\(meanCell(row.candidate)) (\(changeCell(row)), p \(pCell(row.pValue)), \(row.test?.rawValue ?? "-") "
                + "test), threshold \(row.threshold ?? "-")\n"
        }
        return text
    }

    // MARK: Markdown

    static func markdownCell(_ text: String) -> String {
        text.replacingOccurrences(of: "|", with: "\\|")
    }

    static func markdown(_ outcome: Outcome) -> String {
        let failures = outcome.rows.filter { $0.verdict == .regression }
        var text: String
        if !failures.isEmpty {
            text = "### ❌ simexec compare: \(failures.count) regression\(failures.count == 1 ? "" : "s")\n\n"
        } else if outcome.thresholds.isEmpty {
            text = "### simexec compare\n\n"
        } else {
            text = "### ✅ simexec compare: no regression\n\n"
        }
        text += "- **Baseline:** `\(outcome.baseline.file)` (\(describe(outcome.baseline)))\n"
        text += "- **Candidate:** `\(outcome.candidate.file)` (\(describe(outcome.candidate)))\n"
        text += "- **Test:** \(testsUsed(outcome)), α = \(NumberFormatting.significant(outcome.alpha, digits: 3))\n"
        let thresholds = thresholdsText(outcome)
        if !thresholds.isEmpty {
            text += "- **Fails on:** "
                + outcome.metrics.compactMap { outcome.thresholds[$0] }.map { "`\($0.metric):\($0.text)`" }
                .joined(separator: ", ") + " when the change is also significant\n"
        }
        text += "\n"
        let header = outcome.sweepColumns.map { "`\($0)`" } + [
            "metric", "baseline", "candidate", "change", "p", "test", "result",
        ]
        let alignment = outcome.sweepColumns.map { _ in "---" } + ["---", "---:", "---:", "---:", "---:", "---", "---"]
        var table = "| " + header.map(markdownCell).joined(separator: " | ") + " |\n"
        table += "|" + alignment.joined(separator: "|") + "|\n"
        for row in outcome.rows {
            let result: String
            switch row.verdict {
            case .regression: result = "❌ **\(resultCell(row).lowercased())**"
            case .worse: result = "⚠️ worse"
            case .better: result = "✅ better"
            default: result = row.verdict.rawValue
            }
            let change = row.verdict == .regression ? "**\(changeCell(row))**" : changeCell(row)
            let cells = row.point + [
                "`\(row.metric)`", meanCell(row.baseline), meanCell(row.candidate), change, pCell(row.pValue),
                row.test?.rawValue ?? "-", result,
            ]
            table += "| " + cells.map(markdownCell).joined(separator: " | ") + " |\n"
        }
        if outcome.rows.count > 30 {
            text += "<details><summary>All \(outcome.rows.count) comparisons</summary>\n\n\(table)\n</details>\n"
        } else {
            text += table
        }
        text += "\nMean ± 95% CI half-width over replications; change = (candidate − baseline) / baseline.\n"
        text += "\n**\(verdictLine(outcome))**\n"
        return text
    }

    // MARK: CSV and JSON

    static func csv(_ outcome: Outcome) -> String {
        var text = CSVWriter.line(
            outcome.sweepColumns + [
                "metric", "baseline_mean", "baseline_ci95_half_width", "baseline_replications", "candidate_mean",
                "candidate_ci95_half_width", "candidate_replications", "difference", "relative_change", "p_value",
                "test", "threshold", "result",
            ])
        for row in outcome.rows {
            text += CSVWriter.line(
                row.point + [
                    row.metric,
                    NumberFormatting.csv(row.baseline?.mean ?? .nan),
                    NumberFormatting.csv(row.baseline?.halfWidth ?? .nan),
                    row.baseline.map { String($0.count) } ?? "0",
                    NumberFormatting.csv(row.candidate?.mean ?? .nan),
                    NumberFormatting.csv(row.candidate?.halfWidth ?? .nan),
                    row.candidate.map { String($0.count) } ?? "0",
                    NumberFormatting.csv(row.difference),
                    NumberFormatting.csv(row.relativeChange),
                    NumberFormatting.significant(row.pValue, digits: 6),
                    row.test?.rawValue ?? "",
                    row.threshold.map { String($0.split(separator: ":").last ?? "") } ?? "",
                    row.verdict.rawValue,
                ])
        }
        return text
    }

    static func json(_ outcome: Outcome) -> String {
        func side(_ run: ComparedRun) -> JSONValue {
            .object([
                ("file", .string(run.file)),
                ("kind", .string(run.kind.fileName)),
                ("points", .integer(Int64(run.points.count))),
                ("replications", .integer(Int64(run.replicationCount))),
                ("seeds", .array(run.seeds.map { UInt64($0).map(JSONValue.unsigned) ?? .string($0) })),
            ])
        }
        func interval(_ value: CompareEstimate?) -> JSONValue {
            guard let value else { return .null }
            return .object([
                ("mean", .double(value.mean)),
                ("ci95_half_width", .double(value.halfWidth)),
                ("replications", .integer(Int64(value.count))),
            ])
        }
        let rows = outcome.rows.map { row in
            JSONValue.object([
                ("point", .object(zip(outcome.sweepColumns, row.point).map { ($0, JSONValue.string($1)) })),
                ("metric", .string(row.metric)),
                ("baseline", interval(row.baseline)),
                ("candidate", interval(row.candidate)),
                ("difference", .double(row.difference)),
                ("relative_change", .double(row.relativeChange)),
                ("p_value", .double(row.pValue)),
                ("test", row.test.map { .string($0.rawValue) } ?? .null),
                ("threshold", row.threshold.map { .string($0) } ?? .null),
                ("result", .string(row.verdict.rawValue)),
            ])
        }
        let failures = outcome.rows.filter { $0.verdict == .regression }.count
        let document = JSONValue.object([
            ("baseline", side(outcome.baseline)),
            ("candidate", side(outcome.candidate)),
            ("alpha", .double(outcome.alpha)),
            ("sweep_columns", .array(outcome.sweepColumns.map(JSONValue.string))),
            ("metrics", .array(outcome.metrics.map(JSONValue.string))),
            ("fail_on", .array(outcome.metrics.compactMap { outcome.thresholds[$0] }.map { .string("\($0.metric):\($0.text)") })),
            ("regressions", .integer(Int64(failures))),
            ("passed", .bool(failures == 0)),
            ("rows", .array(rows)),
        ])
        return document.serialized() + "\n"
    }
}
