/// The metrics whose histograms the result files hold (histograms.csv's `metric` column, a partial's `histograms`).
public enum HistogramMetric: String, CaseIterable, Sendable {
    /// Task latency.
    case latency
    /// Scheduled delay: wake to poll, for every poll.
    case scheduledDelay = "scheduled_delay"
}
