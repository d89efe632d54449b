/// The three summary.csv columns of each metric, named `<metric><suffix>`: its mean over replications and the bounds
/// of its 95% confidence interval.
public enum SummaryStatistic: CaseIterable, Sendable {
    /// `<metric>_mean`.
    case mean
    /// `<metric>_ci95_lo`.
    case ci95Lower
    /// `<metric>_ci95_hi`.
    case ci95Upper

    /// What follows the metric's name in the column's name.
    public var suffix: String {
        switch self {
        case .mean: "_mean"
        case .ci95Lower: "_ci95_lo"
        case .ci95Upper: "_ci95_hi"
        }
    }

    /// The column of this statistic of `metric`, e.g. `latency_p99_us_ci95_hi`.
    public func column(for metric: String) -> String { metric + suffix }

    /// The metric whose column of this statistic `column` is, or nil if `column` does not end with the suffix.
    public func metric(inColumn column: String) -> String? {
        column.hasSuffix(suffix) ? String(column.dropLast(suffix.count)) : nil
    }

    /// The three columns of `metric`, in file order: mean, CI lower bound, CI upper bound.
    public static func columns(for metric: String) -> [String] {
        allCases.map { $0.column(for: metric) }
    }
}
