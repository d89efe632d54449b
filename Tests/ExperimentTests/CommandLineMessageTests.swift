import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#endif

@testable import Experiment

/// Issue 15, messages: the binary answers bad paths and option values in its own words, with exit 2 and nothing
/// written.
@Suite struct CommandLineMessageTests {
    /// Runs simexec in a fresh folder holding `tiny.toml` (`baseExperiment`).
    func simexec(_ arguments: [String]) throws -> EndToEndTests.Outcome {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        try baseExperiment.write(to: directory.appendingPathComponent("tiny.toml"), atomically: true, encoding: .utf8)
        return try EndToEndTests.simexec(arguments, in: directory, timeout: 60)
    }

    @Test func anOutInsideAFileIsExplained() throws {
        let run = try simexec(["run", "tiny.toml", "--quiet", "--out", "/dev/null/x"])
        #expect(run.status == 2)
        #expect(!run.stderr.contains("NSCocoaErrorDomain"), "\(run.stderr)")
        #expect(run.stderr.contains("/dev/null is not a folder"), "\(run.stderr)")
    }

    @Test func traceOutputProblemsAreInputErrorsFoundBeforeTheRun() throws {
        // A folder given as the trace file: before, Foundation's "NSCocoaErrorDomain error 512" and exit 1.
        let folder = try simexec(["trace", "tiny.toml", "--out", "/tmp"])
        #expect(folder.status == 2)
        #expect(folder.stderr == "/tmp: is a folder; --out names the trace file to write, e.g. --out /tmp/trace.json\n")
        // A trace in the results folder does not stop a run there (the folder then holds only what simexec writes).
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        try baseExperiment.write(to: directory.appendingPathComponent("tiny.toml"), atomically: true, encoding: .utf8)
        let trace = try EndToEndTests.simexec(["trace", "tiny.toml"], in: directory)
        #expect(trace.status == 0, "\(trace.stderr)")
        #expect(FileManager.default.fileExists(atPath: directory.appendingPathComponent("results/tiny/trace_point0.json").path))
        let run = try EndToEndTests.simexec(["run", "tiny.toml", "--quiet", "--jobs", "1"], in: directory)
        #expect(run.status == 0, "\(run.stderr)")
        let long = String(repeating: "a", count: 251) + ".json"
        let tooLong = try simexec(["trace", "tiny.toml", "--out", long])
        #expect(tooLong.status == 2)
        #expect(tooLong.stderr.contains("the file name is 256 bytes long; at most 230"), "\(tooLong.stderr)")
        // Negative numbers reach the range check instead of reading as options.
        let negative = try simexec(["trace", "tiny.toml", "--point", "-1"])
        #expect(negative.status == 2)
        #expect(negative.stderr.contains("--point -1 does not exist; the sweep has points 0 to 0"), "\(negative.stderr)")
        // Checked before simulating: this window lies 50,000 s into the run, which would take minutes to reach.
        for out in ["", "new/", "/tmp"] {
            let early = try simexec(
                ["trace", "tiny.toml", "--set", "experiment.duration=100000s", "--from", "50000s", "--to", "50000.001s",
                 "--out", out])
            #expect(early.status == 2, "--out \(out): \(early.stderr)")
            #expect(early.stderr.contains("--out names the trace file to write"), "\(early.stderr)")
        }
        let beyond = try simexec(["trace", "tiny.toml", "--replication", "3"])
        #expect(beyond.status == 2)
        #expect(beyond.stderr.contains("--replication 3 does not exist; the run has replications 0 to 2"), "\(beyond.stderr)")
    }

    @Test func aFolderWhereAFigureGoesIsAnInputError() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        try baseExperiment.write(to: directory.appendingPathComponent("tiny.toml"), atomically: true, encoding: .utf8)
        let run = try EndToEndTests.simexec(["run", "tiny.toml", "--quiet", "--jobs", "1", "--out", "r"], in: directory)
        #expect(run.status == 0, "\(run.stderr)")
        // A folder in the way of a later figure: nothing is written, not even the figures before it.
        try FileManager.default.createDirectory(
            at: directory.appendingPathComponent("r/latency_ccdf.svg"), withIntermediateDirectories: true)
        let plot = try EndToEndTests.simexec(["plot", "r"], in: directory)
        #expect(plot.status == 2)
        #expect(plot.stderr
            == "r/latency_ccdf.svg: is a folder, where simexec plot writes the figure latency_ccdf.svg; move it away\n")
        #expect(!FileManager.default.fileExists(atPath: directory.appendingPathComponent("r/latency.svg").path))
        try FileManager.default.createDirectory(
            at: directory.appendingPathComponent("r/report.html"), withIntermediateDirectories: true)
        let report = try EndToEndTests.simexec(["report", "r"], in: directory)
        #expect(report.status == 2)
        #expect(report.stderr.contains("r/report.html: is a folder, where simexec writes the report"), "\(report.stderr)")
    }

    @Test func aShardCannotBePlottedAndSizeChecksItsOutFirst() throws {
        let shard = try simexec(["run", "tiny.toml", "--shard", "1/2", "--plot"])
        #expect(shard.status == 2)
        #expect(shard.stderr.contains("--plot needs every point; a shard has only some"), "\(shard.stderr)")
        let size = try simexec(
            ["size", "tiny.toml", "--vary", "runtime.workers=1..4", "--objective", "latency_p99_us<=1000000",
             "--out", "tiny.toml"])
        #expect(size.status == 2)
        #expect(size.stderr.hasPrefix("tiny.toml: is not a folder; --out names the folder below which"), "\(size.stderr)")
    }

    @Test func aMistypedCommandGetsASuggestion() throws {
        let typo = try simexec(["runn", "tiny.toml"])
        #expect(typo.status == 2)
        #expect(typo.stderr.hasPrefix("Error: unknown command \"runn\" (did you mean \"run\"?); commands: run, validate"),
                "\(typo.stderr)")
        // Two swapped letters are one edit.
        let swapped = try simexec(["plto", "results"])
        #expect(swapped.stderr.hasPrefix("Error: unknown command \"plto\" (did you mean \"plot\"?)"), "\(swapped.stderr)")
    }

    @Test func anEmptyOutIsNamed() throws {
        let run = try simexec(["run", "tiny.toml", "--quiet", "--out", ""])
        #expect(run.status == 2)
        #expect(run.stderr.contains("the results folder (--out) is empty"), "\(run.stderr)")
    }

    @Test func aDeviceOrAFIFOIsNotAnExperimentFile() throws {
        let device = try simexec(["validate", "/dev/null"])
        #expect(device.status == 2)
        #expect(device.stderr == "/dev/null: is a device, not a regular file; an experiment file is a TOML text file\n")
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let fifo = directory.appendingPathComponent("pipe.toml").path
        #expect(mkfifo(fifo, 0o644) == 0)
        let run = try EndToEndTests.simexec(["run", fifo, "--quiet"], in: directory, timeout: 30)
        #expect(!run.timedOut && run.status == 2)
        #expect(run.stderr.contains("is a named pipe (FIFO), not a regular file"), "\(run.stderr)")
        #expect(!run.stderr.contains("permission"))
    }

    @Test(arguments: [
        (["run", "tiny.toml", "--jobs", "-1"], "--jobs must be at least 1, got -1"),
        (["run", "tiny.toml", "--replications", "-1"], "--replications -1: expected an integer from 2 to 100000"),
        (["run", "tiny.toml", "--seed", "-1"], "expected an integer from 0 to 18446744073709551615, got -1"),
        (["run", "tiny.toml", "--shard", "-1"], "--shard must be K/N with 1 <= K <= N"),
        (["compare", "a", "b", "--alpha", "-1"], "--alpha must be between 0 and 1"),
        (["validate", "tiny.toml", "--seed", "-1"], "expected an integer from 0 to 18446744073709551615, got -1"),
    ])
    func negativeNumbersAreValuesNotOptions(arguments: [String], expected: String) throws {
        let run = try simexec(arguments)
        #expect(run.status == 2)
        #expect(!run.stderr.contains("Missing value"), "\(run.stderr)")
        #expect(run.stderr.contains(expected), "\(run.stderr)")
    }

    @Test func notUTF8NamesTheLineAndByte() throws {
        var bytes = Array("[experiment]\nname = \"a".utf8)
        bytes += [0xFF]
        bytes += Array("\"\n".utf8)
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        try Data(bytes).write(to: directory.appendingPathComponent("bad.toml"))
        let run = try EndToEndTests.simexec(["validate", "bad.toml"], in: directory)
        #expect(run.status == 2)
        #expect(run.stderr.hasPrefix("bad.toml:2:10: is not UTF-8 text: byte 22 (0xFF)"), "\(run.stderr)")
    }

    @Test func echoedControlCharactersAreEscapedOnTheTerminal() throws {
        let run = try simexec(["validate", "tiny.toml", "--set", "runtime.workers=\u{1B}[31m"])
        #expect(run.status == 2)
        #expect(!run.stderr.contains("\u{1B}"), "\(run.stderr)")
        #expect(run.stderr.contains("\\u{1B}[31m"))
    }
}

extension CommandLineMessageTests {
    @Test func aDuplicatedQuotedKeyIsEchoedAsWritten() {
        let message = errorMessage("[experiment]\n\"a b\" = 1\n\"a b\" = 2\n")
        #expect(message.hasPrefix("test.toml:3:"), "\(message)")
        #expect(message.contains("invalid TOML: \"a b\" is defined twice (first as an integer)"), "\(message)")
        #expect(!message.contains("\"a a b\""))
    }
}
