/// How tasks arrive: an open-loop process, independent of how fast the runtime serves them.
///
/// Arrivals are spawned from outside the runtime (`Handle::spawn` from a non-worker thread), so each one goes to the
/// inject queue and notifies a parked worker, like requests accepted by a separate acceptor thread.
public enum ArrivalProcess: Sendable, Hashable {
    /// A Poisson process: exponential inter-arrival times with the given rate in tasks per second.
    case poisson(ratePerSecond: Double)
    /// Evenly spaced arrivals at the given rate in tasks per second.
    case constantRate(ratePerSecond: Double)

    /// The mean arrival rate in tasks per second.
    public var ratePerSecond: Double {
        switch self {
        case let .poisson(rate), let .constantRate(rate): return rate
        }
    }
}
