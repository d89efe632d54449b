import SimKernel

/// Detecting the std-mutex deadlock: every worker thread sleeps in `lock()` on a mutex whose holder can never run
/// (it is suspended and only a stuck thread could poll it, or its guard leaked).
extension RuntimeSimulation {
    /// Called whenever a thread blocks on, or a guard leaks from, a std mutex.
    mutating func checkForDeadlock(blockedOn primitive: Int32) {
        // Cheap test first, without allocating: a deadlock needs every worker asleep in lock().
        guard (0..<workerCount).allSatisfy({ workers[$0].activity == .blocked && workers[$0].waitedPrimitive >= 0 })
        else { return }
        var stuck = Array(repeating: true, count: workerCount)
        // Free every worker whose lock holder could still run, until nothing changes.
        var changed = true
        while changed {
            changed = false
            for worker in 0..<workerCount where stuck[worker] {
                let holder = primitives[Int(workers[worker].waitedPrimitive)].holder
                if holderCanRun(holder, stuck: stuck) {
                    stuck[worker] = false
                    changed = true
                }
            }
        }
        guard stuck.allSatisfy({ $0 }) else { return }
        deadlock = deadlockReport(primitive)
    }

    private func holderCanRun(_ holder: TaskID, stuck: [Bool]) -> Bool {
        guard holder.isTask else { return holder == .none }
        if let running = workers.indices.first(where: { workers[$0].currentTask == holder }) {
            return running >= workerCount || !stuck[running]
        }
        let pinned = isMultiThread ? Int(tasks[holder].pinnedWorker) : 0
        if pinned >= 0 { return !stuck[pinned] }
        return stuck.contains(false)
    }

    private func deadlockReport(_ primitive: Int32) -> DeadlockReport {
        let state = primitives[Int(primitive)]
        let holder: String
        if state.holder == PrimitiveState.leakedHolder {
            holder = "a leaked guard (a cancellation skipped its release)"
        } else if state.holder.isTask {
            let task = state.holder
            let className = classNames[Int(tasks[task].classIndex)]
            holder = "a task of class \(className), suspended before step \(tasks[task].programCounter + 1)"
        } else {
            holder = "nobody"
        }
        let waiters = (0..<workerCount).compactMap { worker -> String? in
            guard workers[worker].waitedPrimitive >= 0, workers[worker].currentTask.isTask else { return nil }
            let task = workers[worker].currentTask
            let mutex = primitiveNames[Int(workers[worker].waitedPrimitive)]
            return "worker \(worker): task of class \(classNames[Int(tasks[task].classIndex)]) in lock(\(mutex))"
        }
        return DeadlockReport(
            time: now, primitive: primitiveNames[Int(primitive)], holder: holder, waiters: waiters)
    }
}
