import MetricCatalogue
import SimKernel

/// What-if `blocked_worker_handoff`: Go's sysmon applied to Tokio (`SchedulerPolicies.blockedWorkerHandoff`).
///
/// A monitor thread wakes every `monitorPeriod` (doubling up to `monitorMaxPeriod`, 10 ms by default, after 50 checks
/// that found nothing, back to the period after a handoff, as Go's `sysmon` does). A worker that has been in one poll longer than the threshold
/// and is blocked (a `block` step) or computing (a `cpu` segment; not with shared `cores`) gives its core — LIFO slot,
/// local queue, driver turns — to a blocking-pool thread, exactly as `block_in_place` would, except that the
/// monitor pays for nothing: the new thread pays `thread_spawn_cost` before it runs the worker loop. The stuck thread
/// finishes its poll without a core (its `cpu` steps still run) and then joins the blocking pool, as Go's M does
/// when it returns from a system call and finds its P taken. A thread waiting in a std `lock()` is not handed off.
extension RuntimeSimulation {
    /// Checks that find nothing before the monitor starts backing off (Go: 50).
    static let idleChecksBeforeBackoff = 50

    mutating func startBlockedWorkerMonitor() {
        guard isMultiThread, configuration.policies.blockedWorkerHandoff != nil else { return }
        monitorDelay = configuration.policies.monitorPeriod
        scheduler.schedule(.monitorCheck, after: monitorDelay)
    }

    mutating func checkForBlockedWorkers() {
        guard let threshold = configuration.policies.blockedWorkerHandoff else { return }
        var handedOff = false
        for worker in 0..<Int32(workerCount) where isStuck(worker, threshold: threshold) {
            handOffCore(worker)
            handedOff = true
        }
        if handedOff {
            monitorIdleChecks = 0
            monitorDelay = configuration.policies.monitorPeriod
        } else {
            monitorIdleChecks += 1
            if monitorIdleChecks > Self.idleChecksBeforeBackoff {
                let policies = configuration.policies
                monitorDelay = Swift.min(monitorDelay * 2, Swift.max(policies.monitorMaxPeriod, policies.monitorPeriod))
            }
        }
        scheduler.schedule(.monitorCheck, after: monitorDelay)
    }

    /// Whether `worker` holds its core in one poll for longer than `threshold`, blocked or computing.
    private func isStuck(_ worker: Int32, threshold: Nanoseconds) -> Bool {
        let state = workers[Int(worker)]
        guard state.currentTask.isTask, state.blockInPlaceCaller < 0, state.waitedPrimitive < 0,
            now - state.pollStart >= threshold
        else { return false }
        switch state.activity {
        case .blocked: return true
        case .busy: return coreShare == nil
        case .parkedInDriver, .parkedOnCondvar, .waking, .idle: return false
        }
    }

    /// Moves the poll running on `worker` to a thread of its own and hands the core to a pool thread.
    private mutating func handOffCore(_ worker: Int32) {
        let index = Int(worker)
        recorder.count(.blockedWorkerHandoffs, at: now)
        let caller = detachedContext()
        let context = Int(caller)
        let activity = workers[index].activity
        workers[context].currentTask = workers[index].currentTask
        workers[context].pollStart = workers[index].pollStart
        workers[context].outcome = workers[index].outcome
        workers[context].budget = workers[index].budget
        workers[context].continuation = workers[index].continuation
        workers[context].pendingOverhead = workers[index].pendingOverhead
        workers[context].formerCore = worker
        trace(.handoff, thread: worker, task: workers[index].currentTask, value: Int64(caller))
        // The segment under way goes on on the stuck thread; the core's pending end becomes stale.
        let remaining = Swift.max(workers[index].segmentEndsAt - now, 0)
        workers[index].segmentGeneration &+= 1
        workers[index].currentTask = .none
        workers[index].blockInPlaceCaller = caller
        prepareCoreForHandoff(worker)
        _ = submitCoreHandoff(worker)
        setActivity(worker, .waking)
        setActivity(caller, activity)
        workers[context].segmentEndsAt = now + remaining
        scheduler.schedule(.segmentEnd(worker: caller, generation: workers[context].segmentGeneration), after: remaining)
    }
}
