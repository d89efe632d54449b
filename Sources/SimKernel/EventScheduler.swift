/// The virtual clock and the pending-event queue of one simulation run.
///
/// `next()` hands out events in (time, insertion) order and moves the clock to each event's time. The clock never runs
/// backwards: scheduling an event in the past is a programming error and traps.
public struct EventScheduler<Event> {
    @usableFromInline var queue = EventQueue<Event>()
    @usableFromInline var currentTime: Nanoseconds = 0
    @usableFromInline var handedOut: UInt64 = 0

    /// Creates a scheduler at time zero with no pending events.
    @inlinable
    public init() {}

    /// The current virtual time in nanoseconds since the start of the run.
    @inlinable
    public var now: Nanoseconds { currentTime }

    /// The number of events handed out by `next()` so far.
    @inlinable
    public var eventsProcessed: UInt64 { handedOut }

    /// The number of pending events.
    @inlinable
    public var pendingCount: Int { queue.count }

    /// Calls `body` with the time and event of every pending event, in no particular order. O(`pendingCount`); meant
    /// for consistency checks, not for the event loop.
    @inlinable
    public func forEachPending(_ body: (Nanoseconds, Event) -> Void) {
        queue.forEachPending(body)
    }

    /// Schedules `event` at the absolute instant `time`, which must not lie before `now`.
    @inlinable
    public mutating func schedule(_ event: Event, at time: Nanoseconds) {
        precondition(time >= currentTime, "event scheduled in the past")
        queue.push(event, at: time)
    }

    /// Schedules `event` after `delay` nanoseconds (`delay >= 0`).
    @inlinable
    public mutating func schedule(_ event: Event, after delay: Nanoseconds) {
        schedule(event, at: currentTime + delay)
    }

    /// Removes the earliest pending event and advances the clock to its time, or returns `nil` when none is pending
    /// or the earliest lies after `limit`; in that case the clock does not move.
    @inlinable
    public mutating func next(notAfter limit: Nanoseconds = .max) -> Event? {
        guard let time = queue.nextTime, time <= limit, let (due, event) = queue.popFirst() else { return nil }
        currentTime = due
        handedOut &+= 1
        return event
    }
}

extension EventScheduler: Sendable where Event: Sendable {}
