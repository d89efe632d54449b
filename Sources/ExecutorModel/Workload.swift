/// What the simulated service does: arrivals and the mix of task classes.
public struct Workload: Sendable, Hashable {
    public var arrivals: ArrivalProcess
    public var classes: [TaskClass]
    /// Locks and semaphores, referred to by index from `acquire` and `release` steps.
    public var primitives: [SyncPrimitive]
    /// Who spawns each request's task: a thread outside the runtime, or an accept loop on it.
    public var spawnedBy: ArrivalSpawner

    public init(
        arrivals: ArrivalProcess, classes: [TaskClass], primitives: [SyncPrimitive] = [],
        spawnedBy: ArrivalSpawner = .outside
    ) {
        self.arrivals = arrivals
        self.classes = classes
        self.primitives = primitives
        self.spawnedBy = spawnedBy
    }

    /// The mean worker-thread time a request holds a worker (`cpu` + `block` steps, those of the child tasks it
    /// spawns included; a `spawn_blocking` closure's steps run on the pool and are not counted), weighted over
    /// classes, in ns. Poll overhead is not included (see `Scenario.offeredLoadPerWorker`).
    public var meanWorkerTimePerTask: Double {
        weightedMean { workerTime(ofClass: $0, countsCPUOnly: false) }
    }

    /// The mean core time a request needs (`cpu` steps, those of its children and of its `spawn_blocking`
    /// closures included), weighted over classes, in ns. Poll overhead is not included.
    public var meanCPUTimePerTask: Double {
        weightedMean { workerTime(ofClass: $0, countsCPUOnly: true) }
    }

    /// The mean number of polls a request's tasks take at least (one per await plus the final one), children
    /// included, weighted over classes.
    public var meanPollsPerTask: Double {
        weightedMean { polls(ofClass: $0) }
    }

    func weightedMean(_ value: (Int) -> Double) -> Double {
        let total = classes.reduce(0.0) { $0 + max($1.weight, 0) }
        guard total > 0 else { return 0 }
        return classes.indices.reduce(0.0) { sum, index in
            let weight = max(classes[index].weight, 0)
            return weight > 0 ? sum + weight / total * value(index) : sum
        }
    }

    /// Worker time (or, with `countsCPUOnly`, core time) of one task of class `index` and its children, in ns.
    /// The depth bound keeps a cyclic spawn graph (rejected by validation) from recursing without end.
    private func workerTime(ofClass index: Int, countsCPUOnly: Bool, depth: Int = 0) -> Double {
        guard depth < classes.count else { return 0 }
        var total = 0.0
        var closureEnd = 0
        for (position, step) in classes[index].steps.enumerated() {
            let inClosure = position < closureEnd
            switch step {
            case let .spawnBlockingClosure(steps): closureEnd = position + 1 + steps
            case let .spawn(child): total += workerTime(ofClass: child, countsCPUOnly: countsCPUOnly, depth: depth + 1)
            case let .join(children):
                total += children.reduce(0.0) { $0 + workerTime(ofClass: $1, countsCPUOnly: countsCPUOnly, depth: depth + 1) }
            case let .cpu(duration) where countsCPUOnly: total += duration.mean
            case .block where countsCPUOnly: break
            default: if step.holdsWorker && !inClosure { total += step.duration?.mean ?? 0 }
            }
        }
        return total
    }

    /// Polls of one task of class `index` and its children: one more than its awaits.
    private func polls(ofClass index: Int, depth: Int = 0) -> Double {
        guard depth < classes.count else { return 0 }
        var total = 1.0
        for step in classes[index].steps {
            switch step {
            case .io, .sleep, .spawnBlocking, .spawnBlockingClosure, .yield, .select: total += 1
            case let .spawn(child): total += polls(ofClass: child, depth: depth + 1)
            case let .join(children):
                total += 1 + children.reduce(0.0) { $0 + polls(ofClass: $1, depth: depth + 1) }
            default: break
            }
        }
        return total
    }
}
