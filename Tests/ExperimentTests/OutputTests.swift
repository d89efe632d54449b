import ExecutorModel
import Foundation
import Testing

@testable import Experiment

@Suite struct OutputTests {
    static let swept = baseExperiment + """
        [sweep]
        "runtime.workers" = [1, 2]
        "task.sync_call.steps[1].kind" = ["block", "spawn_blocking"]

        """

    @Test func csvShapes() throws {
        let plan = try makePlan(Self.swept)
        let results = try ExperimentRunner.run(plan, jobs: 2)
        let files = Dictionary(uniqueKeysWithValues: ResultWriter.csvFiles(results).map { ($0.name, $0.text) })

        let summary = try #require(files["summary.csv"]).split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false) }
        let header = summary[0].map(String.init)
        #expect(Array(header.prefix(4)) == ["point", "runtime.workers", "task.sync_call.steps[1].kind", "replications"])
        #expect(header.contains("latency_p99_us_mean"))
        #expect(header.contains("latency_p99_us_ci95_lo"))
        #expect(header.contains("latency_p99_us_ci95_hi"))
        #expect(header.contains("latency_sync_call_p99_us_mean"))
        #expect(header.contains("throughput_per_s_mean"))
        #expect(header.contains("stall_ratio_mean"))
        // Every metric column carries a unit.
        let units = ["_us", "_ms", "_ratio", "_per_s", "_count"]
        for name in results.metricNames {
            #expect(units.contains { name.hasSuffix($0) }, "\(name) has no unit")
        }
        #expect(header.count == 4 + 3 * results.metricNames.count)
        #expect(summary.count == 1 + 4)
        #expect(summary.allSatisfy { $0.count == header.count })
        #expect(summary[1].prefix(4).map(String.init) == ["0", "1", "block", "3"])
        #expect(summary[4].prefix(4).map(String.init) == ["3", "2", "spawn_blocking", "3"])

        let replications = try #require(files["replications.csv"]).split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false) }
        #expect(Array(replications[0].prefix(5).map(String.init)) == ["point", "runtime.workers", "task.sync_call.steps[1].kind", "replication", "seed"])
        #expect(replications.count == 1 + 4 * 3)
        #expect(replications.allSatisfy { $0.count == replications[0].count })
        #expect(replications[1].prefix(5).map(String.init) == ["0", "1", "block", "0", "3"])
        #expect(replications[12].prefix(5).map(String.init) == ["3", "2", "spawn_blocking", "2", "3"])

        let histograms = try #require(files["histograms.csv"]).split(separator: "\n").map { $0.split(separator: ",") }
        #expect(histograms[0] == ["point", "metric", "bucket_lower_us", "bucket_upper_us", "count"])
        #expect(histograms.dropFirst().allSatisfy { $0.count == 5 })
        let metrics = Set(histograms.dropFirst().map { String($0[1]) })
        #expect(metrics == ["latency", "scheduled_delay"])
        // The merged latency histogram of point 0 counts every completed task of its replications.
        let latencyCount = histograms.dropFirst().filter { $0[0] == "0" && $0[1] == "latency" }.reduce(0) { $0 + Int($1[4])! }
        let completed = try #require(results.metricIndex("tasks_completed_count"))
        #expect(Double(latencyCount) == results.values[0].reduce(0) { $0 + $1[completed] })
    }

    @Test func summaryIsTheStudentTIntervalOfTheReplications() throws {
        let plan = try makePlan(baseExperiment)
        let results = try ExperimentRunner.run(plan, jobs: 1)
        let metric = try #require(results.metricIndex("throughput_per_s"))
        let samples = results.values[0].map { $0[metric] }
        let mean = samples.reduce(0, +) / Double(samples.count)
        let sd = (samples.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(samples.count - 1)).squareRoot()
        let halfWidth = 4.302652729911275 * sd / Double(samples.count).squareRoot()  // t(0.975, 2)
        let summary = results.summary(point: 0, metric: metric)
        #expect(abs(summary.mean - mean) < 1e-9)
        #expect(abs(summary.halfWidth - halfWidth) < 1e-6 * max(1, halfWidth))
    }

    @Test func identicalBytesWhateverTheJobs() throws {
        let plan = try makePlan(Self.swept)
        let one = ResultWriter.csvFiles(try ExperimentRunner.run(plan, jobs: 1))
        let four = ResultWriter.csvFiles(try ExperimentRunner.run(plan, jobs: 4))
        #expect(one.map(\.name) == four.map(\.name))
        for (a, b) in zip(one, four) {
            #expect(a.text == b.text, "\(a.name) differs between --jobs 1 and --jobs 4")
        }
    }

    @Test func commonRandomNumbersAcrossPoints() throws {
        // Only the number of workers changes; with the same seeds both points see the same arrivals.
        let plan = try makePlan(baseExperiment + "[sweep]\n\"runtime.workers\" = [2, 3]\n")
        let results = try ExperimentRunner.run(plan, jobs: 2)
        let arrived = try #require(results.metricIndex("tasks_arrived_count"))
        #expect(results.values[0].map { $0[arrived] } == results.values[1].map { $0[arrived] })
    }

    @Test func runWritesAllFilesAndRunJSON() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("tiny.toml")
        try Self.swept.write(to: file, atomically: true, encoding: .utf8)
        let out = directory.appendingPathComponent("out").path
        let report = try ExperimentCommands.run(
            RunRequest(path: file.path, outputDirectory: out, jobs: 2, commandLine: ["simexec", "run", "tiny.toml"]),
            note: { _ in })
        #expect(report.paths.map { ($0 as NSString).lastPathComponent } == ResultWriter.fileNames)
        let contents = try FileManager.default.contentsOfDirectory(atPath: out).sorted()
        #expect(contents == ResultWriter.fileNames.sorted())
        let json = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: out + "/run.json"))) as? [String: Any]
        let manifest = try #require(json)
        #expect(manifest["simexec_version"] as? String == SimExecVersion.current)
        #expect(manifest["file_sha256"] as? String == SHA256.hex(of: try Data(contentsOf: file)))
        #expect(manifest["command_line"] as? [String] == ["simexec", "run", "tiny.toml"])
        #expect((manifest["points"] as? [Any])?.count == 4)
        #expect((manifest["replication_seeds"] as? [Any])?.count == 3)
        #expect(manifest["wall_time_s"] is NSNumber)
        #expect(manifest["started_at"] is String)
        #expect(report.table.contains("spawn_blocking"))
        #expect(report.table.contains("p99 ms"))
    }

    @Test func failedRunLeavesEarlierResultsIntact() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let out = directory.appendingPathComponent("out")
        try FileManager.default.createDirectory(at: out, withIntermediateDirectories: true)
        try "old results\n".write(to: out.appendingPathComponent("summary.csv"), atomically: true, encoding: .utf8)

        // Overloaded during the run (exit 1).
        let overloaded = directory.appendingPathComponent("overloaded.toml")
        let text = replacing("duration = \"50ms\"", with: "duration = \"50ms\"\nmax_live_tasks = 2")
        try replacing("io = \"exp(1ms)\"", with: "io = \"20ms\"", in: text).write(to: overloaded, atomically: true, encoding: .utf8)
        #expect(throws: ExperimentError.self) {
            try ExperimentCommands.run(RunRequest(path: overloaded.path, outputDirectory: out.path, jobs: 2), note: { _ in })
        }
        // Invalid input (exit 2), and a missing file.
        let invalid = directory.appendingPathComponent("invalid.toml")
        try replacing("workers = 2", with: "workers = 0").write(to: invalid, atomically: true, encoding: .utf8)
        #expect(throws: ExperimentError.self) {
            try ExperimentCommands.run(RunRequest(path: invalid.path, outputDirectory: out.path, jobs: 2), note: { _ in })
        }
        let contents = try FileManager.default.contentsOfDirectory(atPath: out.path)
        #expect(contents == ["summary.csv"])
        #expect(try String(contentsOf: out.appendingPathComponent("summary.csv"), encoding: .utf8) == "old results\n")
        // Nothing is created for a run that fails before writing.
        let fresh = directory.appendingPathComponent("fresh")
        _ = try? ExperimentCommands.run(RunRequest(path: invalid.path, outputDirectory: fresh.path, jobs: 1), note: { _ in })
        #expect(!FileManager.default.fileExists(atPath: fresh.path))
    }

    @Test func failedWriteRemovesTemporaryFiles() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        // A folder in the way of the third file makes its rename fail after the first two succeeded.
        let blocker = directory.appendingPathComponent("c.csv")
        try FileManager.default.createDirectory(at: blocker.appendingPathComponent("inside"), withIntermediateDirectories: true)
        #expect(throws: ExperimentError.self) {
            try ResultWriter.writeAtomically([("a.csv", "a\n"), ("b.csv", "b\n"), ("c.csv", "c\n")], to: directory.path)
        }
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: directory.path).filter { $0.hasSuffix(".tmp") }
        #expect(leftovers.isEmpty)
        // A results folder that cannot be created is an error too.
        let file = directory.appendingPathComponent("a-file")
        try "x".write(to: file, atomically: true, encoding: .utf8)
        #expect(throws: ExperimentError.self) {
            try ResultWriter.writeAtomically([("a.csv", "a\n")], to: file.appendingPathComponent("sub").path)
        }
    }

    @Test func pathsAreResolvedCaseInsensitively() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let folder = directory.appendingPathComponent("Experiments")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try baseExperiment.write(to: folder.appendingPathComponent("Blocking.toml"), atomically: true, encoding: .utf8)

        let resolution = try PathResolver.resolve(directory.path + "/experiments/blocking.toml")
        #expect(resolution.path == folder.path + "/Blocking.toml")
        #expect(resolution.note == "note: \(directory.path)/experiments/blocking.toml not found; using \(folder.path)/Blocking.toml")
        #expect(try PathResolver.resolve(folder.path + "/Blocking.toml").note == nil)

        // Several matches: an error naming them.
        try FileManager.default.createDirectory(at: directory.appendingPathComponent("EXPERIMENTS"), withIntermediateDirectories: true)
        do {
            _ = try PathResolver.resolve(directory.path + "/experiments/blocking.toml")
            Issue.record("an ambiguous path was resolved")
        } catch {
            #expect(error.description.contains("matches several names"))
            #expect(error.description.contains("\(directory.path)/EXPERIMENTS, \(directory.path)/Experiments"))
        }
        do {
            _ = try PathResolver.resolve(folder.path + "/blockng.toml")
            Issue.record("a missing file was resolved")
        } catch {
            #expect(error.description.contains("no such file"))
            #expect(error.description.contains("did you mean \(folder.path)/Blocking.toml?"))
        }
    }
}
