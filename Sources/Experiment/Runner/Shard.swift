import ResultFiles

/// One of N deterministic slices of an experiment's work: replication r of point p is work item
/// `p × replications + r`, and shard K (1-based) runs the items whose index is K − 1 modulo N. Together the N shards
/// run every item exactly once, whatever machine or order they run in.
public struct Shard: Sendable, Hashable, CustomStringConvertible {
    /// 1-based index of this shard.
    public let index: Int
    /// The number of shards.
    public let count: Int

    /// The most shards a run may be split into. A larger N cannot be useful (a shard runs at least one work item,
    /// and no experiment within the documented limits has this many) and would make `merge` track N shards.
    public static let maximumCount = 100_000

    /// Parses `K/N` with 1 <= K <= N <= ``maximumCount``.
    public init?(_ text: String) {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let index = Int(parts[0]), let count = Int(parts[1]),
            (1...Self.maximumCount).contains(count), (1...count).contains(index)
        else { return nil }
        self.index = index
        self.count = count
    }

    public init?(index: Int, count: Int) {
        self.init("\(index)/\(count)")
    }

    /// Whether this shard runs work item `item`.
    public func contains(item: Int) -> Bool {
        item % count == index - 1
    }

    /// The partial result file this shard writes.
    public var fileName: String { ResultFileName.partial(index: index, count: count) }

    public var description: String { "\(index)/\(count)" }
}
