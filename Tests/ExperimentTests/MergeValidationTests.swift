import Foundation
import Testing

@testable import Experiment

/// `simexec merge` checks every partial against the experiment and the other shards before writing anything
/// (issue 15): each malformed set of partials is one input error (exit 2) naming the partial file, and no results
/// folder appears.
@Suite("Merge validation")
struct MergeValidationTests {
    /// 2 points × 2 replications: shard 1/2 runs work items 0 and 2 (replication 0 of each point), shard 2/2 items
    /// 1 and 3.
    let experiment = replacing("replications = 3", with: "replications = 2")
        + "[sweep]\n\"runtime.workers\" = [1, 2]\n"

    /// The two partial files of a fresh sharded run, in a fresh folder.
    func shards() throws -> (folder: URL, partials: [String]) {
        let folder = try temporaryDirectory()
        let file = folder.appendingPathComponent("tiny.toml").path
        try experiment.write(toFile: file, atomically: true, encoding: .utf8)
        let partials = try (1...2).map { index in
            let report = try ExperimentCommands.run(
                RunRequest(
                    path: file, outputDirectory: folder.appendingPathComponent("s\(index)").path, jobs: 1,
                    shard: Shard(index: index, count: 2))) { _ in }
            return try #require(report.paths.first)
        }
        return (folder, partials)
    }

    /// Rewrites the partial at `path` through `change`.
    func edit(_ path: String, _ change: (inout [String: Any]) throws -> Void) throws {
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        var object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        try change(&object)
        try JSONSerialization.data(withJSONObject: object).write(to: URL(fileURLWithPath: path))
    }

    /// The error merging `partials` gives; checks that it is an input error naming `file` and that nothing was
    /// written.
    func mergeError(_ partials: [String], in folder: URL, naming file: String, sourceLocation: SourceLocation = #_sourceLocation)
        -> String
    {
        let out = folder.appendingPathComponent("merged")
        do {
            _ = try ExperimentCommands.merge(partials, outputDirectory: out.path, commandLine: [])
            Issue.record("merge accepted malformed partials", sourceLocation: sourceLocation)
            return ""
        } catch {
            #expect(error.exitCode == 2, sourceLocation: sourceLocation)
            #expect(error.file == file, "\(error)", sourceLocation: sourceLocation)
            #expect(!FileManager.default.fileExists(atPath: out.path), sourceLocation: sourceLocation)
            return error.message
        }
    }

    @Test func emptyItemsAreMissingItems() throws {
        let (folder, partials) = try shards()
        defer { try? FileManager.default.removeItem(at: folder) }
        try edit(partials[1]) { $0["items"] = [Any]() }
        let withHistograms = mergeError(partials, in: folder, naming: partials[1])
        #expect(withHistograms.contains("histogram of point 0 but no item of that point"), "\(withHistograms)")
        try edit(partials[1]) { $0["histograms"] = [Any]() }
        let message = mergeError(partials, in: folder, naming: partials[1])
        #expect(message.contains("has no item of point 0, replication 1 (work item 1) nor of 1 more"), "\(message)")
        #expect(message.contains("shard 2/2 must hold every work item i with i mod 2 = 1"))
    }

    @Test func shardsOfDifferentRunsSayWhatDiffers() throws {
        // Fails with the former message, which listed every possible difference without saying which.
        let (folder, partials) = try shards()
        defer { try? FileManager.default.removeItem(at: folder) }
        try edit(partials[1]) {
            $0["seed"] = 7
            $0["sets"] = ["runtime.workers=4"]
        }
        let message = mergeError(partials, in: folder, naming: partials[1])
        #expect(message == "shard 2/2 does not belong to the same run as shard 1/2 (\(partials[0])): --set "
            + "runtime.workers=4 here, none there; seed 7 here, 3 there", "\(message)")
    }

    @Test func anItemInAnotherShardIsRefused() throws {
        let (folder, partials) = try shards()
        defer { try? FileManager.default.removeItem(at: folder) }
        try edit(partials[0]) { object in
            var items = try #require(object["items"] as? [[String: Any]])
            items[1]["replication"] = 1
            object["items"] = items
        }
        let message = mergeError(partials, in: folder, naming: partials[0])
        #expect(message.contains("is work item 3, which belongs to shard 2/2, not 1/2"), "\(message)")
    }

    @Test func aDuplicatedItemIsRefused() throws {
        let (folder, partials) = try shards()
        defer { try? FileManager.default.removeItem(at: folder) }
        try edit(partials[0]) { object in
            let items = try #require(object["items"] as? [[String: Any]])
            object["items"] = items + [items[0]]
        }
        let message = mergeError(partials, in: folder, naming: partials[0])
        #expect(message.contains("has the item of point 0, replication 0 twice"), "\(message)")
    }

    @Test func histogramCountsThatOverflowWhenSummed() throws {
        let (folder, partials) = try shards()
        defer { try? FileManager.default.removeItem(at: folder) }
        for path in partials {
            try edit(path) { object in
                var histograms = try #require(object["histograms"] as? [[String: Any]])
                histograms[0]["buckets"] = [[1_000, 1_122, UInt64.max]]
                object["histograms"] = histograms
            }
        }
        let message = mergeError(partials, in: folder, naming: partials[1])
        #expect(message.contains("sum to more than 18446744073709551615 over the shards"), "\(message)")
    }

    @Test func bucketEdgesAgreeAcrossShards() throws {
        let (folder, partials) = try shards()
        defer { try? FileManager.default.removeItem(at: folder) }
        for (path, upper) in zip(partials, [1_122, 1_200]) {
            try edit(path) { object in
                var histograms = try #require(object["histograms"] as? [[String: Any]])
                histograms[0]["buckets"] = [[1_000, upper, 1]]
                object["histograms"] = histograms
            }
        }
        let message = mergeError(partials, in: folder, naming: partials[1])
        #expect(message.contains("the shards of one run share bucket edges"), "\(message)")
    }

    @Test func aHistogramOfAPointTheShardDidNotRun() throws {
        let (folder, partials) = try shards()
        defer { try? FileManager.default.removeItem(at: folder) }
        try edit(partials[0]) { object in
            let items = try #require(object["items"] as? [[String: Any]])
            object["items"] = [items[0]]
        }
        let message = mergeError(partials, in: folder, naming: partials[0])
        #expect(message.contains("histogram of point 1 but no item of that point"), "\(message)")
    }

    @Test func metricsMustBeTheExperiments() throws {
        let (folder, partials) = try shards()
        defer { try? FileManager.default.removeItem(at: folder) }
        for path in partials {
            try edit(path) { object in
                var metrics = try #require(object["metrics"] as? [String])
                metrics[metrics.count - 1] = "made_up_metric"
                object["metrics"] = metrics
            }
        }
        let message = mergeError(partials, in: folder, naming: partials[0])
        #expect(message.contains("its \"metrics\" are not the experiment's"), "\(message)")
    }

    @Test func aShardCountAboveWhatRunAllowsIsRefusedBeforeAllocating() throws {
        let (folder, partials) = try shards()
        defer { try? FileManager.default.removeItem(at: folder) }
        try edit(partials[0]) { object in
            object["shard"] = "1/100000000"
            object["points"] = 100_000
            object["replications"] = 100_000
        }
        let message = mergeError(partials, in: folder, naming: partials[0])
        #expect(message.contains("has more shards than `run --shard` allows"), "\(message)")
    }

    @Test func runRefusesAbsurdShardCounts() throws {
        #expect(Shard("1/9223372036854775807") == nil)
        #expect(Shard("1/100000000") == nil)
        let folder = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("tiny.toml").path
        try experiment.write(toFile: file, atomically: true, encoding: .utf8)
        let out = folder.appendingPathComponent("out")
        do {
            _ = try ExperimentCommands.run(
                RunRequest(path: file, outputDirectory: out.path, jobs: 1, shard: Shard(index: 1, count: 5))) { _ in }
            Issue.record("a shard count above the work items was accepted")
        } catch {
            #expect(error.exitCode == 2)
            #expect(error.message.contains("the experiment has 4 work items (2 points × 2 replications), so N must be "
                + "from 1 to 4"), "\(error)")
        }
        #expect(!FileManager.default.fileExists(atPath: out.path))
        let cli = try EndToEndTests.simexec(["run", file, "--shard", "1/9223372036854775807"], in: folder)
        #expect(cli.status == 2)
        #expect(cli.stderr.contains("--shard must be K/N with 1 <= K <= N <= 100000"), "\(cli.stderr)")
    }
}
