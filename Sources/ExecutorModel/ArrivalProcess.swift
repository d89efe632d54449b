import SimKernel
import SimStats

/// How requests arrive.
///
/// Open processes (`poisson`, `constantRate`, `onOff`, `replay`) do not depend on how fast the runtime serves them;
/// the closed process does: each client sends its next request only after the previous one completed.
public enum ArrivalProcess: Sendable, Hashable {
    /// A Poisson process: exponential inter-arrival times with the given rate in tasks per second.
    case poisson(ratePerSecond: Double)
    /// Evenly spaced arrivals at the given rate in tasks per second.
    case constantRate(ratePerSecond: Double)
    /// `clients` clients, each in a loop (as `wrk` does): think for a sample of `think`, send a request, wait for it
    /// to complete, repeat. Throughput follows from Little's law: clients / (mean think + mean latency).
    case closed(clients: Int, think: Distribution)
    /// Bursts: Poisson arrivals at `ratePerSecond` during on-periods, none during off-periods; the process starts
    /// with an on-period, and period lengths are drawn from `on` and `off` (ns).
    case onOff(ratePerSecond: Double, on: Distribution, off: Distribution)
    /// A request log replayed as written: every replication sees the same arrivals (only step durations differ).
    case replay([ReplayedRequest])

    /// The long-run mean arrival rate in tasks per second, or `nil` for a closed process, whose rate depends on the
    /// latency it meets.
    public var meanRatePerSecond: Double? {
        switch self {
        case let .poisson(rate), let .constantRate(rate): return rate
        case .closed: return nil
        case let .onOff(rate, on, off):
            let cycle = on.mean + off.mean
            return cycle > 0 ? rate * on.mean / cycle : rate
        case let .replay(requests):
            guard let last = requests.last, last.arrival > 0 else { return nil }
            return Double(requests.count) / (Double(last.arrival) / 1e9)
        }
    }
}

/// One request of a replayed log.
public struct ReplayedRequest: Sendable, Hashable {
    /// When it arrives, in ns from the start of the run.
    public var arrival: Nanoseconds
    /// Index of its class in `Workload.classes`, or `nil` to choose by the class weights.
    public var taskClass: Int?

    public init(arrival: Nanoseconds, taskClass: Int?) {
        self.arrival = arrival
        self.taskClass = taskClass
    }
}

/// Who spawns each arriving request's task.
public enum ArrivalSpawner: String, Sendable, Hashable, CaseIterable {
    /// `Handle::spawn` from a thread outside the runtime (a separate acceptor thread): inject queue plus a notify.
    case outside
    /// An accept loop running as a task on the runtime (`loop { listener.accept().await; tokio::spawn(..) }`, as in
    /// axum and hyper servers): each connection is a readiness event the I/O driver delivers, and the acceptor's
    /// `tokio::spawn` puts the new task in its worker's LIFO slot, which other workers cannot steal (tokio#4941).
    case acceptLoop = "accept_loop"
}
