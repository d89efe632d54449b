/// Static checks of task programs: what Tokio or the Rust compiler would reject, and malformed groups.
extension Workload {
    /// Throws the first problem found in any class's program under `flavor`.
    func validatePrograms(flavor: RuntimeFlavor) throws(ModelError) {
        for primitive in primitives {
            if case let .semaphore(permits) = primitive.kind, permits < 1 {
                throw ModelError.invalidPermits(semaphore: primitive.name)
            }
        }
        for taskClass in classes {
            try validate(taskClass, flavor: flavor)
        }
    }

    private func validate(_ taskClass: TaskClass, flavor: RuntimeFlavor) throws(ModelError) {
        func fail(_ step: Int, _ reason: String) -> ModelError {
            .invalidProgram(taskClass: taskClass.name, step: step, reason: reason)
        }
        /// Held primitives in acquisition order, and the ends of the open timeout groups.
        var held: [Int] = []
        var openGroupEnds: [Int] = []
        for (index, step) in taskClass.steps.enumerated() {
            while let end = openGroupEnds.last, end <= index { openGroupEnds.removeLast() }
            let holdsStdGuard = held.contains { primitives[$0].kind == .stdMutex }
            let awaits: Bool
            switch step {
            case .io, .sleep, .spawnBlocking, .yield: awaits = true
            case let .acquire(primitive, _):
                guard primitives.indices.contains(primitive) else {
                    throw fail(index, "acquires primitive #\(primitive), but only \(primitives.count) are declared")
                }
                awaits = primitives[primitive].kind != .stdMutex
                if held.contains(primitive), primitives[primitive].capacity == 1 {
                    throw fail(index, "locks \(primitives[primitive].name) while already holding it (a self-deadlock)")
                }
                held.append(primitive)
            case let .release(primitive):
                guard let position = held.lastIndex(of: primitive) else {
                    throw fail(index, "releases \(primitiveName(primitive)) without holding it")
                }
                held.remove(at: position)
                awaits = false
            case let .timeout(_, steps, _):
                let end = index + 1 + steps
                guard steps >= 1, end <= taskClass.steps.count else {
                    throw fail(index, "a timeout must cover 1 to \(taskClass.steps.count - index - 1) following steps")
                }
                if let outer = openGroupEnds.last, end > outer {
                    throw fail(index, "a nested timeout must end inside the group that contains it")
                }
                openGroupEnds.append(end)
                awaits = false
            case let .select(first, second):
                let end = index + 1 + first + second
                guard first >= 1, second >= 1, end <= taskClass.steps.count else {
                    throw fail(index, "a select needs two non-empty branches within the program")
                }
                for start in [index + 1, index + 1 + first] {
                    switch taskClass.steps[start] {
                    case .io, .sleep, .spawnBlocking: break
                    default:
                        throw fail(start, "a select branch must start with the future it waits for: io, sleep or spawn_blocking")
                    }
                }
                if taskClass.steps[(index + 1)..<end].contains(where: { if case .select = $0 { return true }; return false }) {
                    throw fail(index, "a select inside a select branch is not supported")
                }
                if let outer = openGroupEnds.last, end > outer {
                    throw fail(index, "a select inside a timeout group must end inside the group")
                }
                for branchEnd in [index + 1 + first, end] {
                    openGroupEnds.append(branchEnd)
                }
                openGroupEnds.sort(by: >)
                awaits = true
            case .blockInPlace:
                if flavor == .currentThread {
                    throw fail(index, "block_in_place panics on a current_thread runtime; use spawn_blocking")
                }
                if taskClass.isLocal {
                    throw fail(index, "block_in_place panics inside a LocalSet (local = true); use spawn_blocking")
                }
                awaits = false
            case .cpu, .block:
                awaits = false
            }
            if awaits && holdsStdGuard && flavor == .multiThread && !taskClass.isLocal {
                throw fail(index,
                    "awaits while holding a std::sync::MutexGuard, which is !Send: tokio::spawn rejects this at "
                    + "compile time. Release the guard before the await, use an async mutex, or mark the class local")
            }
        }
    }

    private func primitiveName(_ index: Int) -> String {
        primitives.indices.contains(index) ? primitives[index].name : "primitive #\(index)"
    }
}
