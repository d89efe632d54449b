import Foundation
import Testing

@testable import Experiment

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The result set is committed as a unit (issue 15): a failed write leaves the old set as it was, leftovers of
/// killed runs are cleaned, and a second run on a folder in use stops before simulating.
@Suite("Result set commit")
struct ResultCommitTests {
    /// A folder with an experiment file and an old result set in `out`.
    func setUp() throws -> (folder: URL, file: String, out: URL) {
        let folder = try temporaryDirectory()
        let file = folder.appendingPathComponent("tiny.toml").path
        try baseExperiment.write(toFile: file, atomically: true, encoding: .utf8)
        let out = folder.appendingPathComponent("out")
        try FileManager.default.createDirectory(at: out, withIntermediateDirectories: true)
        for name in ResultWriter.fileNames {
            try "old \(name)\n".write(to: out.appendingPathComponent(name), atomically: true, encoding: .utf8)
        }
        return (folder, file, out)
    }

    /// Every entry of `folder`, recursively, with each file's contents.
    func snapshot(_ folder: URL) throws -> [String: String] {
        var entries: [String: String] = [:]
        for case let path as String in FileManager.default.enumerator(atPath: folder.path) ?? .init() {
            let url = folder.appendingPathComponent(path)
            entries[path] = (try? String(contentsOf: url, encoding: .utf8)) ?? "<folder>"
        }
        return entries
    }

    /// The siblings of `out` other than `out` itself: lock files and staging folders.
    func siblings(of out: URL) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: out.deletingLastPathComponent().path)
            .filter { $0.hasPrefix(".out") }
    }

    @Test func aFailedWriteLeavesTheOldSetUntouched() throws {
        let (folder, _, out) = try setUp()
        defer { try? FileManager.default.removeItem(at: folder) }
        let before = try snapshot(out)
        // The second file cannot be created (its folder does not exist) after the first was written.
        #expect(throws: ExperimentError.self) {
            try ResultWriter.writeAtomically([("summary.csv", "new\n"), ("missing/replications.csv", "new\n")], to: out.path)
        }
        #expect(try snapshot(out) == before)
        #expect(try siblings(of: out).isEmpty)
    }

    @Test func aFolderWhereAResultFileGoesStopsTheRunBeforeItStarts() throws {
        let (folder, file, out) = try setUp()
        defer { try? FileManager.default.removeItem(at: folder) }
        try FileManager.default.removeItem(at: out.appendingPathComponent("histograms.csv"))
        try FileManager.default.createDirectory(
            at: out.appendingPathComponent("histograms.csv/inside"), withIntermediateDirectories: true)
        let before = try snapshot(out)
        do {
            _ = try ExperimentCommands.run(RunRequest(path: file, outputDirectory: out.path, jobs: 1)) { _ in }
            Issue.record("a run wrote over a folder")
        } catch {
            #expect(error.exitCode == 2)
            #expect(error.message.contains("histograms.csv in it is a folder, where simexec writes the file"))
        }
        #expect(throws: ExperimentError.self) {
            try ResultWriter.writeAtomically(ResultWriter.fileNames.map { ($0, "new\n") }, to: out.path)
        }
        #expect(try snapshot(out) == before)
        #expect(try siblings(of: out).isEmpty)
    }

    @Test func aFolderWithoutResultsIsNotRebuiltAsAResultSet() throws {
        // Fails without the check in ResultFolderLock: `--out .` or `--out ~` had every folder of the tree recreated
        // (and every file relinked) in the new set, pulling the working folder from under running processes.
        let (folder, file, _) = try setUp()
        defer { try? FileManager.default.removeItem(at: folder) }
        let project = folder.appendingPathComponent("project")
        try FileManager.default.createDirectory(
            at: project.appendingPathComponent("src/deep"), withIntermediateDirectories: true)
        try "int main;\n".write(to: project.appendingPathComponent("src/deep/a.c"), atomically: true, encoding: .utf8)
        var before = stat()
        stat(project.appendingPathComponent("src").path, &before)
        let entries = try snapshot(project)
        do {
            _ = try ExperimentCommands.run(RunRequest(path: file, outputDirectory: project.path, jobs: 1)) { _ in }
            Issue.record("a folder without results was taken as a results folder")
        } catch {
            #expect(error.exitCode == 2)
            #expect(error.description.hasPrefix("\(project.path): is a folder that holds other things and no simexec "
                + "results (no run.json or partial result file)"), "\(error)")
        }
        var after = stat()
        stat(project.appendingPathComponent("src").path, &after)
        #expect(after.st_ino == before.st_ino)
        #expect(try snapshot(project) == entries)
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasPrefix(".") }.isEmpty)
        // Nor is a folder of hidden files only (a home folder, a fresh repository) a results folder.
        let hidden = folder.appendingPathComponent("home")
        try FileManager.default.createDirectory(
            at: hidden.appendingPathComponent(".git"), withIntermediateDirectories: true)
        try "x\n".write(to: hidden.appendingPathComponent(".bashrc"), atomically: true, encoding: .utf8)
        #expect(throws: ExperimentError.self) {
            _ = try ExperimentCommands.run(RunRequest(path: file, outputDirectory: hidden.path, jobs: 1)) { _ in }
        }
        // An empty folder is fine.
        let empty = folder.appendingPathComponent("empty")
        try FileManager.default.createDirectory(at: empty, withIntermediateDirectories: true)
        _ = try ExperimentCommands.run(RunRequest(path: file, outputDirectory: empty.path, jobs: 1)) { _ in }
        #expect(FileManager.default.fileExists(atPath: empty.appendingPathComponent("run.json").path))
    }

    @Test func aRunReplacesTheSetAndKeepsOtherEntries() throws {
        let (folder, file, out) = try setUp()
        defer { try? FileManager.default.removeItem(at: folder) }
        try "mine\n".write(to: out.appendingPathComponent("notes.txt"), atomically: true, encoding: .utf8)
        // Folders named like the figures or the report that a new set drops are the user's: kept with what they hold.
        for name in ["latency.svg", "report.html"] {
            try FileManager.default.createDirectory(
                at: out.appendingPathComponent(name), withIntermediateDirectories: true)
            try "keep\n".write(to: out.appendingPathComponent("\(name)/a.txt"), atomically: true, encoding: .utf8)
        }
        // A figure half-written by a killed `simexec plot` stays behind with the old set.
        try "<sv".write(to: out.appendingPathComponent(".latency.svg.tmp-4242"), atomically: true, encoding: .utf8)
        try FileManager.default.createDirectory(at: out.appendingPathComponent("plots"), withIntermediateDirectories: true)
        try "<svg/>\n".write(to: out.appendingPathComponent("plots/a.svg"), atomically: true, encoding: .utf8)
        _ = try ExperimentCommands.run(RunRequest(path: file, outputDirectory: out.path, jobs: 1)) { _ in }
        let after = try snapshot(out)
        #expect(after["notes.txt"] == "mine\n")
        #expect(after["plots/a.svg"] == "<svg/>\n")
        #expect(after[".latency.svg.tmp-4242"] == nil)
        #expect(after["latency.svg/a.txt"] == "keep\n" && after["report.html/a.txt"] == "keep\n")
        for name in ResultWriter.fileNames { #expect(after[name]?.hasPrefix("old") == false) }
        #expect(try siblings(of: out).isEmpty)
    }

    @Test func aDerivedFileIsMadeFromTheStagedSetAndCommittedWithIt() throws {
        let (folder, file, out) = try setUp()
        defer { try? FileManager.default.removeItem(at: folder) }
        try "stale\n".write(to: out.appendingPathComponent("report.html"), atomically: true, encoding: .utf8)
        let derived = DerivedResultFile(name: "report.html") { staged in
            // The staged folder holds the new set, never the old one.
            let summary = (try? String(contentsOfFile: staged + "/summary.csv", encoding: .utf8)) ?? ""
            return summary.hasPrefix("old") ? "saw the old set\n" : "made from \(summary.count) bytes\n"
        }
        let report = try ExperimentCommands.run(
            RunRequest(path: file, outputDirectory: out.path, jobs: 1, derivedFiles: [derived])) { _ in }
        #expect(report.paths.last == out.appendingPathComponent("report.html").path)
        let after = try snapshot(out)
        #expect(after["report.html"] == "made from \(after["summary.csv"]?.count ?? -1) bytes\n")
        #expect(after["run.json"]?.contains(#""run.json", "report.html"]"#) == true)
        #expect(try siblings(of: out).isEmpty)

        // A run without the derived file drops the earlier one, which would describe other results.
        _ = try ExperimentCommands.run(RunRequest(path: file, outputDirectory: out.path, jobs: 1)) { _ in }
        #expect(try snapshot(out)["report.html"] == nil)
    }

    @Test func aDerivedFileThatCannotBeMadeLeavesTheOldSetUntouched() throws {
        let (folder, file, out) = try setUp()
        defer { try? FileManager.default.removeItem(at: folder) }
        let before = try snapshot(out)
        let failing = DerivedResultFile(name: "report.html") { _ throws(ExperimentError) in
            throw ExperimentError(.run, file: "report.html", message: "the report could not be made")
        }
        do {
            _ = try ExperimentCommands.run(
                RunRequest(path: file, outputDirectory: out.path, jobs: 1, derivedFiles: [failing])) { _ in }
            Issue.record("the run committed without its derived file")
        } catch {
            #expect(error.exitCode == 1)
            #expect(error.message == "the report could not be made")
        }
        #expect(try snapshot(out) == before)
        #expect(try siblings(of: out).isEmpty)
    }

    @Test func leftoversOfKilledRunsAreCleaned() throws {
        let (folder, file, out) = try setUp()
        defer { try? FileManager.default.removeItem(at: folder) }
        let stale = folder.appendingPathComponent(".out.staging-999999")
        try FileManager.default.createDirectory(at: stale, withIntermediateDirectories: true)
        try "half\n".write(to: stale.appendingPathComponent("summary.csv"), atomically: true, encoding: .utf8)
        let parked = folder.appendingPathComponent(".out.old-999998")
        try FileManager.default.createDirectory(at: parked, withIntermediateDirectories: true)
        let unrelated = folder.appendingPathComponent(".out.staging-notapid")
        try FileManager.default.createDirectory(at: unrelated, withIntermediateDirectories: true)
        _ = try ExperimentCommands.run(RunRequest(path: file, outputDirectory: out.path, jobs: 1)) { _ in }
        #expect(try siblings(of: out) == [".out.staging-notapid"])

        // An old set parked by a swap without an atomic exchange, with no folder in its place, is put back.
        try FileManager.default.moveItem(at: out, to: parked)
        let overloaded = folder.appendingPathComponent("overloaded.toml").path
        try replacing("duration = \"50ms\"", with: "duration = \"50ms\"\nmax_live_tasks = 2")
            .write(toFile: overloaded, atomically: true, encoding: .utf8)
        #expect(throws: ExperimentError.self) {
            try ExperimentCommands.run(RunRequest(path: overloaded, outputDirectory: out.path, jobs: 1)) { _ in }
        }
        #expect(FileManager.default.fileExists(atPath: out.appendingPathComponent("run.json").path))
        #expect(try siblings(of: out) == [".out.staging-notapid"])
    }

    @Test func aSecondRunOnALockedFolderStopsBeforeSimulating() throws {
        let (folder, file, out) = try setUp()
        defer { try? FileManager.default.removeItem(at: folder) }
        let before = try snapshot(out)
        // Hold the lock as a running simexec would.
        let lock = folder.appendingPathComponent(".out.lock").path
        let descriptor = open(lock, O_RDWR | O_CREAT, 0o644)
        #expect(flock(descriptor, LOCK_EX | LOCK_NB) == 0)
        defer { close(descriptor) }
        let long = replacing("duration = \"50ms\"", with: "duration = \"1000s\"")
        try long.write(toFile: file, atomically: true, encoding: .utf8)
        let started = Date()
        do {
            _ = try ExperimentCommands.run(RunRequest(path: file, outputDirectory: out.path, jobs: 1)) { _ in }
            Issue.record("a second run on a locked folder went ahead")
        } catch {
            #expect(error.exitCode == 2)
            #expect(error.message.contains("another simexec run is writing to this results folder"), "\(error)")
        }
        let cli = try EndToEndTests.simexec(["run", file, "--out", out.path, "--quiet"], in: folder)
        #expect(cli.status == 2)
        #expect(cli.stderr.contains("another simexec run is writing to this results folder (it holds \(lock))"))
        #expect(Date().timeIntervalSince(started) < 60)
        #expect(try snapshot(out) == before)
    }

    @Test("--out that cannot be a results folder is an input error before the run", arguments: ["", "a-file", "a-file/sub"])
    func unusableOutIsFoundFirst(out: String) throws {
        let (folder, file, _) = try setUp()
        defer { try? FileManager.default.removeItem(at: folder) }
        try "x\n".write(to: folder.appendingPathComponent("a-file"), atomically: true, encoding: .utf8)
        let path = out.isEmpty ? out : folder.appendingPathComponent(out).path
        do {
            _ = try ExperimentCommands.run(RunRequest(path: file, outputDirectory: path, jobs: 1)) { _ in }
            Issue.record("--out \(out) was accepted")
        } catch {
            #expect(error.exitCode == 2, "\(error)")
        }
    }
}
