/// A kind of task in the workload: its share of arrivals and its program of steps.
public struct TaskClass: Sendable, Hashable {
    /// A name for reports, unique within the workload.
    public var name: String
    /// The relative share of arrivals that belong to this class (>= 0; shares are normalised over all classes).
    public var weight: Double
    /// The program every task of this class runs, first to last.
    public var steps: [Step]
    /// Whether tasks are `!Send` and spawned with `spawn_local` on a `LocalSet`: each is pinned to one worker
    /// (assigned round-robin at arrival) and never stolen. Only local tasks may hold a std mutex guard across an
    /// await on a multi_thread runtime.
    public var isLocal: Bool
    /// How reports name each of `steps`, as the user wrote it (`task.t.steps[0].hold[1]`); empty to name them
    /// `step N` (1-based). Does not change the simulation.
    public var stepLabels: [String]

    public init(name: String, weight: Double, steps: [Step], isLocal: Bool = false, stepLabels: [String] = []) {
        self.name = name
        self.weight = weight
        self.steps = steps
        self.isLocal = isLocal
        self.stepLabels = stepLabels
    }
}
