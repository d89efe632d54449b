/// What the simulated service does: arrivals and the mix of task classes.
public struct Workload: Sendable, Hashable {
    public var arrivals: ArrivalProcess
    public var classes: [TaskClass]
    /// Locks and semaphores, referred to by index from `acquire` and `release` steps.
    public var primitives: [SyncPrimitive]

    public init(arrivals: ArrivalProcess, classes: [TaskClass], primitives: [SyncPrimitive] = []) {
        self.arrivals = arrivals
        self.classes = classes
        self.primitives = primitives
    }

    /// The mean worker-thread time a task holds a worker (`cpu` + `block` steps), weighted over classes, in ns.
    public var meanWorkerTimePerTask: Double {
        let total = classes.reduce(0.0) { $0 + max($1.weight, 0) }
        guard total > 0 else { return 0 }
        return classes.reduce(0.0) { sum, taskClass in
            let work = taskClass.steps.reduce(0.0) { $0 + ($1.holdsWorker ? ($1.duration?.mean ?? 0) : 0) }
            return sum + max(taskClass.weight, 0) / total * work
        }
    }
}
