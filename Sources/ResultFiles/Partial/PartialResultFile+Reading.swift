import Foundation

extension PartialResultFile {
    /// Reads a partial result file, naming the file and the field in every error.
    public static func read(path: String) throws(ResultFileError) -> PartialResultFile {
        func fail(_ message: String) -> ResultFileError { ResultFileError(file: path, message: message) }
        guard let data = FileManager.default.contents(atPath: path) else { throw fail("cannot read the file") }
        guard let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else {
            throw fail("not a JSON object; expected a partial result written by `simexec run --shard K/N`")
        }
        guard object["format"] as? String == format else {
            throw fail("not a simexec partial result (expected \"format\": \"\(format)\")")
        }
        func field<T>(_ key: String, _ type: T.Type) throws(ResultFileError) -> T {
            guard let value = object[key] as? T else { throw fail("missing or malformed field \"\(key)\"") }
            return value
        }
        func double(_ any: Any, _ key: String) throws(ResultFileError) -> Double {
            guard let text = any as? String, let value = Double(text) else {
                throw fail("malformed number in \"\(key)\"")
            }
            return value
        }
        let shardParts = try field("shard", String.self).split(separator: "/", omittingEmptySubsequences: false)
        guard shardParts.count == 2, let shardIndex = Int(shardParts[0]), let shardCount = Int(shardParts[1]),
            shardCount >= 1, (1...shardCount).contains(shardIndex)
        else { throw fail("malformed field \"shard\"") }
        var items: [Item] = []
        for case let entry as [String: Any] in try field("items", [Any].self) {
            guard let point = entry["point"] as? Int, let replication = entry["replication"] as? Int,
                let rawValues = entry["values"] as? [Any]
            else { throw fail("malformed entry in \"items\"") }
            var values: [Double] = []
            for raw in rawValues { values.append(try double(raw, "items")) }
            var deadlock: Deadlock?
            if let report = entry["deadlock"] as? [String: Any] {
                guard let time = report["time_ns"] as? Int64 ?? (report["time_ns"] as? Int).map(Int64.init),
                    let primitive = report["primitive"] as? String, let holder = report["holder"] as? String,
                    let waiters = report["waiters"] as? [String]
                else { throw fail("malformed deadlock report in \"items\"") }
                deadlock = Deadlock(timeNanoseconds: time, primitive: primitive, holder: holder, waiters: waiters)
            }
            items.append(Item(point: point, replication: replication, values: values, deadlock: deadlock))
        }
        var histograms: [Histogram] = []
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
            histograms.append(Histogram(point: point, metric: metric, buckets: buckets))
        }
        return PartialResultFile(
            file: try field("file", String.self), fileSHA256: try field("file_sha256", String.self),
            sets: try field("sets", [String].self), seed: (try field("seed", NSNumber.self)).uint64Value,
            replications: try field("replications", Int.self), shardIndex: shardIndex, shardCount: shardCount,
            pointCount: try field("points", Int.self), metricNames: try field("metrics", [String].self), items: items,
            histograms: histograms, eventsProcessed: (try field("events_processed", NSNumber.self)).uint64Value,
            wallSeconds: try double(try field("wall_time_s", String.self), "wall_time_s"))
    }
}
