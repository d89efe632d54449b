import Foundation
import Testing

/// Mutated shipped experiment files through the real binary: nothing may crash, trap, abort or hang, and every input
/// error (exit 2) names the file or the option at fault. The mutants come from the shipped files, hostile values and
/// the README's key table (``ReadmeKeyTable``). `SIMEXEC_FUZZ_CASES=5000 swift test --skip-build --filter Fuzz` runs
/// longer; `SIMEXEC_FUZZ_SEED` picks another set of mutants.
@Suite(.serialized) struct ExperimentFileFuzzTests {
    static let experiments = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Experiments")

    @Test func mutatedExperimentsNeverCrashOrHang() throws {
        let environment = ProcessInfo.processInfo.environment
        let cases = Int(environment["SIMEXEC_FUZZ_CASES"] ?? "") ?? 120
        let seed = UInt32(environment["SIMEXEC_FUZZ_SEED"] ?? "") ?? 1
        let files = try FileManager.default.contentsOfDirectory(atPath: Self.experiments.path)
            .filter { $0.hasSuffix(".toml") }.sorted()
        let sources = try files.map { try String(contentsOf: Self.experiments.appendingPathComponent($0), encoding: .utf8) }
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let readme = try String(
            contentsOf: Self.experiments.deletingLastPathComponent().appendingPathComponent("README.md"), encoding: .utf8)
        let keyTable = ReadmeKeyTable(readme: readme)
        #expect(keyTable.entries.count > 40, "the README's key table was not found or lost its rows")
        let mutator = ExperimentFileMutator(seed: seed, keyTable: keyTable)
        var exits: [Int32: Int] = [:]
        for number in 0..<cases {
            let source = number % sources.count
            let mutant = mutator.mutate(sources[source])
            let file = directory.appendingPathComponent("case\(number).toml")
            try mutant.write(to: file, atomically: true, encoding: .utf8)
            let outcome = try EndToEndTests.simexec(
                [
                    "run", file.path, "--set", "experiment.duration=20ms", "--set", "experiment.warmup=5ms",
                    "--replications", "2", "--jobs", "1", "--quiet", "--out", directory.appendingPathComponent("out").path,
                ],
                in: directory, timeout: 60)
            exits[outcome.status, default: 0] += 1
            let replay = "case \(number) (seed \(seed), from \(files[source])):\n\(mutant)\n--- stderr:\n\(outcome.stderr)"
            #expect(!outcome.timedOut, "hang: \(replay)")
            #expect(outcome.exitedNormally && [0, 1, 2].contains(outcome.status), "crash: \(replay)")
            if outcome.status == 2 {
                #expect(
                    outcome.stderr.contains("case\(number).toml") || outcome.stderr.contains("--set"),
                    "an input error that names neither the file nor the option: \(replay)")
            }
        }
        // The mutants must exercise both paths: some files still run, most are rejected with a message.
        #expect((exits[0] ?? 0) > 0 && (exits[2] ?? 0) > 0, "exit codes \(exits)")
    }
}
