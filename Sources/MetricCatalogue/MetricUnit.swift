/// The unit of a metric's values. Every metric's name ends with its unit's suffix, so a CSV column says its unit.
public enum MetricUnit: String, Sendable, Hashable, CaseIterable {
    case microseconds
    case milliseconds
    /// A dimensionless share, 0 ... 1 (or above 1 for imbalance).
    case ratio
    case perSecond
    case count

    /// The ending of every metric name with this unit: `_us`, `_ms`, `_ratio`, `_per_s`, `_count`.
    public var nameSuffix: String {
        switch self {
        case .microseconds: "_us"
        case .milliseconds: "_ms"
        case .ratio: "_ratio"
        case .perSecond: "_per_s"
        case .count: "_count"
        }
    }

    /// How the unit is written next to a number: `µs`, `ms`, `ratio`, `/s`, `count`.
    public var symbol: String {
        switch self {
        case .microseconds: "µs"
        case .milliseconds: "ms"
        case .ratio: "ratio"
        case .perSecond: "/s"
        case .count: "count"
        }
    }

    /// Nanoseconds in one of this unit; nil for units that are not times.
    public var nanoseconds: Double? {
        switch self {
        case .microseconds: 1e3
        case .milliseconds: 1e6
        case .ratio, .perSecond, .count: nil
        }
    }
}
