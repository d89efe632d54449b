import MetricCatalogue
import Plotting

/// How a column's values are shown: the unit in its header and the factor from the metric's unit.
struct DisplayUnit: Sendable, Equatable {
    /// The header's unit, e.g. `ms`; empty for a plain count.
    var symbol: String
    /// Multiplies a value in the metric's unit.
    var factor: Double

    /// Times in µs or ms, whichever keeps the largest mean short; ratios in %; rates per second; counts as they are.
    init(_ unit: MetricUnit, largest: Double) {
        switch unit {
        case .microseconds:
            self = largest >= 1000 ? DisplayUnit(symbol: "ms", factor: 1e-3) : DisplayUnit(symbol: "µs", factor: 1)
        case .milliseconds: self = DisplayUnit(symbol: "ms", factor: 1)
        case .ratio: self = DisplayUnit(symbol: "%", factor: 100)
        case .perSecond: self = DisplayUnit(symbol: "/s", factor: 1)
        case .count: self = DisplayUnit(symbol: "", factor: 1)
        }
    }

    private init(symbol: String, factor: Double) {
        self.symbol = symbol
        self.factor = factor
    }

    /// `label (unit)`, or the label alone for a count.
    func header(_ label: String) -> String { symbol.isEmpty ? label : "\(label) (\(symbol))" }

    /// The unit of `metric`'s values in the folder, scaled to its largest mean.
    static func of(_ metric: String, in summary: ResultSummary) -> DisplayUnit {
        let unit = MetricCatalogue.metric(forColumn: metric)?.unit ?? .count
        let largest = summary.points.indices.compactMap { summary.interval(metric, row: $0)?.mean }
            .map(abs).max() ?? 0
        return DisplayUnit(unit, largest: largest)
    }

    /// The cell of `metric` at `row`: mean ± half-width in this unit; `–` when it was not measured.
    func cell(_ metric: String, row: Int, in summary: ResultSummary) -> String {
        guard let interval = summary.interval(metric, row: row) else { return "–" }
        let scaled = interval.scaled(by: factor)
        return ReportNumberFormat.interval(mean: scaled.mean, halfWidth: (scaled.upper - scaled.lower) / 2)
    }
}
