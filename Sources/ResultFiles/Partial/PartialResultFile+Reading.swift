import Foundation
import MetricCatalogue

extension PartialResultFile {
    /// Reads a partial result file and checks everything it can check on its own: every field present with its
    /// type, the shard `K/N` with 1 <= K <= N <= points × replications, every item's point and replication within
    /// the file's counts and one value per metric, every value a finite number or `nan` (the deadlock flag 0 or 1
    /// and set exactly when the item has a deadlock report), and every histogram of a known metric at a point in
    /// range, at most once, with buckets of whole nanoseconds 0 <= lower < upper in increasing, non-overlapping
    /// order. Every error names the file, what is wrong and what is allowed.
    public static func read(path: String) throws(ResultFileError) -> PartialResultFile {
        func fail(_ message: String) -> ResultFileError { ResultFileError(file: path, message: message) }
        guard let data = FileManager.default.contents(atPath: path) else { throw fail("cannot read the file") }
        guard let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else {
            throw fail("not a JSON object; expected a partial result written by `simexec run --shard K/N`")
        }
        guard object["format"] as? String == format else {
            throw fail("not a simexec partial result (expected \"format\": \"\(format)\")")
        }
        let reader = PartialFieldReader(object: object, fail: fail)
        let pointCount = try reader.count("points")
        let replications = try reader.count("replications")
        let metricNames = try reader.field("metrics", [String].self)
        let shard = try reader.shard(workItems: pointCount.multipliedReportingOverflow(by: replications))
        var items: [Item] = []
        for entry in try reader.entries("items") {
            items.append(try reader.item(entry, points: pointCount, replications: replications, metrics: metricNames))
        }
        var histograms: [Histogram] = []
        for entry in try reader.entries("histograms") {
            let histogram = try reader.histogram(entry, points: pointCount)
            if histograms.contains(where: { $0.point == histogram.point && $0.metric == histogram.metric }) {
                throw fail("\"histograms\" has two \(histogram.metric) histograms of point \(histogram.point); "
                    + "each point and metric may appear once")
            }
            histograms.append(histogram)
        }
        return PartialResultFile(
            file: try reader.field("file", String.self), fileSHA256: try reader.field("file_sha256", String.self),
            sets: try reader.field("sets", [String].self), seed: try reader.unsigned("seed"),
            replications: replications, shardIndex: shard.index, shardCount: shard.count, pointCount: pointCount,
            metricNames: metricNames, items: items, histograms: histograms,
            eventsProcessed: try reader.unsigned("events_processed"),
            wallSeconds: try reader.seconds("wall_time_s"))
    }
}

/// The fields of a partial result file's JSON object, each read with its type and range checked.
private struct PartialFieldReader {
    let object: [String: Any]
    let fail: (String) -> ResultFileError

    func field<T>(_ key: String, _ type: T.Type) throws(ResultFileError) -> T {
        guard let value = object[key] as? T else { throw fail("missing or malformed field \"\(key)\"") }
        return value
    }

    /// A whole number of at least 1.
    func count(_ key: String) throws(ResultFileError) -> Int {
        guard let value = object[key] as? Int, value >= 1 else {
            throw fail("field \"\(key)\" must be a whole number of at least 1")
        }
        return value
    }

    func unsigned(_ key: String) throws(ResultFileError) -> UInt64 {
        guard let value = object[key] as? UInt64 else {
            throw fail("field \"\(key)\" must be a whole number from 0 to \(UInt64.max)")
        }
        return value
    }

    /// A number written as a decimal string: finite, or `nan` (`-nan` too, which is how Swift writes a NaN with its
    /// sign bit set); never an infinity or a number too large for a Double (`1e999`).
    func number(_ any: Any, _ key: String) throws(ResultFileError) -> Double {
        guard let text = any as? String, let value = Double(text), value.isFinite || ["nan", "-nan"].contains(text)
        else {
            throw fail(
                "malformed number \(any) in \"\(key)\"; allowed are decimal strings of finite numbers and \"nan\"")
        }
        return value
    }

    /// A wall-clock time: a number of seconds from 0 to 1e9 (some 30 years), written as a decimal string.
    func seconds(_ key: String) throws(ResultFileError) -> Double {
        let value = try number(try field(key, String.self), key)
        guard (0...1e9).contains(value) else {
            throw fail("field \"\(key)\" is \(value); allowed are 0 to 1e9 seconds")
        }
        return value
    }

    /// The entries of an array of objects.
    func entries(_ key: String) throws(ResultFileError) -> [[String: Any]] {
        let array = try field(key, [Any].self)
        var entries: [[String: Any]] = []
        for element in array {
            guard let entry = element as? [String: Any] else { throw fail("\"\(key)\" holds a non-object entry") }
            entries.append(entry)
        }
        return entries
    }

    /// `K/N` with 1 <= K <= N <= the number of work items (a shard with nothing to run is never written).
    func shard(workItems: (partialValue: Int, overflow: Bool)) throws(ResultFileError) -> (index: Int, count: Int) {
        let text = try field("shard", String.self)
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        let items = workItems.overflow ? Int.max : workItems.partialValue
        guard parts.count == 2, let index = Int(parts[0]), let count = Int(parts[1]), (1...items).contains(count),
            (1...count).contains(index)
        else {
            throw fail("malformed field \"shard\" (\(text)); allowed is K/N with 1 <= K <= N <= \(items), the number "
                + "of work items (points × replications)")
        }
        return (index, count)
    }

    func item(_ entry: [String: Any], points: Int, replications: Int, metrics: [String]) throws(ResultFileError)
        -> PartialResultFile.Item
    {
        guard let point = entry["point"] as? Int, let replication = entry["replication"] as? Int,
            let rawValues = entry["values"] as? [Any]
        else { throw fail("malformed entry in \"items\" (it needs \"point\", \"replication\" and \"values\")") }
        let place = "item of point \(point), replication \(replication)"
        guard (0..<points).contains(point), (0..<replications).contains(replication) else {
            throw fail("\(place) is out of range; allowed are points 0 to \(points - 1) and replications 0 to "
                + "\(replications - 1)")
        }
        guard rawValues.count == metrics.count else {
            throw fail("\(place) has \(rawValues.count) values; it must have one per metric, \(metrics.count)")
        }
        var values: [Double] = []
        for raw in rawValues { values.append(try number(raw, "items")) }
        var deadlock: PartialResultFile.Deadlock?
        if let report = entry["deadlock"] {
            guard let report = report as? [String: Any], let time = report["time_ns"] as? Int64, time >= 0,
                let primitive = report["primitive"] as? String, let holder = report["holder"] as? String,
                let waiters = report["waiters"] as? [String]
            else { throw fail("malformed deadlock report in the \(place)") }
            deadlock = PartialResultFile.Deadlock(
                timeNanoseconds: time, primitive: primitive, holder: holder, waiters: waiters)
        }
        if let flag = metrics.firstIndex(of: MetricCatalogue.deadlocked.name),
            values[flag] != (deadlock == nil ? 0 : 1)
        {
            throw fail("\(place) has \(MetricCatalogue.deadlocked.name) \(values[flag]); it must be 1 when the item "
                + "has a deadlock report and 0 when it has none")
        }
        return PartialResultFile.Item(point: point, replication: replication, values: values, deadlock: deadlock)
    }

    func histogram(_ entry: [String: Any], points: Int) throws(ResultFileError) -> PartialResultFile.Histogram {
        guard let point = entry["point"] as? Int, let metric = entry["metric"] as? String,
            let rows = entry["buckets"] as? [Any]
        else { throw fail("malformed entry in \"histograms\" (it needs \"point\", \"metric\" and \"buckets\")") }
        guard (0..<points).contains(point) else {
            throw fail("histogram of point \(point) is out of range; allowed are points 0 to \(points - 1)")
        }
        guard HistogramMetric(rawValue: metric) != nil else {
            throw fail("histogram of point \(point) has the unknown metric \"\(metric)\"; allowed are "
                + HistogramMetric.allCases.map { "\"\($0.rawValue)\"" }.joined(separator: " and "))
        }
        let place = "\(metric) histogram of point \(point)"
        var buckets: [HistogramBucket] = []
        for row in rows {
            guard let row = row as? [Any], row.count == 3, let lower = row[0] as? Int64, let upper = row[1] as? Int64,
                let count = row[2] as? UInt64
            else {
                throw fail("malformed bucket in the \(place); a bucket is [lower_ns, upper_ns, count] of whole numbers")
            }
            guard lower >= 0, lower < upper, (buckets.last?.upperNanoseconds ?? 0) <= lower else {
                throw fail("bucket [\(lower), \(upper)) of the \(place) is inverted, negative or overlaps the one "
                    + "before; buckets must have 0 <= lower < upper and come in increasing order")
            }
            buckets.append(HistogramBucket(lowerNanoseconds: lower, upperNanoseconds: upper, count: count))
        }
        return PartialResultFile.Histogram(point: point, metric: metric, buckets: buckets)
    }
}
