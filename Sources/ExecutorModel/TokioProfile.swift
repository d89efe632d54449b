/// Which Tokio release's scheduler the model follows (`reference/tokio-scheduler.md` §10 lists the differences).
public enum TokioProfile: String, Sendable, Hashable, CaseIterable {
    /// Tokio 1.24.2 (January 2023): no LIFO poll cap, a fixed `global_queue_interval`, one task at a time from the
    /// inject queue, overflow of the oldest half, a budget-exhausted task re-woken at once to the back of the queue,
    /// `block_in_place` handing its LIFO task over with the core.
    case tokio124 = "tokio-1.24"
    /// Tokio 1.53 (2026): at most 3 LIFO polls per tick, a self-tuning `global_queue_interval` (EWMA of poll time,
    /// 200 µs target, 2..127) unless set, batch pulls from the inject queue, overflow of the newest half, deferred
    /// re-wake of budget-exhausted tasks, `block_in_place` moving the LIFO task to the queue and waking deferred
    /// tasks, a worker woken with queued tasks running them, and notifying others after a park only when more than
    /// one task is queued.
    case tokio153 = "tokio-1.53"

    /// The profile a runtime follows unless told otherwise: the current release, validated against a real Tokio
    /// 1.53.1 in `validation/RESULTS.md` ("simexec with each profile against its own runtime").
    public static let `default` = TokioProfile.tokio153

    /// Whether the profile has the changes of Tokio 1.29 and later.
    var isModern: Bool { self == .tokio153 }
}
