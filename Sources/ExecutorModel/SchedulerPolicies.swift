import SimKernel

/// Scheduler designs that no Tokio release ships by default, each a switch any profile accepts (all off by default).
public struct SchedulerPolicies: Sendable, Hashable {
    /// The LIFO slot can be stolen: a stealer that finds a victim's queue empty takes the task in its LIFO slot, and
    /// a push to the slot notifies a parked worker (Tokio 1.51.0, tokio#7431; reverted in 1.51.2 for a ~30% throughput
    /// loss, tokio#8065, #8100).
    public var lifoStealable = false
    /// A worker that polled the I/O driver wakes a parked peer before polling a task, so someone takes over the
    /// driver (tokio#8010, unstable since 1.52; the answer to tokio#4730).
    public var eagerDriverHandoff = false
    /// Go's sysmon applied to Tokio: a monitor thread that finds a worker stuck in one poll (a `block` step or a `cpu`
    /// segment) for longer than this, in ns, hands its core (LIFO slot, queue, driver turns) to a fresh or idle
    /// thread, as `block_in_place` would; the stuck thread finishes its poll without a core and then joins the
    /// blocking pool. `nil`: off (Tokio declined this design).
    public var blockedWorkerHandoff: Nanoseconds?
    /// The monitor's shortest period, in ns: it checks every period, doubling the period (up to
    /// ``monitorMaxPeriod``) after 50 checks that found nothing, and dropping back after a handoff (Go's sysmon:
    /// 20 µs to 10 ms).
    public var monitorPeriod: Nanoseconds = 20 * .nanosecondsPerMicrosecond
    /// The longest period the idle monitor backs off to, in ns (Go: 10 ms); at most ``monitorPeriod`` turns the
    /// back-off off.
    public var monitorMaxPeriod: Nanoseconds = 10 * .nanosecondsPerMillisecond

    public init() {}
}
