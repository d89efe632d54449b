import DequeModule
import SimKernel

/// A registered timer: a `sleep` of a task, or the deadline of one of its `timeout` groups.
struct TimerEntry {
    var task: TaskID
    /// For a sleep, the task's generation when it registered; for a timeout, the group's scope id.
    var token: UInt32
    var isTimeout: Bool
}

/// Tokio's combined I/O and time driver: completions and timers are delivered only when a thread turns it.
///
/// One parked worker at a time holds the driver and blocks in `epoll_wait` until the next timer tick, an I/O
/// completion or an unpark; busy workers turn it every `event_interval` ticks if nobody holds it. Timers have a
/// resolution of `resolution` ns: a deadline rounds up to the next tick, and a parked driver sleeps a whole number of
/// ticks counted from the truncated current tick (Tokio 1.24 `time/source.rs`, `time/mod.rs` `park_internal`).
struct Driver {
    let resolution: Nanoseconds
    /// The worker parked in the driver, or -1.
    var holder: Int32 = -1
    /// Pending timers, keyed by deadline tick.
    var timers = EventQueue<TimerEntry>()
    /// The last tick the driver processed (`wheel.elapsed`); timers at or before it fire at once.
    var elapsedTick: Int64 = 0
    /// Tasks whose I/O completed but that the driver has not yet delivered, with their generation then and when the
    /// completion happened (ns).
    var readyIO = Deque<(task: TaskID, generation: UInt32, readyAt: Nanoseconds)>()

    init(resolution: Nanoseconds) {
        self.resolution = resolution
    }

    /// The tick a timer registered at `now` for `delay` ns waits for: `ceil((now + delay) / resolution)`.
    func deadlineTick(now: Nanoseconds, delay: Nanoseconds) -> Int64 {
        (now + delay + resolution - 1) / resolution
    }

    /// Whether a timer registered at `now` for `delay` ns falls on a tick the driver has already processed, in which
    /// case Tokio fires it during registration.
    func isElapsed(now: Nanoseconds, delay: Nanoseconds) -> Bool {
        deadlineTick(now: now, delay: delay) <= elapsedTick
    }

    /// The tick containing `now`, truncated.
    func currentTick(_ now: Nanoseconds) -> Int64 {
        now / resolution
    }

    /// The earliest pending timer tick, or `nil`.
    var nextTimerTick: Int64? { timers.nextTime }

    /// Whether turning the driver at `now` would deliver something.
    func hasWork(at now: Nanoseconds) -> Bool {
        if !readyIO.isEmpty { return true }
        if let tick = nextTimerTick, tick <= currentTick(now) { return true }
        return false
    }

    /// For a thread parking in the driver at `now`: when `epoll_wait` times out for the next timer, or `nil` when no
    /// timer is pending. Tokio computes the timeout as whole ticks from the truncated current tick.
    func timeoutWake(at now: Nanoseconds, overshoot: Nanoseconds) -> (time: Nanoseconds, tick: Int64)? {
        guard let tick = nextTimerTick else { return nil }
        let ticks = tick - currentTick(now)
        return (now + ticks * resolution + overshoot, tick)
    }
}
