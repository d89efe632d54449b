import MetricCatalogue

/// A latency or throughput objective of `simexec size`: `METRIC<=VALUE` or `METRIC>=VALUE`, in the metric's unit.
public struct SizeObjective: Sendable, Hashable {
    /// The metric column (`latency_p99_us`), resolved from a catalogue name or a short name (`p99`).
    public var metric: String
    /// Whether the metric must stay at or below (`<=`) the target, else at or above it (`>=`).
    public var isUpperLimit: Bool
    public var target: Double

    /// `METRIC<=VALUE` or `METRIC>=VALUE` as written on the command line.
    public var text: String { "\(metric)\(isUpperLimit ? "<=" : ">=")\(NumberFormatting.significant(target, digits: 6))" }

    /// Parses `--objective` text; `metrics` are the known metric columns.
    static func parse(_ text: String, metrics: [String]) throws(ExperimentError) -> SizeObjective {
        let option = "--objective \(text)"
        let operators = ["<=", ">="]
        guard let op = operators.first(where: { text.contains($0) }), let range = text.range(of: op) else {
            throw ExperimentError(
                keyPath: option,
                message: "expected METRIC<=VALUE or METRIC>=VALUE, e.g. --objective 'latency_p99_us<=10000' or "
                    + "--objective 'throughput_per_s>=1900'")
        }
        let name = String(text[..<range.lowerBound]).trimmingCharacters(in: .whitespaces)
        let valueText = String(text[range.upperBound...]).trimmingCharacters(in: .whitespaces)
        guard let target = Double(valueText), target.isFinite else {
            throw ExperimentError(
                keyPath: option, message: "the target \"\(valueText)\" is not a number; give it in the metric's unit "
                    + "(latency_p99_us is in µs: 10 ms is 10000)")
        }
        let resolved = MetricCatalogue.column(named: name)
        guard metrics.contains(resolved) else {
            let suggestion = Suggestions.closest(to: name, among: metrics + MetricCatalogue.shortNames.keys.sorted())
                .map { "; did you mean \"\($0)\"?" } ?? ""
            throw ExperimentError(
                keyPath: option,
                message: "unknown metric \"\(name)\"\(suggestion) (metrics are the columns of summary.csv, e.g. "
                    + "latency_p99_us or latency_handler_p99_us, or the short names p50, p99, p999, throughput)")
        }
        return SizeObjective(metric: resolved, isUpperLimit: op == "<=", target: target)
    }
}
