import Foundation
import Testing

@testable import ResultFiles

/// Every field of a partial result file is checked when it is read: malformed partials (issue 15) are one error
/// naming the file, what is wrong and what is allowed, never a trap later in `merge`.
@Suite("Partial result files: field checks")
struct PartialFieldTests {
    /// The partial of `PartialResultFileTests` as a JSON object, to break one field at a time.
    func object() throws -> [String: Any] {
        let data = Data(PartialResultFileTests.partial.serialized().utf8)
        return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    /// The error reading `object` gives, or a test failure if it is accepted.
    func error(_ object: [String: Any], sourceLocation: SourceLocation = #_sourceLocation) throws -> ResultFileError? {
        let path = NSTemporaryDirectory() + "partial-\(UUID().uuidString).json"
        try JSONSerialization.data(withJSONObject: object).write(to: URL(fileURLWithPath: path))
        defer { try? FileManager.default.removeItem(atPath: path) }
        do {
            _ = try PartialResultFile.read(path: path)
            Issue.record("a malformed partial was accepted", sourceLocation: sourceLocation)
            return nil
        } catch {
            #expect(error.file == path, sourceLocation: sourceLocation)
            return error
        }
    }

    /// `object` with item `index`'s `key` set to `value`.
    func item(_ index: Int, _ key: String, _ value: Any) throws -> [String: Any] {
        var object = try object()
        var items = try #require(object["items"] as? [[String: Any]])
        items[index][key] = value
        object["items"] = items
        return object
    }

    /// `object` with the first histogram's `key` set to `value`.
    func histogram(_ key: String, _ value: Any) throws -> [String: Any] {
        var object = try object()
        var histograms = try #require(object["histograms"] as? [[String: Any]])
        histograms[0][key] = value
        object["histograms"] = histograms
        return object
    }

    @Test("item points and replications outside the file's counts", arguments: [
        ("point", 999), ("point", -1), ("replication", 999), ("replication", -1),
    ])
    func itemIndicesInRange(key: String, value: Int) throws {
        let message = try error(try item(0, key, value))?.message ?? ""
        #expect(message.contains("out of range; allowed are points 0 to 1 and replications 0 to 2"), "\(message)")
    }

    @Test("values arrays shorter or longer than the metrics", arguments: [[String](), ["0"], ["0", "1", "2"]])
    func valuesHaveOnePerMetric(values: [String]) throws {
        let message = try error(try item(0, "values", values))?.message ?? ""
        #expect(message.contains("has \(values.count) values; it must have one per metric, 2"), "\(message)")
    }

    @Test("infinities and numbers beyond a Double are refused; nan is allowed", arguments: ["1e999", "inf", "-inf", "x"])
    func valuesAreFiniteOrNaN(value: String) throws {
        let message = try error(try item(0, "values", ["0", value]))?.message ?? ""
        #expect(message.contains("allowed are decimal strings of finite numbers and \"nan\""), "\(message)")
    }

    @Test func nanIsAValue() throws {
        let path = NSTemporaryDirectory() + "partial-\(UUID().uuidString).json"
        try JSONSerialization.data(withJSONObject: try item(0, "values", ["0", "nan"]))
            .write(to: URL(fileURLWithPath: path))
        defer { try? FileManager.default.removeItem(atPath: path) }
        #expect(try PartialResultFile.read(path: path).items[0].values[1].isNaN)
    }

    @Test func theDeadlockFlagMatchesTheReport() throws {
        let message = try error(try item(0, "values", ["1", "5"]))?.message ?? ""
        #expect(message.contains("must be 1 when the item has a deadlock report and 0 when it has none"), "\(message)")
    }

    @Test("histogram points out of range", arguments: [999, -1])
    func histogramPointsInRange(point: Int) throws {
        let message = try error(try histogram("point", point))?.message ?? ""
        #expect(message.contains("histogram of point \(point) is out of range; allowed are points 0 to 1"))
    }

    @Test func histogramMetricsAreKnown() throws {
        let message = try error(try histogram("metric", "latencyy"))?.message ?? ""
        #expect(message.contains("unknown metric \"latencyy\"; allowed are \"latency\" and \"scheduled_delay\""))
    }

    @Test("inverted, empty, negative or overlapping buckets", arguments: [
        [[5, 1, 1]], [[5, 5, 1]], [[-3, 1, 1]], [[0, 10, 1], [5, 20, 1]],
    ])
    func bucketsAreOrdered(buckets: [[Int]]) throws {
        let message = try error(try histogram("buckets", buckets))?.message ?? ""
        #expect(message.contains("buckets must have 0 <= lower < upper and come in increasing order"), "\(message)")
    }

    @Test("bucket counts that are negative, fractional or beyond UInt64", arguments: [-1, 1.5, 1e30])
    func bucketCountsAreWholeNumbers(count: Double) throws {
        let message = try error(try histogram("buckets", [[0, 1, count]]))?.message ?? ""
        #expect(message.contains("a bucket is [lower_ns, upper_ns, count] of whole numbers"), "\(message)")
    }

    @Test func aHistogramAppearsOnce() throws {
        var object = try object()
        let histograms = try #require(object["histograms"] as? [[String: Any]])
        object["histograms"] = histograms + histograms
        let message = try error(object)?.message ?? ""
        #expect(message.contains("has two latency histograms of point 0; each point and metric may appear once"))
    }

    @Test("shard counts above the work items, and absurd ones", arguments: ["1/7", "1/9223372036854775807", "0/3", "1/0"])
    func shardCountsFitTheWork(shard: String) throws {
        var object = try object()
        object["shard"] = shard
        let message = try error(object)?.message ?? ""
        #expect(message.contains("allowed is K/N with 1 <= K <= N <= 6, the number of work items"), "\(message)")
    }

    @Test("counts and times out of range", arguments: [
        ("points", "0"), ("replications", "-2"), ("events_processed", "-1"), ("wall_time_s", "\"nan\""),
        ("wall_time_s", "\"-1\""),
    ])
    func headerFieldsInRange(key: String, json: String) throws {
        var object = try object()
        object[key] = try JSONSerialization.jsonObject(with: Data(json.utf8), options: .fragmentsAllowed)
        let message = try error(object)?.message ?? ""
        #expect(message.contains("\"\(key)\""), "\(message)")
    }
}
