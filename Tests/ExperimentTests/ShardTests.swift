import Experiment
import Foundation
import Testing

@Suite("Sharded runs and merge")
struct ShardTests {
    let experiment = """
        [experiment]
        name = "shards"
        replications = 4
        duration = "200ms"
        warmup = "20ms"
        [runtime]
        workers = 2
        [arrivals]
        rate = 1500
        [[task]]
        name = "handler"
        weight = 95
        steps = [ { cpu = "exp(100us)" }, { io = "1ms" } ]
        [[task]]
        name = "sync_call"
        weight = 5
        steps = [ { block = "2ms" } ]
        [sweep]
        "runtime.workers" = [1, 2, 3]
        """

    func temporaryFolder() throws -> URL {
        try temporaryDirectory("shards")
    }

    @Test("Shard parses K/N and splits the work items into disjoint slices that cover them all")
    func shardSlices() throws {
        #expect(Shard("0/3") == nil && Shard("4/3") == nil && Shard("x/2") == nil && Shard("2") == nil)
        let shards = try (1...3).map { try #require(Shard(index: $0, count: 3)) }
        for item in 0..<30 {
            #expect(shards.filter { $0.contains(item: item) }.count == 1)
        }
    }

    @Test("merging all shards gives byte-identical CSVs to a single run")
    func mergeEqualsSingleRun() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("shards.toml").path
        try experiment.write(toFile: file, atomically: true, encoding: .utf8)
        let whole = folder.appendingPathComponent("whole").path
        _ = try ExperimentCommands.run(RunRequest(path: file, outputDirectory: whole, jobs: 2)) { _ in }
        var shardFolders: [String] = []
        for index in 1...3 {
            let out = folder.appendingPathComponent("shard\(index)").path
            let report = try ExperimentCommands.run(
                RunRequest(path: file, outputDirectory: out, jobs: 1, shard: Shard(index: index, count: 3))) { _ in }
            #expect(report.paths == [(out as NSString).appendingPathComponent("partial-\(index)-of-3.json")])
            shardFolders.append(out)
        }
        let merged = folder.appendingPathComponent("merged").path
        _ = try ExperimentCommands.merge(shardFolders.reversed(), outputDirectory: merged, commandLine: [])
        for name in ["summary.csv", "replications.csv", "histograms.csv"] {
            let expected = try String(contentsOfFile: (whole as NSString).appendingPathComponent(name), encoding: .utf8)
            let actual = try String(contentsOfFile: (merged as NSString).appendingPathComponent(name), encoding: .utf8)
            #expect(actual == expected, "\(name) differs after merge")
        }
    }

    @Test("a missing shard, or a changed experiment file, is a clear error")
    func mergeChecksItsInputs() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("shards.toml").path
        try experiment.write(toFile: file, atomically: true, encoding: .utf8)
        let first = folder.appendingPathComponent("s1").path
        _ = try ExperimentCommands.run(
            RunRequest(path: file, outputDirectory: first, jobs: 1, shard: Shard(index: 1, count: 2))) { _ in }
        do {
            _ = try ExperimentCommands.merge([first], outputDirectory: nil, commandLine: [])
            Issue.record("merge accepted an incomplete set of shards")
        } catch {
            #expect("\(error)".contains("missing shard(s) 2/2"))
        }
        let second = folder.appendingPathComponent("s2").path
        _ = try ExperimentCommands.run(
            RunRequest(path: file, outputDirectory: second, jobs: 1, shard: Shard(index: 2, count: 2))) { _ in }
        try (experiment + "\n# edited\n").write(toFile: file, atomically: true, encoding: .utf8)
        do {
            _ = try ExperimentCommands.merge([first, second], outputDirectory: nil, commandLine: [])
            Issue.record("merge accepted shards of a file that changed")
        } catch {
            #expect("\(error)".contains("the experiment file changed since the shards ran"))
        }
    }
}
