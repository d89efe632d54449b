/// Which way a metric should move for a configuration to be better: what `simexec compare` calls worse or better.
public enum BetterDirection: String, Sendable, Hashable, CaseIterable {
    /// More is better (throughput).
    case higher
    /// Less is better (latencies, stalls, leaks).
    case lower
    /// Neither direction is better in itself (poll and steal counts, utilisation).
    case neither
}
