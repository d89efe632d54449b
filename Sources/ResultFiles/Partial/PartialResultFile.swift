/// What one shard of an experiment computed (`simexec run --shard K/N`), as the JSON file
/// (``ResultFileName/partial(index:count:)``) that `simexec merge` reads back exactly: numbers are written as Swift's
/// shortest round-trip decimal strings, so merged CSVs are byte for byte those of a single run.
public struct PartialResultFile: Sendable {
    /// The value of the file's `format` field, which tells a partial result file from any other JSON.
    public static let format = "simexec-partial-1"

    /// The experiment file as given to `run`.
    public var file: String
    /// The SHA-256 of the experiment file's contents, in hex.
    public var fileSHA256: String
    /// The `--set` options the shard ran with.
    public var sets: [String]
    /// The experiment seed the shard ran with.
    public var seed: UInt64
    /// Replications per point.
    public var replications: Int
    /// The shard's 1-based index K (the file writes the shard as `K/N`; 1 <= K <= N).
    public var shardIndex: Int
    /// The number of shards N.
    public var shardCount: Int
    /// The number of sweep points of the whole experiment.
    public var pointCount: Int
    /// The metric names, in the order of each item's ``Item/values``.
    public var metricNames: [String]
    /// One entry per work item this shard ran.
    public var items: [Item]
    /// Per point that this shard touched and histogram metric with values: the merged export buckets.
    public var histograms: [Histogram]
    /// Kernel events processed by this shard.
    public var eventsProcessed: UInt64
    /// Wall-clock seconds this shard spent running.
    public var wallSeconds: Double

    /// One replication of one point: its metric values, and its deadlock if it stopped in one.
    public struct Item: Sendable {
        /// The sweep point's 0-based index.
        public var point: Int
        /// The replication's 0-based number.
        public var replication: Int
        /// One value per metric, in the order of ``PartialResultFile/metricNames``.
        public var values: [Double]
        /// Why the replication stopped early, or nil if it ran to the end.
        public var deadlock: Deadlock?

        public init(point: Int, replication: Int, values: [Double], deadlock: Deadlock?) {
            self.point = point
            self.replication = replication
            self.values = values
            self.deadlock = deadlock
        }
    }

    /// Why a replication stopped early: when, on which mutex or semaphore, who held it and who waited.
    public struct Deadlock: Sendable {
        /// When the last worker got stuck, in ns since the start of the run.
        public var timeNanoseconds: Int64
        /// The mutex or semaphore the last worker waits for.
        public var primitive: String
        /// Who holds it.
        public var holder: String
        /// The tasks whose threads wait for it, by class.
        public var waiters: [String]

        public init(timeNanoseconds: Int64, primitive: String, holder: String, waiters: [String]) {
            self.timeNanoseconds = timeNanoseconds
            self.primitive = primitive
            self.holder = holder
            self.waiters = waiters
        }
    }

    /// The buckets of one histogram metric at one point, merged over this shard's replications of it.
    public struct Histogram: Sendable {
        /// The sweep point's 0-based index.
        public var point: Int
        /// The histogram's metric: `latency` or `scheduled_delay`.
        public var metric: String
        /// The non-empty buckets, by increasing bounds.
        public var buckets: [HistogramBucket]

        public init(point: Int, metric: String, buckets: [HistogramBucket]) {
            self.point = point
            self.metric = metric
            self.buckets = buckets
        }
    }

    public init(
        file: String, fileSHA256: String, sets: [String], seed: UInt64, replications: Int, shardIndex: Int,
        shardCount: Int, pointCount: Int, metricNames: [String], items: [Item], histograms: [Histogram],
        eventsProcessed: UInt64, wallSeconds: Double
    ) {
        self.file = file
        self.fileSHA256 = fileSHA256
        self.sets = sets
        self.seed = seed
        self.replications = replications
        self.shardIndex = shardIndex
        self.shardCount = shardCount
        self.pointCount = pointCount
        self.metricNames = metricNames
        self.items = items
        self.histograms = histograms
        self.eventsProcessed = eventsProcessed
        self.wallSeconds = wallSeconds
    }
}
