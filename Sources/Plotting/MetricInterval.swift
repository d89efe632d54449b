/// A metric's mean over replications and its 95% confidence interval, as in summary.csv.
public struct MetricInterval: Sendable, Equatable {
    public var mean: Double
    public var lower: Double
    public var upper: Double

    public init(mean: Double, lower: Double, upper: Double) {
        self.mean = mean
        self.lower = lower
        self.upper = upper
    }

    /// The interval with every value multiplied by `factor` (a change of unit).
    public func scaled(by factor: Double) -> MetricInterval {
        MetricInterval(mean: mean * factor, lower: lower * factor, upper: upper * factor)
    }
}
