import MetricCatalogue
import SimKernel

/// The counterfactual numbers of tokio#4941 and tokio#4730: work that waited on a busy or blocked worker while
/// another worker sat parked, and timers that came due while a worker was blocked and nobody was parked in the
/// driver to fire them. Neither changes what the model does; they measure what a different design could have saved.
///
/// Stranded time uses two clocks, so that each task costs O(1) when it enters and leaves a queue:
/// - the idle clock: time during which at least one worker was parked (in the driver or on its condition variable);
/// - each worker's stranded clock: the idle clock's advance during that worker's busy and blocked periods.
/// A task's stranded wait is its worker's stranded clock when it leaves the LIFO slot or the local queue minus the
/// clock when it entered. While a worker is busy or blocked it is not parked itself, so "at least one worker parked"
/// means "another worker was idle".
extension RuntimeSimulation {
    /// The idle clock at `now`, in ns.
    @inline(__always)
    func idleClock() -> Nanoseconds {
        parkedWorkerCount > 0 ? idleClockBase + (now - idleClockSince) : idleClockBase
    }

    /// `worker`'s stranded clock at `now`, in ns.
    @inline(__always)
    func strandedClock(_ worker: Int32) -> Nanoseconds {
        let index = Int(worker)
        guard workers[index].activity.isOccupied else { return workers[index].strandedTime }
        return workers[index].strandedTime + (idleClock() - workers[index].idleClockAtActivityStart)
    }

    /// `task` entered `worker`'s LIFO slot or local queue.
    @inline(__always)
    mutating func noteQueued(_ task: TaskID, on worker: Int32) {
        tasks[task].strandedClockAtQueue = strandedClock(worker)
    }

    /// `task` left `worker`'s LIFO slot or local queue: counts the time it was stranded there, if any.
    @inline(__always)
    mutating func noteDequeued(_ task: TaskID, from worker: Int32) {
        let stranded = strandedClock(worker) - tasks[task].strandedClockAtQueue
        guard stranded > 0 else { return }
        recorder.count(.strandedTasks, at: now)
        recorder.count(.strandedWait, by: Int(stranded), at: now)
    }

    /// Keeps the idle and stranded clocks as worker `index` switches from `old` to `new` activity, and counts a
    /// timer stall when a blocked period ends with a timer due and no thread parked in the driver.
    mutating func noteActivityChange(_ index: Int, from old: WorkerActivity, to new: WorkerActivity) {
        guard index < workerCount else { return }
        if old.isOccupied {
            workers[index].strandedTime += idleClock() - workers[index].idleClockAtActivityStart
        }
        if old == .blocked, new != .blocked, driver.holder < 0, let tick = driver.nextTimerTick {
            let due = tick * driver.resolution
            if due < now {
                recorder.count(.timerStalls, at: now)
                recorder.count(.timerStallTime, by: Int(now - Swift.max(due, workers[index].activitySince)), at: now)
            }
        }
        if old.isIdle != new.isIdle {
            idleClockBase = idleClock()
            idleClockSince = now
            parkedWorkerCount += new.isIdle ? 1 : -1
        }
        if new.isOccupied {
            workers[index].idleClockAtActivityStart = idleClock()
        }
    }
}
