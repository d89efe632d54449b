/// One bucket of a latency histogram from histograms.csv, in µs.
public struct HistogramBucket: Sendable, Equatable {
    public var lower: Double
    public var upper: Double
    public var count: Double

    public init(lower: Double, upper: Double, count: Double) {
        self.lower = lower
        self.upper = upper
        self.count = count
    }
}
