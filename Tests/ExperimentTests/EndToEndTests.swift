import Foundation
import Testing

@testable import Experiment

/// Runs the built `simexec` binary, as a user would.
@Suite struct EndToEndTests {
    /// The binary sits in the products folder next to the test bundle (`.build/debug/`).
    static func binary() -> URL? {
        var candidates: [URL] = []
        let runner = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        var folder = runner.deletingLastPathComponent()
        for _ in 0..<4 {
            candidates.append(folder.appendingPathComponent("simexec"))
            folder = folder.deletingLastPathComponent()
        }
        let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        candidates.append(packageRoot.appendingPathComponent(".build/debug/simexec"))
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0.path) }
    }

    struct Outcome {
        var status: Int32
        var stdout: String
        var stderr: String
        /// False when a signal ended the process (a crash, an abort, or the timeout's kill).
        var exitedNormally = true
        /// Whether the process was killed for running past its timeout.
        var timedOut = false
    }

    static func simexec(_ arguments: [String], in directory: URL, timeout: TimeInterval? = nil) throws -> Outcome {
        guard let binary = binary() else {
            Issue.record("simexec binary not found next to the tests; build it with `swift build --build-tests`")
            return Outcome(status: -1, stdout: "", stderr: "")
        }
        let process = Process()
        process.executableURL = binary
        process.arguments = arguments
        process.currentDirectoryURL = directory
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        // A process still running at the timeout is sent SIGTERM, which simexec never gets otherwise.
        let watchdog = DispatchWorkItem { if process.isRunning { process.terminate() } }
        if let timeout { DispatchQueue.global().asyncAfter(deadline: .now() + timeout, execute: watchdog) }
        // Read before waiting so a full pipe cannot block the child.
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        watchdog.cancel()
        let killed = process.terminationReason == .uncaughtSignal
        return Outcome(
            status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self),
            stderr: String(decoding: stderr, as: UTF8.self), exitedNormally: !killed,
            timedOut: killed && process.terminationStatus == SIGTERM)
    }

    @Test func runValidateAndBadInput() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let folder = directory.appendingPathComponent("Experiments")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try (baseExperiment + "[sweep]\n\"task.sync_call.steps[1].kind\" = [\"block\", \"io\"]\n")
            .write(to: folder.appendingPathComponent("tiny.toml"), atomically: true, encoding: .utf8)

        // Success, through the case-insensitive path, into results/<name>/.
        let run = try Self.simexec(["run", "experiments/tiny.toml", "--jobs", "2"], in: directory)
        #expect(run.status == 0, "stderr: \(run.stderr)")
        #expect(run.stderr == "note: experiments/tiny.toml not found; using Experiments/tiny.toml\n")
        #expect(run.stdout.contains("task.sync_call.steps[1].kind"))
        #expect(run.stdout.contains("p99 ms"))
        #expect(run.stdout.contains("results/tiny/summary.csv"))
        let results = directory.appendingPathComponent("results/tiny")
        let written = try FileManager.default.contentsOfDirectory(atPath: results.path).sorted()
        #expect(written == ["histograms.csv", "replications.csv", "run.json", "summary.csv"])
        let summary = try String(contentsOf: results.appendingPathComponent("summary.csv"), encoding: .utf8)
        #expect(summary.split(separator: "\n").count == 3)

        // The same run again gives the same bytes.
        let first = try Data(contentsOf: results.appendingPathComponent("replications.csv"))
        // --quiet prints nothing at all on success, not even the path note.
        let again = try Self.simexec(["run", "experiments/tiny.toml", "--jobs", "1", "--quiet"], in: directory)
        #expect(again.status == 0)
        #expect(again.stdout.isEmpty && again.stderr.isEmpty, "--quiet printed: \(again.stdout)\(again.stderr)")
        #expect(try Data(contentsOf: results.appendingPathComponent("replications.csv")) == first)

        // validate
        let validate = try Self.simexec(["validate", "Experiments/tiny.toml"], in: directory)
        #expect(validate.status == 0)
        #expect(validate.stdout.contains("2 points × 3 replications"))

        // A bad file: exit 2, one message, no stack trace, no files.
        try replacing("workers = 2", with: "wokers = 2")
            .write(to: folder.appendingPathComponent("bad.toml"), atomically: true, encoding: .utf8)
        let bad = try Self.simexec(["run", "Experiments/bad.toml", "--out", "bad-out"], in: directory)
        #expect(bad.status == 2)
        #expect(bad.stderr == "Experiments/bad.toml:9:1: runtime.wokers: unknown key \"wokers\" in [runtime] (did you mean \"workers\"?); allowed keys: profile, flavor, workers, cores, max_blocking_threads, thread_keep_alive, event_interval, global_queue_interval, local_queue_capacity, coop_budget, lifo_slot, timer_resolution, lifo_stealable, eager_driver_handoff, blocked_worker_handoff, monitor_period, monitor_max_period, costs\n")
        #expect(bad.stdout.isEmpty)
        #expect(!FileManager.default.fileExists(atPath: directory.appendingPathComponent("bad-out").path))

        // A missing file and a usage error: exit 2 as well.
        let missing = try Self.simexec(["validate", "nothing.toml"], in: directory)
        #expect(missing.status == 2)
        #expect(missing.stderr.hasPrefix("nothing.toml: no such file"))
        let usage = try Self.simexec(["run", "Experiments/tiny.toml", "--jobs", "0"], in: directory)
        #expect(usage.status == 2)
        #expect(usage.stderr.contains("--jobs must be at least 1"))
        let unknownOption = try Self.simexec(["run", "Experiments/tiny.toml", "--job", "2"], in: directory)
        #expect(unknownOption.status == 2)

        // An overloaded run: exit 1, earlier results untouched.
        let overloaded = replacing("duration = \"50ms\"", with: "duration = \"50ms\"\nmax_live_tasks = 2")
        try replacing("io = \"exp(1ms)\"", with: "io = \"20ms\"", in: overloaded)
            .write(to: folder.appendingPathComponent("overloaded.toml"), atomically: true, encoding: .utf8)
        let failed = try Self.simexec(["run", "Experiments/overloaded.toml", "--out", "results/tiny", "--quiet"], in: directory)
        #expect(failed.status == 1)
        #expect(failed.stderr.contains("the runtime is overloaded"))
        #expect(try Data(contentsOf: results.appendingPathComponent("replications.csv")) == first)

        for outcome in [run, bad, missing, usage, failed] {
            #expect(!outcome.stderr.contains("Fatal error"))
            #expect(!outcome.stderr.contains("Stack dump"))
        }

        // Help explains every option with an example.
        let help = try Self.simexec(["run", "--help"], in: directory)
        #expect(help.status == 0)
        for option in ["--out", "--jobs", "--replications", "--seed", "--set", "--quiet", "Example"] {
            #expect(help.stdout.contains(option), "run --help does not mention \(option)")
        }
    }

    @Test func aDeadlockingRunSucceedsAndReportsIt() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        try LockOutputTests.deadlocking.write(
            to: directory.appendingPathComponent("deadlock.toml"), atomically: true, encoding: .utf8)
        let run = try Self.simexec(["run", "deadlock.toml", "--jobs", "2"], in: directory)
        #expect(run.status == 0, "stderr: \(run.stderr)")
        #expect(run.stderr.isEmpty)
        #expect(run.stdout.contains("DEADLOCK"))
        #expect(run.stdout.contains("3 of 3 replications stopped in a deadlock"))
        #expect(run.stdout.contains("deadlock at t = "))
        #expect(run.stdout.contains("waits for std mutex cache"))
        let summary = try String(
            contentsOf: directory.appendingPathComponent("results/deadlock/summary.csv"), encoding: .utf8)
        let rows = summary.split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false) }
        let column = try #require(rows[0].firstIndex(of: "deadlocked_ratio_mean"))
        #expect(rows[1][column] == "1")
        let json = try String(contentsOf: directory.appendingPathComponent("results/deadlock/run.json"), encoding: .utf8)
        #expect(json.contains("\"report\": \"deadlock at t = "))
    }
}
