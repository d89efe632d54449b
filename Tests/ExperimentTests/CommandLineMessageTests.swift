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
