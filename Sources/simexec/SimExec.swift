import ArgumentParser
import Experiment
import Foundation
import Plotting

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `simexec`: a discrete-event simulator of Tokio's executor. This file only parses arguments and prints;
/// the work happens in the Experiment module.
///
/// Exit codes: 0 success, 1 the run failed (the model was overloaded, results could not be written),
/// 2 bad input (command-line usage, a missing or invalid experiment file).
@main
struct SimExec: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "simexec",
        abstract: "Simulate Tokio's executor: what blocking inside async tasks does to latency, and what fixes it.",
        discussion: """
            Describe a runtime, a workload and a sweep in a TOML experiment file, then run it:

              simexec run experiments/blocking.toml
              simexec validate experiments/blocking.toml

            Results go to results/<experiment name>/: summary.csv (mean and 95% CI per sweep point), \
            replications.csv, histograms.csv and run.json; `simexec report DIR` (or `run --report`) adds report.html, \
            one page with the table, the plots and the deadlock reports. Compare two runs (exit 1 on a significant \
            regression):

              simexec compare results/before results/after --fail-on latency_p99_us:+10%

            Exit codes: 0 success; 1 the run failed (e.g. the simulated runtime was overloaded); \
            2 bad input (usage error, missing or invalid experiment file).
            """,
        version: SimExecVersion.current,
        subcommands: [
            RunCommand.self, ValidateCommand.self, CompareCommand.self, MergeCommand.self, PlotCommand.self,
            ReportCommand.self, TraceCommand.self, ExportScenarioCommand.self, MetricsCommand.self, SizeCommand.self,
        ])

    /// Like `ParsableCommand.main()`, but usage errors exit with 2 (ArgumentParser's default is 64), so every input
    /// error has the same exit code.
    static func main() {
        let commands = configuration.subcommands.compactMap { $0.configuration.commandName }
        if let first = CommandLine.arguments.dropFirst().first, !first.hasPrefix("-"), first != "help",
            !commands.contains(first)
        {
            writeError("Error: unknown command \"\(first)\"\(Suggestions.parenthesized(first, among: commands)); "
                + "commands: \(commands.joined(separator: ", ")) (simexec --help)")
            exit(withError: ExitCode(2))
        }
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch {
            if exitCode(for: error) == .validationFailure {
                writeError(fullMessage(for: error))
                exit(withError: ExitCode(2))
            }
            exit(withError: error)
        }
    }
}

/// Writes `text` to stderr as one or more lines, with control characters other than line breaks escaped, so echoed
/// user text cannot drive the terminal.
func writeError(_ text: String) {
    let safe = text.escapingControlCharacters(keeping: ["\n"])
    FileHandle.standardError.write(Data((safe.hasSuffix("\n") ? safe : safe + "\n").utf8))
}

/// `--seed N`: every 64-bit value, with a message that says so for anything else.
func parseSeed(_ text: String) throws -> UInt64 {
    guard let seed = UInt64(text) else {
        throw ValidationError("expected an integer from 0 to \(UInt64.max), got \(text)")
    }
    return seed
}

/// Options shared by `run` and `validate` that change the experiment.
struct ExperimentOverrides: ParsableArguments {
    @Option(
        name: .customLong("set"),
        help: ArgumentHelp(
            "Change one setting before running; repeatable. KEY uses the sweep key syntax.",
            discussion: """
                Examples: --set runtime.workers=8   --set arrivals.rate=1500   \
                --set task.sync_call.steps[1].kind=spawn_blocking   --set 'task.handler.steps[1].duration=exp(3ms)'
                """,
            valueName: "key=value"))
    var sets: [String] = []

    @Option(
        parsing: .unconditional,
        help: ArgumentHelp(
            "Replications per sweep point (at least 2), overriding experiment.replications. Example: --replications 20",
            valueName: "n"))
    var replications: Int?

    @Option(
        parsing: .unconditional,
        help: ArgumentHelp(
            "Experiment seed, overriding experiment.seed. Same seed, same results. Example: --seed 7",
            valueName: "n"),
        transform: parseSeed)
    var seed: UInt64?

    var options: ExperimentOptions {
        options(checkingInvariants: false)
    }

    /// The options, with the model's invariants checked after every event if `checkingInvariants`.
    func options(checkingInvariants: Bool) -> ExperimentOptions {
        ExperimentOptions(sets: sets, replications: replications, seed: seed, checksInvariants: checkingInvariants)
    }
}

struct RunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run an experiment file and write its results.",
        discussion: """
            Runs every replication of every sweep point, prints a table (one row per point: throughput, \
            p50/p99/p99.9 latency with 95% confidence intervals, stall ratio) and writes summary.csv, \
            replications.csv, histograms.csv and run.json (and report.html with --report). The new files are staged \
            in a sibling folder and swapped in as a whole, so a failed or killed run leaves earlier results untouched; a second run on the same --out \
            stops at once (exit 2).

            Examples:
              simexec run experiments/blocking.toml
              simexec run experiments/mm1.toml --replications 20 --jobs 2 --out /tmp/mm1
              simexec run experiments/blocking.toml --set runtime.workers=8 --quiet
              simexec run experiments/locks.toml --report
            """)

    @Argument(help: ArgumentHelp(
        "The experiment file, e.g. experiments/blocking.toml (a path whose case is off is resolved case-insensitively).",
        valueName: "file"))
    var file: String

    @Option(help: ArgumentHelp(
        "Folder for the result files (default: results/<experiment name>). Example: --out /tmp/blocking",
        valueName: "dir"))
    var out: String?

    @Option(parsing: .unconditional, help: ArgumentHelp(
        "Replications run in parallel (default: the number of cores). Results are identical for any value. "
            + "Example: --jobs 2",
        valueName: "n"))
    var jobs: Int?

    @OptionGroup var overrides: ExperimentOverrides

    @OptionGroup var table: TableOptions

    @Flag(help: "Print nothing but errors: no progress bar, table, notes or list of files written.")
    var quiet = false

    @Flag(help: "Draw the results as SVG files next to the CSVs after the run (as `simexec plot` does).")
    var plot = false

    @Flag(
        name: .customLong("report"),
        help: ArgumentHelp(
            "Write report.html with the result files, in the same swap (as `simexec report` does): one "
                + "self-contained page with the table, the plots and the deadlock reports."))
    var writesReport = false

    @Flag(help: "Check the model's invariants after every event (several times slower); stop at the first violation.")
    var checkInvariants = false

    @Option(parsing: .unconditional, help: ArgumentHelp(
        "Run only the K-th of N deterministic slices of the points × replications and write "
            + "partial-K-of-N.json; combine all N with `simexec merge`. Example: --shard 2/4",
        valueName: "K/N"))
    var shard: String?

    func validate() throws {
        if let jobs, jobs < 1 { throw ValidationError("--jobs must be at least 1, got \(jobs)") }
        if let shard, Shard(shard) == nil {
            throw ValidationError(
                "--shard must be K/N with 1 <= K <= N <= \(Shard.maximumCount), e.g. 2/4; got \(shard)")
        }
        if plot, shard != nil {
            throw ValidationError("--plot needs every point; a shard has only some: run `simexec plot` after merging")
        }
        if writesReport, shard != nil {
            throw ValidationError("--report needs every point; a shard has only some: run `simexec report` after merging")
        }
    }

    func run() throws {
        let request = RunRequest(
            path: file, outputDirectory: out, jobs: jobs ?? ProcessInfo.processInfo.activeProcessorCount,
            options: overrides.options(checkingInvariants: checkInvariants),
            progressWidth: quiet ? nil : TableOptions.progressWidth, commandLine: CommandLine.arguments,
            shard: shard.flatMap(Shard.init), table: table.layout,
            derivedFiles: writesReport ? [ReportCommand.derivedFile] : [])
        let report: RunReport
        do {
            report = try ExperimentCommands.run(request, note: quiet ? { _ in } : writeError)
        } catch {
            writeError("\(error)")
            throw ExitCode(error.exitCode)
        }
        if !quiet { printSummary(report) }
        if plot, let directory = report.paths.first.map({ ($0 as NSString).deletingLastPathComponent })
        {
            try PlotCommand.draw(directory: directory, options: PlotOptions(), quiet: quiet)
        }
    }

    /// The table, the run's size and time, and the files written (plus a histogram on a terminal).
    private func printSummary(_ report: RunReport) {
        let results = report.results
        let seconds = String(format: "%.1f", results.wallSeconds)
        if let shard = results.shard {
            print("shard \(shard) of \(results.plan.points.count) points × \(results.plan.replications) replications "
                + "in \(seconds) s; wrote:")
            for path in report.paths { print("  \(path)") }
            return
        }
        print(report.table)
        print(
            "\(results.plan.points.count) point\(results.plan.points.count == 1 ? "" : "s") × "
                + "\(results.plan.replications) replications in \(seconds) s "
                + "on \(results.jobs) thread\(results.jobs == 1 ? "" : "s"); wrote:")
        for path in report.paths { print("  \(path)") }
        if isatty(STDOUT_FILENO) != 0, let directory = report.paths.first.map({ ($0 as NSString).deletingLastPathComponent }),
            let folder = try? ResultFolder.load(directory), let picture = TerminalHistogram.render(folder, lineWidth: TableOptions.width)
        {
            print(picture, terminator: "")
        }
    }
}

struct ValidateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Check an experiment file without running it.",
        discussion: """
            Parses the file, expands the sweep and checks every point (including that its offered load is below 1 per \
            worker), then says what `run` would do. Exits with 2 and one clear message if anything is wrong.

            Examples:
              simexec validate experiments/blocking.toml
              simexec validate experiments/blocking.toml --set arrivals.rate=5000
            """)

    @Argument(help: ArgumentHelp("The experiment file, e.g. experiments/blocking.toml.", valueName: "file"))
    var file: String

    @OptionGroup var overrides: ExperimentOverrides

    func run() throws {
        do {
            print(try ExperimentCommands.validate(path: file, options: overrides.options, note: writeError), terminator: "")
        } catch {
            writeError("\(error)")
            throw ExitCode(error.exitCode)
        }
    }
}
