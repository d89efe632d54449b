import Foundation
import Testing

@testable import ResultFiles

@Suite("Partial result files")
struct PartialResultFileTests {
    static let partial = PartialResultFile(
        file: "Experiments/locks.toml", fileSHA256: "ab12", sets: ["runtime.workers=2"], seed: UInt64.max,
        replications: 3, shardIndex: 2, shardCount: 3, pointCount: 2,
        metricNames: ["deadlocked_ratio", "latency_p99_us"],
        items: [
            .init(point: 0, replication: 1, values: [0, 1234.5678901234], deadlock: nil),
            .init(
                point: 1, replication: 0, values: [1, .nan],
                deadlock: .init(
                    timeNanoseconds: 12_000_000, primitive: "db", holder: "a leaked guard", waiters: ["w"])),
        ],
        histograms: [
            .init(point: 0, metric: "latency", buckets: [
                HistogramBucket(lowerNanoseconds: 0, upperNanoseconds: 1, count: 2),
                HistogramBucket(lowerNanoseconds: 1_000, upperNanoseconds: 1_122, count: UInt64(1) << 60),
            ]),
        ],
        eventsProcessed: 123_456, wallSeconds: 0.1 + 0.2)

    func write(_ text: String) throws -> String {
        let path = NSTemporaryDirectory() + "partial-\(UUID().uuidString).json"
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    @Test func whatIsWrittenIsReadBackExactly() throws {
        let path = try write(Self.partial.serialized())
        defer { try? FileManager.default.removeItem(atPath: path) }
        let read = try PartialResultFile.read(path: path)
        #expect(read.serialized() == Self.partial.serialized())
        #expect(read.seed == UInt64.max)
        #expect(read.wallSeconds == 0.1 + 0.2)
        #expect(read.items[0].values[1] == 1234.5678901234)
        #expect(read.items[1].values[1].isNaN)
        #expect(read.items[1].deadlock?.timeNanoseconds == 12_000_000)
        #expect(read.histograms[0].buckets == Self.partial.histograms[0].buckets)
        #expect((read.shardIndex, read.shardCount) == (2, 3))
    }

    @Test func errorsNameTheFileAndTheField() throws {
        let text = Self.partial.serialized()
        for (broken, message) in [
            (text.replacingOccurrences(of: "\"2/3\"", with: "\"4/3\""), "malformed field \"shard\""),
            (text.replacingOccurrences(of: "simexec-partial-1", with: "x"), "not a simexec partial result"),
            (
                text.replacingOccurrences(of: "\"file_sha256\"", with: "\"sha\""),
                "missing or malformed field \"file_sha256\""
            ),
            ("[]", "not a JSON object"),
        ] {
            let path = try write(broken)
            defer { try? FileManager.default.removeItem(atPath: path) }
            #expect(throws: ResultFileError.self) { try PartialResultFile.read(path: path) }
            do {
                _ = try PartialResultFile.read(path: path)
            } catch {
                #expect(error.file == path)
                #expect(error.line == nil)
                #expect(error.message.hasPrefix(message), "\(error)")
            }
        }
    }
}
