import ExecutorModel
import Foundation
import SimStats

/// What one shard of an experiment computed (`simexec run --shard K/N`), in a JSON file that `simexec merge` reads
/// back exactly: numbers are written as Swift's shortest round-trip decimal strings, so merged CSVs are byte for byte
/// those of a single run.
struct PartialResults {
    static let format = "simexec-partial-1"

    /// The experiment file as given to `run`, and its SHA-256.
    var file: String
    var fileSHA256: String
    /// The `--set` options, seed and replications the shard ran with.
    var sets: [String]
    var seed: UInt64
    var replications: Int
    var shard: Shard
    var pointCount: Int
    var metricNames: [String]
    /// One entry per work item this shard ran.
    var items: [Item]
    /// Per point that this shard touched: merged export buckets of each histogram metric.
    var histograms: [(point: Int, metric: String, buckets: [HistogramBucket])]
    var eventsProcessed: UInt64
    var wallSeconds: Double

    struct Item {
        var point: Int
        var replication: Int
        var values: [Double]
        var deadlock: DeadlockReport?
    }

    init(results: ExperimentResults, shard: Shard, sets: [String]) {
        let plan = results.plan
        file = plan.file
        fileSHA256 = plan.fileSHA256
        self.sets = sets
        seed = plan.seed
        replications = plan.replications
        self.shard = shard
        pointCount = plan.points.count
        metricNames = results.metricNames
        items = []
        histograms = []
        for point in 0..<pointCount {
            for replication in 0..<replications where shard.contains(item: point * replications + replication) {
                items.append(Item(
                    point: point, replication: replication, values: results.values[point][replication],
                    deadlock: results.deadlocks[point][replication]))
            }
            for named in results.histograms[point] where !named.buckets.isEmpty {
                histograms.append((point, named.metric, named.buckets))
            }
        }
        eventsProcessed = results.eventsProcessed
        wallSeconds = results.wallSeconds
    }

    // MARK: Writing

    func serialized() -> String {
        func number(_ value: Double) -> JSONValue { .string(String(value)) }
        let itemValues = items.map { item in
            var entries: [(String, JSONValue)] = [
                ("point", .integer(Int64(item.point))),
                ("replication", .integer(Int64(item.replication))),
                ("values", .array(item.values.map(number))),
            ]
            if let report = item.deadlock {
                entries.append(("deadlock", .object([
                    ("time_ns", .integer(report.time)),
                    ("primitive", .string(report.primitive)),
                    ("holder", .string(report.holder)),
                    ("waiters", .array(report.waiters.map(JSONValue.string))),
                ])))
            }
            return JSONValue.object(entries)
        }
        let histogramValues = histograms.map { entry in
            JSONValue.object([
                ("point", .integer(Int64(entry.point))),
                ("metric", .string(entry.metric)),
                ("buckets", .array(entry.buckets.map { bucket in
                    .array([
                        .integer(bucket.lowerNanoseconds), .integer(bucket.upperNanoseconds), .unsigned(bucket.count),
                    ])
                })),
            ])
        }
        let document = JSONValue.object([
            ("format", .string(Self.format)),
            ("file", .string(file)),
            ("file_sha256", .string(fileSHA256)),
            ("sets", .array(sets.map(JSONValue.string))),
            ("seed", .unsigned(seed)),
            ("replications", .integer(Int64(replications))),
            ("shard", .string(shard.description)),
            ("points", .integer(Int64(pointCount))),
            ("metrics", .array(metricNames.map(JSONValue.string))),
            ("events_processed", .unsigned(eventsProcessed)),
            ("wall_time_s", .string(String(wallSeconds))),
            ("items", .array(itemValues)),
            ("histograms", .array(histogramValues)),
        ])
        return document.serialized() + "\n"
    }

    // MARK: Reading

    /// Reads a partial result file, naming the file and the field in every error.
    static func read(path: String) throws(ExperimentError) -> PartialResults {
        func fail(_ message: String) -> ExperimentError { ExperimentError(.input, file: path, message: message) }
        guard let data = FileManager.default.contents(atPath: path) else { throw fail("cannot read the file") }
        guard let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else {
            throw fail("not a JSON object; expected a partial result written by `simexec run --shard K/N`")
        }
        guard object["format"] as? String == format else {
            throw fail("not a simexec partial result (expected \"format\": \"\(format)\")")
        }
        func field<T>(_ key: String, _ type: T.Type) throws(ExperimentError) -> T {
            guard let value = object[key] as? T else { throw fail("missing or malformed field \"\(key)\"") }
            return value
        }
        func double(_ any: Any, _ key: String) throws(ExperimentError) -> Double {
            guard let text = any as? String, let value = Double(text) else {
                throw fail("malformed number in \"\(key)\"")
            }
            return value
        }
        guard let shard = Shard(try field("shard", String.self)) else { throw fail("malformed field \"shard\"") }
        var items: [Item] = []
        for case let entry as [String: Any] in try field("items", [Any].self) {
            guard let point = entry["point"] as? Int, let replication = entry["replication"] as? Int,
                let rawValues = entry["values"] as? [Any]
            else { throw fail("malformed entry in \"items\"") }
            var values: [Double] = []
            for raw in rawValues { values.append(try double(raw, "items")) }
            var deadlock: DeadlockReport?
            if let report = entry["deadlock"] as? [String: Any] {
                guard let time = report["time_ns"] as? Int64 ?? (report["time_ns"] as? Int).map(Int64.init),
                    let primitive = report["primitive"] as? String, let holder = report["holder"] as? String,
                    let waiters = report["waiters"] as? [String]
                else { throw fail("malformed deadlock report in \"items\"") }
                deadlock = DeadlockReport(time: time, primitive: primitive, holder: holder, waiters: waiters)
            }
            items.append(Item(point: point, replication: replication, values: values, deadlock: deadlock))
        }
        var histograms: [(point: Int, metric: String, buckets: [HistogramBucket])] = []
        for case let entry as [String: Any] in try field("histograms", [Any].self) {
            guard let point = entry["point"] as? Int, let metric = entry["metric"] as? String,
                let rows = entry["buckets"] as? [[NSNumber]]
            else { throw fail("malformed entry in \"histograms\"") }
            let buckets = rows.compactMap { row -> HistogramBucket? in
                guard row.count == 3 else { return nil }
                return HistogramBucket(
                    lowerNanoseconds: row[0].int64Value, upperNanoseconds: row[1].int64Value, count: row[2].uint64Value)
            }
            guard buckets.count == rows.count else { throw fail("malformed bucket in \"histograms\"") }
            histograms.append((point, metric, buckets))
        }
        return PartialResults(
            file: try field("file", String.self), fileSHA256: try field("file_sha256", String.self),
            sets: try field("sets", [String].self), seed: (try field("seed", NSNumber.self)).uint64Value,
            replications: try field("replications", Int.self), shard: shard, pointCount: try field("points", Int.self),
            metricNames: try field("metrics", [String].self), items: items, histograms: histograms,
            eventsProcessed: (try field("events_processed", NSNumber.self)).uint64Value,
            wallSeconds: try double(try field("wall_time_s", String.self), "wall_time_s"))
    }

    private init(
        file: String, fileSHA256: String, sets: [String], seed: UInt64, replications: Int, shard: Shard,
        pointCount: Int, metricNames: [String], items: [Item],
        histograms: [(point: Int, metric: String, buckets: [HistogramBucket])], eventsProcessed: UInt64,
        wallSeconds: Double
    ) {
        self.file = file
        self.fileSHA256 = fileSHA256
        self.sets = sets
        self.seed = seed
        self.replications = replications
        self.shard = shard
        self.pointCount = pointCount
        self.metricNames = metricNames
        self.items = items
        self.histograms = histograms
        self.eventsProcessed = eventsProcessed
        self.wallSeconds = wallSeconds
    }
}
