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

    /// "a task of class t, suspended at its await in task.t.steps[0].hold[0]", or "…, queued to run …" when it waits
    /// in a run queue of a blocked worker.
    private func describeHolder(_ task: TaskID) -> String {
        let classIndex = Int(tasks[task].classIndex)
        let program = programs[classIndex]
        let next = Int(tasks[task].programCounter)
        func name(_ step: Int) -> String { stepName(classIndex, step) }
        let prefix = "a task of class \(classNames[classIndex])"
        switch tasks[task].awaiting {
        case .primitive:
            // A lock or permit it queues for: the acquire is still the next step.
            return "\(prefix), queued for a lock in \(name(next))"
        case .none:
            return next < program.count ? "\(prefix), queued to run \(name(next))" : prefix
        case .io, .timer, .blockingJob, .children, .connection:
            break
        }
        // Other awaits advanced past their step, and a spawn_blocking closure also past the closure's steps.
        let awaited = (0..<next).last { step in
            program[step].kind == .spawnBlocking && step + 1 + Int(program[step].groupLength) == next
        } ?? max(0, next - 1)
        return "\(prefix), suspended at its await in \(name(awaited))"
    }

    /// A step as the user wrote it (``TaskClass/stepLabels``), else `step N` (1-based).
    private func stepName(_ classIndex: Int, _ step: Int) -> String {
        let labels = classIndex < stepLabels.count ? stepLabels[classIndex] : []
        return labels.indices.contains(step) ? labels[step] : "step \(step + 1)"
    }

    private func deadlockReport(_ primitive: Int32) -> DeadlockReport {
        let state = primitives[Int(primitive)]
        let holder: String
        if state.holder == PrimitiveState.leakedHolder {
            holder = "a leaked guard (a cancellation skipped its release)"
        } else if state.holder.isTask {
            holder = describeHolder(state.holder)
        } else {
            holder = "nobody"
        }
        let waiters = (0..<workerCount).compactMap { worker -> String? in
            guard workers[worker].waitedPrimitive >= 0, workers[worker].currentTask.isTask else { return nil }
            let task = workers[worker].currentTask
            let mutex = primitiveNames[Int(workers[worker].waitedPrimitive)]
            let classIndex = Int(tasks[task].classIndex)
            let step = stepName(classIndex, Int(tasks[task].programCounter))
            return "worker \(worker): task of class \(classNames[classIndex]) in lock(\(mutex)) at \(step)"
        }
        return DeadlockReport(
            time: now, primitive: primitiveNames[Int(primitive)], holder: holder, waiters: waiters)
    }
}
