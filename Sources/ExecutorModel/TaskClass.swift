/// A kind of task in the workload: its share of arrivals and its program of steps.
public struct TaskClass: Sendable, Hashable {
    /// A name for reports, unique within the workload.
    public var name: String
    /// The relative share of arrivals that belong to this class (>= 0; shares are normalised over all classes).
    public var weight: Double
    /// The program every task of this class runs, first to last.
    public var steps: [Step]

    public init(name: String, weight: Double, steps: [Step]) {
        self.name = name
        self.weight = weight
        self.steps = steps
    }
}
