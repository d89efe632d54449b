/// The table printed at the end of a run: one row per sweep point.
public enum ResultTable {
    public static func render(_ results: ExperimentResults) -> String {
        let plan = results.plan
        var header = ["point"] + plan.sweepColumns
        header += ["throughput/s", "p50 ms", "p99 ms", "p99.9 ms"]
        // With several task classes, each class's p99 too: the cost of blocking shows in the *other* classes.
        let classes = plan.classNames.count > 1 ? plan.classNames : []
        header += classes.map { "\($0) p99 ms" }
        header += ["stall %"]
        var rows: [[String]] = []
        for point in plan.points {
            var row = [String(point.index)] + point.sweptValues
            row.append(cell(results, point.index, "throughput_per_s", scale: 1))
            row.append(cell(results, point.index, "latency_p50_us", scale: 1e-3))
            row.append(cell(results, point.index, "latency_p99_us", scale: 1e-3))
            row.append(cell(results, point.index, "latency_p999_us", scale: 1e-3))
            for name in classes { row.append(cell(results, point.index, "latency_\(name)_p99_us", scale: 1e-3)) }
            row.append(cell(results, point.index, "stall_ratio", scale: 100))
            rows.append(row)
        }
        let widths = header.indices.map { column in
            ([header[column]] + rows.map { $0[column] }).map(\.count).max() ?? 0
        }
        func line(_ cells: [String]) -> String {
            cells.enumerated().map { column, text in
                let padding = String(repeating: " ", count: widths[column] - text.count)
                // Text columns (swept values) left-aligned, numbers right-aligned.
                return column == 0 || column > plan.sweepColumns.count ? padding + text : text + padding
            }.joined(separator: "  ")
        }
        var text = line(header) + "\n"
        text += widths.map { String(repeating: "-", count: $0) }.joined(separator: "  ") + "\n"
        for row in rows { text += line(row) + "\n" }
        text += "mean ± 95% CI half-width over \(plan.replications) replications\n"
        return text
    }

    private static func cell(_ results: ExperimentResults, _ point: Int, _ metric: String, scale: Double) -> String {
        guard let index = results.metricIndex(metric) else { return "-" }
        let interval = results.summary(point: point, metric: index)
        let mean = NumberFormatting.readable(interval.mean * scale)
        guard interval.halfWidth.isFinite else { return mean }
        return mean + " ± " + NumberFormatting.readable(interval.halfWidth * scale, digits: 2)
    }
}
