/// Identifies the random streams of one replication.
///
/// Every random input of the model (arrivals, class choice, each class's step durations, each worker's steal order)
/// has its own GSL stream seeded from this triple and the input's stream number, so changing one part of the model
/// does not shift the variates another part sees. For common random numbers across sweep points, pass the same
/// `point` (0) for every point: then each point sees the same arrivals and step durations.
public struct ReplicationSeed: Sendable, Hashable {
    public var experimentSeed: UInt64
    public var point: Int
    public var replication: Int

    public init(experimentSeed: UInt64, point: Int, replication: Int) {
        self.experimentSeed = experimentSeed
        self.point = point
        self.replication = replication
    }
}
