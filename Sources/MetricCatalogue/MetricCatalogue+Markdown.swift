extension MetricCatalogue {
    /// The catalogue as a Markdown table, one row per metric: the README's metric table (a test keeps them equal) and
    /// what `simexec metrics` prints.
    public static var markdownTable: String {
        var lines = [
            "| metric | unit | better | covers | meaning |",
            "|---|---|---|---|---|",
        ]
        for metric in all {
            lines.append(
                "| `\(metric.name)` | \(metric.unit.symbol) | \(metric.better.rawValue) | \(metric.window.rawValue) "
                    + "| \(metric.meaning) |")
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
