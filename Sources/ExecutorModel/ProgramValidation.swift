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
        try rejectEndlessSpawning()
    }

    /// A class whose tasks spawn, directly or through other classes, a task of their own class would spawn
    /// without end: every step runs, so nothing stops the chain.
    private func rejectEndlessSpawning() throws(ModelError) {
        /// 0: not visited, 1: on the current path, 2: done.
        var state = [UInt8](repeating: 0, count: classes.count)
        func visit(_ index: Int) throws(ModelError) {
            state[index] = 1
            for (position, step) in classes[index].steps.enumerated() {
                let children: [Int]
                switch step {
                case let .spawn(child): children = [child]
                case let .join(list): children = list
                default: continue
                }
                for child in children where classes.indices.contains(child) {
                    if state[child] == 1 {
                        throw ModelError.invalidProgram(
                            taskClass: classes[index].name, step: position,
                            reason: "spawns \(classes[child].name), whose tasks lead back to \(classes[child].name): "
                                + "tasks would spawn without end; break the cycle")
                    }
                    if state[child] == 0 { try visit(child) }
                }
            }
            state[index] = 2
        }
        for index in classes.indices where state[index] == 0 {
            try visit(index)
        }
    }

    private func validate(_ taskClass: TaskClass, flavor: RuntimeFlavor) throws(ModelError) {
        func fail(_ step: Int, _ reason: String) -> ModelError {
            .invalidProgram(taskClass: taskClass.name, step: step, reason: reason)
        }
        /// Held primitives in acquisition order, and the ends of the open timeout groups.
        var held: [Int] = []
        var openGroupEnds: [Int] = []
        /// The end of the `spawn_blocking` closure being checked: its steps run on a pool thread, not in the task.
        var closureEnd = 0
        for (index, step) in taskClass.steps.enumerated() {
            if index < closureEnd {
                switch step {
                case .cpu, .block: continue
                default: throw fail(index, "a spawn_blocking closure's steps are cpu or block steps")
                }
            }
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
            case let .spawnBlockingClosure(steps):
                guard steps >= 1, index + 1 + steps <= taskClass.steps.count else {
                    throw fail(index, "a spawn_blocking closure needs 1 to \(taskClass.steps.count - index - 1) steps")
                }
                closureEnd = index + 1 + steps
                awaits = true
            case let .spawn(child):
                try checkChild(child, of: taskClass, at: index, flavor: flavor)
                awaits = false
            case let .join(children):
                guard !children.isEmpty else { throw fail(index, "a join needs at least one task to spawn") }
                for child in children { try checkChild(child, of: taskClass, at: index, flavor: flavor) }
                awaits = true
            }
            if awaits && holdsStdGuard && flavor == .multiThread && !taskClass.isLocal {
                throw fail(index,
                    "awaits while holding a std::sync::MutexGuard, which is !Send: tokio::spawn rejects this at "
                    + "compile time. Release the guard before the await, use an async mutex, or mark the class local")
            }
        }
    }

    /// A child class must exist, and a `local` one can only be spawned from a `local` task (`spawn_local` outside a
    /// LocalSet panics).
    private func checkChild(_ child: Int, of taskClass: TaskClass, at index: Int, flavor: RuntimeFlavor)
        throws(ModelError)
    {
        guard classes.indices.contains(child) else {
            throw ModelError.invalidProgram(
                taskClass: taskClass.name, step: index,
                reason: "spawns class #\(child), but only \(classes.count) are declared")
        }
        if classes[child].isLocal, !taskClass.isLocal, flavor == .multiThread {
            throw ModelError.invalidProgram(
                taskClass: taskClass.name, step: index,
                reason: "spawns the local class \(classes[child].name) from a task that is not local: spawn_local "
                    + "outside a LocalSet panics; mark \(taskClass.name) local too, or \(classes[child].name) not local")
        }
    }

    private func primitiveName(_ index: Int) -> String {
        primitives.indices.contains(index) ? primitives[index].name : "primitive #\(index)"
    }
}
