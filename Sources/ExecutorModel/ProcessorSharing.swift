import SimKernel

/// CPU cores shared by the threads that want one (`RuntimeConfiguration.cores`): egalitarian processor sharing.
///
/// With `n` threads running `cpu` work on `c` cores, each progresses at rate min(1, c / n). Instead of updating every
/// thread's remaining work when `n` changes, the share keeps one clock of *attained work* — the work each active
/// thread has received since the clock started — and each thread finishes when that clock reaches its target. The
/// thread that finishes first is the one with the smallest target, so a join or a finish costs O(log n) and
/// reschedules one kernel event. Attained work is kept in fixed point (1/1024 ns) so that every step is exact
/// integer arithmetic and runs are reproducible.
struct ProcessorSharing {
    /// A thread using the cores: an execution context (worker or `block_in_place` thread, ≥ 0) or a blocking-pool
    /// thread (`-1 - index`).
    typealias Consumer = Int32

    static let scale: Int64 = 1024

    let cores: Int64
    /// Attained work per active consumer since the start of the run, in 1/1024 ns.
    private(set) var attained: Int64 = 0
    /// When `attained` was last brought up to date, in ns.
    private var updatedAt: Nanoseconds = 0
    /// Active consumers, keyed by the attained work at which each finishes.
    private var active = EventQueue<Consumer>()
    /// Bumped whenever the next completion moves, so the kernel event for the old one is ignored.
    private(set) var generation: UInt32 = 0

    init(cores: Int) {
        self.cores = Int64(cores)
    }

    /// Calls `body` with every active consumer (for the invariant checker).
    func forEachConsumer(_ body: (Consumer) -> Void) {
        active.forEachPending { _, consumer in body(consumer) }
    }

    /// Brings attained work up to `now` at the current rate.
    private mutating func advance(to now: Nanoseconds) {
        let n = Int64(active.count)
        if n > 0 {
            let elapsed = now - updatedAt
            attained += n <= cores ? elapsed * Self.scale : Self.multiplyDivide(elapsed * Self.scale, cores, n, roundingUp: false)
        }
        updatedAt = now
    }

    /// `consumer` starts `work` ns of `cpu` work at `now`. Returns when the earliest active consumer will finish, for
    /// a kernel event carrying the new ``generation``.
    mutating func start(_ consumer: Consumer, work: Nanoseconds, at now: Nanoseconds) -> Nanoseconds {
        advance(to: now)
        active.push(consumer, at: attained + work * Self.scale)
        return nextCompletion(at: now)
    }

    /// Removes every consumer whose work is done at `now` into `finished` (in finishing order), and returns when the
    /// next one will finish (`nil` when none is active).
    mutating func finish(at now: Nanoseconds, into finished: inout [Consumer]) -> Nanoseconds? {
        advance(to: now)
        while let target = active.nextTime, target <= attained, let (_, consumer) = active.popFirst() {
            finished.append(consumer)
        }
        return active.isEmpty ? nil : nextCompletion(at: now)
    }

    /// When the consumer with the least remaining work finishes at the current rate (rounded up to whole ns).
    private mutating func nextCompletion(at now: Nanoseconds) -> Nanoseconds {
        generation &+= 1
        guard let target = active.nextTime else { return now }
        let n = Int64(active.count)
        let remaining = target - attained
        // Attained work grows by `scale` per ns at full speed, by `scale × cores / n` per ns when shared.
        guard n > cores else { return now + (remaining + Self.scale - 1) / Self.scale }
        return now + Self.multiplyDivide(remaining, n, Self.scale * cores, roundingUp: true)
    }

    /// `value × multiplier / divisor` without intermediate overflow, rounded down or up (all operands ≥ 0,
    /// `divisor` > 0, the result fits in `Int64`).
    private static func multiplyDivide(_ value: Int64, _ multiplier: Int64, _ divisor: Int64, roundingUp: Bool) -> Int64 {
        let product = value.multipliedFullWidth(by: multiplier)
        let (quotient, remainder) = divisor.dividingFullWidth(product)
        return roundingUp && remainder > 0 ? quotient + 1 : quotient
    }
}
