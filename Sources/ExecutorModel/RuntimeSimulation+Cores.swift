import SimKernel

/// `cpu` work on shared cores (`RuntimeConfiguration.cores`, see ``ProcessorSharing``): a worker's busy segment or
/// a pool thread's `cpu` step joins the share, and ends when the share says its work is done.
extension RuntimeSimulation {
    /// `consumer` starts `work` ns of `cpu` work on the shared cores.
    mutating func startCoreShare(_ consumer: ProcessorSharing.Consumer, work: Nanoseconds) {
        guard var share = coreShare else { return }
        coreShare = nil
        let next = share.start(consumer, work: work, at: now)
        scheduler.schedule(.coreShareDue(generation: share.generation), at: next)
        coreShare = share
    }

    /// The earliest share is due: every consumer whose work is done ends its segment, in finishing order.
    mutating func finishCoreShares(generation: UInt32) {
        guard var share = coreShare, share.generation == generation else { return }
        coreShare = nil
        var finished = spareConsumerBuffer
        spareConsumerBuffer = []
        if let next = share.finish(at: now, into: &finished) {
            scheduler.schedule(.coreShareDue(generation: share.generation), at: next)
        }
        coreShare = share
        for consumer in finished {
            if let thread = ProcessorSharing.poolThreadIndex(consumer) {
                endClosureSegment(on: thread)
            } else {
                endSegment(consumer)
            }
        }
        finished.removeAll(keepingCapacity: true)
        spareConsumerBuffer = finished
    }
}

extension ProcessorSharing {
    /// The consumer standing for blocking-pool thread `thread`.
    static func poolThread(_ thread: Int32) -> Consumer { -1 - thread }

    /// The pool thread a consumer stands for, or `nil` for an execution context.
    static func poolThreadIndex(_ consumer: Consumer) -> Int32? { consumer < 0 ? -1 - consumer : nil }
}
