import Foundation
import ResultFiles

/// A compact text picture of the latency distribution for the terminal: one row of block characters per point, for
/// the baseline (point 0) and the point with the worst mean p99, on a shared logarithmic latency axis that spans where
/// the values are (``CCDF/occupiedRange(_:)``: the smallest 1% may lie left of it).
public enum TerminalHistogram {
    static let levels: [Character] = [" ", "▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"]

    /// The picture, or nil when the folder has no latency histograms. `width` is the bars' columns, fewer (at least 8)
    /// when lines must stay under `lineWidth` characters (the terminal's width).
    public static func render(_ folder: ResultFolder, width: Int = 48, lineWidth: Int = .max) -> String? {
        guard let histograms = folder.histograms, let baseline = folder.summary.points.first else { return nil }
        let summary = folder.summary
        let worstRow = summary.points.indices.max { a, b in
            (summary.interval("latency_p99_us", row: a)?.mean ?? -1) < (summary.interval("latency_p99_us", row: b)?.mean ?? -1)
        } ?? 0
        var rows = [0]
        if worstRow != 0 { rows.append(worstRow) }
        let bucketSets = rows.map { histograms.buckets(point: summary.points[$0].index, metric: "latency") }
        // The axis spans where the values are: a few outliers decades below the rest are left out.
        let ranges = bucketSets.compactMap(CCDF.occupiedRange)
        guard let low = ranges.map(\.low).filter({ $0 > 0 }).min(), let high = ranges.map(\.high).max(), high > low
        else {
            return nil
        }
        let logLow = log10(low)
        let span = log10(high) - logLow
        func column(_ value: Double) -> Int {
            min(columns - 1, max(0, Int((log10(max(value, low)) - logLow) / span * Double(columns))))
        }
        let unit = LatencyUnit(maximumMicroseconds: high)
        func label(_ microseconds: Double) -> String {
            TickLabel.format(Double(String(format: "%.3g", microseconds * unit.factor)) ?? 0) + " " + unit.name
        }
        let names = rows.map { row -> String in
            row == 0 ? "point \(baseline.index) (baseline)" : "point \(summary.points[row].index) (worst p99)"
        }
        let nameWidth = names.map(\.count).max() ?? 0
        let p99Labels = rows.map { row in summary.interval("latency_p99_us", row: row).map { "p99 \(label($0.mean))" } ?? "" }
        // A bar row is "  NAME  │BARS│  P99"; it stays one character short of the line.
        let besideBars = 2 + nameWidth + 2 + 2 + 2 + (p99Labels.map(\.count).max() ?? 0)
        let columns = max(8, min(width, lineWidth - 1 - besideBars))
        let title = "latency distribution, \(label(low)) to \(label(high))"
        let scale = "on a log scale (bar height ∝ log of the count):"
        var text = title.count + 1 + scale.count < lineWidth ? "\(title) \(scale)\n" : "\(title),\n\(scale)\n"
        for (offset, buckets) in bucketSets.enumerated() {
            var counts = Array(repeating: 0.0, count: columns)
            for bucket in buckets {
                // A bucket may span several columns, or share one with its neighbours: spread it evenly.
                guard bucket.upperMicroseconds > low else { continue }
                let first = column(bucket.lowerMicroseconds)
                let last = max(first, column(bucket.upperMicroseconds * 0.9999))
                for index in first...last { counts[index] += Double(bucket.count) / Double(last - first + 1) }
            }
            let top = log1p(counts.max() ?? 0)
            let bars = String(counts.map { count -> Character in
                guard count > 0, top > 0 else { return levels[0] }
                return levels[max(1, min(8, Int((log1p(count) / top * 8).rounded(.up))))]
            })
            let name = names[offset].padding(toLength: nameWidth, withPad: " ", startingAt: 0)
            text += "  \(name)  │\(bars)│  \(p99Labels[offset])\n"
        }
        return text
    }
}
