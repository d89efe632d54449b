/// A multi-thread worker's local run queue, changed only through these methods so that what depends on its contents
/// stays true: each task's entry on the stranded clock (``noteQueued(_:on:)``, ``noteDequeued(_:from:)``) and the set
/// of workers another could steal from (``stealableWorkers``).
extension RuntimeSimulation {
    /// Appends `task` to the back of `worker`'s local queue.
    mutating func appendToLocalQueue(_ task: TaskID, on worker: Int32) {
        workers[Int(worker)].runQueue.append(task)
        noteQueued(task, on: worker)
        refreshStealable(worker)
    }

    /// Removes and returns the task at the front of `worker`'s local queue, or `nil` when it is empty.
    mutating func popLocalQueue(of worker: Int32) -> TaskID? {
        workers[Int(worker)].runQueue.isEmpty ? nil : removeFirstOfLocalQueue(of: worker)
    }

    /// Removes and returns the task at the front of `worker`'s local queue, which must not be empty.
    mutating func removeFirstOfLocalQueue(of worker: Int32) -> TaskID {
        let task = workers[Int(worker)].runQueue.removeFirst()
        noteDequeued(task, from: worker)
        refreshStealable(worker)
        return task
    }

    /// Moves the newest (Tokio 1.53) or oldest (1.24) half of `worker`'s full local queue to the back of the inject
    /// queue (`push_overflow`).
    mutating func moveHalfOfLocalQueueToInject(from worker: Int32) {
        let index = Int(worker)
        let half = configuration.localQueueCapacity / 2
        if configuration.profile.isModern {
            let newest = workers[index].runQueue.count - half
            for position in newest..<workers[index].runQueue.count {
                let moved = workers[index].runQueue[position]
                noteDequeued(moved, from: worker)
                inject.append(moved)
            }
            workers[index].runQueue.removeLast(half)
        } else {
            for _ in 0..<half {
                let moved = workers[index].runQueue.removeFirst()
                noteDequeued(moved, from: worker)
                inject.append(moved)
            }
        }
        refreshStealable(worker)
    }

    /// Whether another worker could steal from this one: its local queue, and with `lifo_stealable` its LIFO slot.
    @inline(__always)
    func isStealable(_ worker: Int32) -> Bool {
        !workers[Int(worker)].runQueue.isEmpty
            || (configuration.policies.lifoStealable && workers[Int(worker)].lifoSlot.isTask)
    }

    /// Brings ``stealableWorkers`` up to date for `worker` after its local queue or LIFO slot changed.
    @inline(__always)
    mutating func refreshStealable(_ worker: Int32) {
        guard Int(worker) < workerCount else { return }
        stealableWorkers.update(Int(worker), isMember: isStealable(worker))
    }
}
