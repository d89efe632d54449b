import Foundation
import Testing

/// `docs/ci/simexec-compare.sh` in a throw-away git repository: a pull request that adds the experiment file has no
/// baseline (exit 0 and a note), and one that leaves it alone compares it with itself (exit 0, a Markdown table).
@Suite struct CompareScriptTests {
    static let script = ReportCommandTests.packageRoot.appendingPathComponent("docs/ci/simexec-compare.sh").path

    /// Runs `arguments[0]` with the rest in `directory`, with `environment` added and simexec's folder first on PATH.
    static func run(_ arguments: [String], in directory: URL, environment: [String: String] = [:]) throws
        -> (status: Int32, output: String)
    {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = arguments
        process.currentDirectoryURL = directory
        var variables = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        if let binary = EndToEndTests.binary() {
            variables["PATH"] = binary.deletingLastPathComponent().path + ":" + (variables["PATH"] ?? "")
        }
        variables["GIT_AUTHOR_NAME"] = "test"
        variables["GIT_AUTHOR_EMAIL"] = "test@example.invalid"
        variables["GIT_COMMITTER_NAME"] = "test"
        variables["GIT_COMMITTER_EMAIL"] = "test@example.invalid"
        process.environment = variables
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        try process.run()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return (process.terminationStatus, text)
    }

    /// A repository whose `main` has one empty commit and whose checked-out branch `pr` adds experiments/service.toml.
    static func repository() throws -> URL {
        let directory = try temporaryDirectory()
        for command in [["git", "init", "-q", "-b", "main"], ["git", "commit", "-q", "--allow-empty", "-m", "base"],
                        ["git", "checkout", "-q", "-b", "pr"]] {
            let result = try run(command, in: directory)
            try #require(result.status == 0, "\(command): \(result.output)")
        }
        try FileManager.default.createDirectory(
            at: directory.appendingPathComponent("experiments"), withIntermediateDirectories: true)
        try baseExperiment.write(
            to: directory.appendingPathComponent("experiments/service.toml"), atomically: true, encoding: .utf8)
        for command in [["git", "add", "."], ["git", "commit", "-q", "-m", "add the experiment"]] {
            let result = try run(command, in: directory)
            try #require(result.status == 0, "\(command): \(result.output)")
        }
        return directory
    }

    @Test func anExperimentFileNewInThePullRequestHasNoBaselineAndPasses() throws {
        let directory = try Self.repository()
        defer { try? FileManager.default.removeItem(at: directory) }
        let result = try Self.run(["sh", Self.script], in: directory, environment: ["BASE_REF": "main"])
        #expect(result.status == 0, "\(result.output)")
        #expect(result.output.contains("experiments/service.toml is new (not in main), so there is no baseline"))
        let note = try String(
            contentsOf: directory.appendingPathComponent("simexec-compare/compare.md"), encoding: .utf8)
        #expect(note.contains("no baseline"))
    }

    @Test func aBaseRefThatIsNotACommitIsBadInput() throws {
        let directory = try Self.repository()
        defer { try? FileManager.default.removeItem(at: directory) }
        let result = try Self.run(["sh", Self.script], in: directory, environment: ["BASE_REF": "origin/nowhere"])
        #expect(result.status == 2, "\(result.output)")
        #expect(result.output.contains("BASE_REF origin/nowhere is not a commit here"))
    }

    @Test func anUnchangedExperimentComparesEqual() throws {
        let directory = try Self.repository()
        defer { try? FileManager.default.removeItem(at: directory) }
        let result = try Self.run(["sh", Self.script], in: directory, environment: ["BASE_REF": "pr"])
        #expect(result.status == 0, "\(result.output)")
        #expect(result.output.contains("simexec compare"))
        #expect(result.output.contains("| `latency_p99_us` |"))
    }
}
