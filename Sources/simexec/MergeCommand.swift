import ArgumentParser
import Experiment
import Foundation

struct MergeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "merge",
        abstract: "Combine the partial results of a sharded run into the usual result files.",
        discussion: """
            Reads partial-K-of-N.json files written by `simexec run FILE --shard K/N` (give the folders or the files), \
            checks that all N shards of the same run are there, re-reads the experiment file (it must be unchanged) \
            and writes summary.csv, replications.csv, histograms.csv and run.json. The CSVs are byte for byte those \
            a single run would have written.

            Examples:
              simexec run experiments/blocking.toml --shard 1/2 --out shard1
              simexec run experiments/blocking.toml --shard 2/2 --out shard2
              simexec merge shard1 shard2 --out results/blocking
            """)

    @Argument(help: ArgumentHelp("Folders holding partial-K-of-N.json files, or the files.", valueName: "partial"))
    var inputs: [String]

    @Option(help: ArgumentHelp(
        "The experiment file the shards ran, when the path they recorded does not lead to it from here (a relative "
            + "path given to `run` in another folder). Its contents must be unchanged. Example: --experiment "
            + "../Experiments/blocking.toml",
        valueName: "file"))
    var experiment: String?

    @Option(help: ArgumentHelp(
        "Folder for the result files (default: results/<experiment name>). Example: --out results/blocking",
        valueName: "dir"))
    var out: String?

    @OptionGroup var table: TableOptions

    @Flag(help: "Print nothing but errors: no table and no list of files written.")
    var quiet = false

    func run() throws {
        let report: RunReport
        do {
            report = try ExperimentCommands.merge(
                inputs, experiment: experiment, outputDirectory: out, commandLine: CommandLine.arguments,
                table: table.layout)
        } catch {
            writeError("\(error)")
            throw ExitCode(error.exitCode)
        }
        if quiet { return }
        print(report.table)
        let points = report.results.plan.points.count
        print("merged \(points) point\(points == 1 ? "" : "s") × \(report.results.plan.replications) replications; wrote:")
        for path in report.paths { print("  \(path)") }
    }
}
