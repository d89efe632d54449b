import ArgumentParser
import Experiment
import Foundation

extension SizeFormat: ExpressibleByArgument {}

struct SizeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "size",
        abstract: "Find the smallest (or largest) value of one setting that meets latency or throughput objectives.",
        discussion: """
            Each candidate value runs the experiment file with that value set (the file's [sweep] left out; fix other \
            settings with --set), every candidate with the same seeds (common random numbers). An objective holds \
            when the one-sided confidence bound of its metric's mean across replications is on the right side of \
            the target: the upper bound for METRIC<=VALUE, the lower for METRIC>=VALUE. The search bisects the range, \
            assuming the objectives fail below some value and hold from it on (with --maximize: hold up to some \
            value), and checks that assumption on the values it evaluated.

            RANGE is LO..HI for integers or an ordered, comma-separated list for anything else. Metrics are the \
            columns of summary.csv without _mean (latency_p99_us, latency_handler_p99_us, throughput_per_s, ...) or \
            the short names p50, p99, p999, throughput. Targets are in the metric's unit (µs for latency_*_us).

            Examples:
              simexec size experiments/mmc.toml --vary runtime.workers=1..64 --objective 'latency_mean_us<=1300'
              simexec size experiments/blocking_pool.toml --vary runtime.max_blocking_threads=1..64 \\
                --objective 'latency_p99_us<=15000'
              simexec size experiments/blocking.toml --vary task.sync_call.weight=0,1,2,5,10 --maximize \\
                --objective 'latency_handler_p99_us<=10000' --set runtime.workers=4

            Exit codes: 0 an answer was found; 1 no value in the range meets the objectives; 2 bad input.
            """)

    @Argument(help: ArgumentHelp("The experiment file, e.g. experiments/blocking.toml.", valueName: "file"))
    var file: String

    @Option(help: ArgumentHelp(
        "The setting and its range, KEY=LO..HI or KEY=V1,V2,... (KEY in the sweep key syntax). "
            + "Example: --vary runtime.workers=1..64", valueName: "key=range"))
    var vary: String

    @Option(
        name: .customLong("objective"),
        help: ArgumentHelp(
            "METRIC<=VALUE or METRIC>=VALUE; repeatable, all must hold. Example: --objective 'latency_p99_us<=10000'",
            valueName: "metric<=value"))
    var objectives: [String] = []

    @Option(parsing: .unconditional, help: ArgumentHelp(
        "The one-sided confidence of each objective's bound, between 0.5 and 1. Example: --confidence 0.99",
        valueName: "c"))
    var confidence: Double = 0.95

    @Flag(help: "Find the largest value that meets the objectives (how much blocking can we afford?).")
    var maximize = false

    @OptionGroup var overrides: ExperimentOverrides

    @Option(parsing: .unconditional, help: ArgumentHelp("Worker threads for replications (default: the number of CPUs).", valueName: "n"))
    var jobs: Int = ProcessInfo.processInfo.activeProcessorCount

    @Option(help: ArgumentHelp(
        "Write each evaluated value's result files to a folder of its own below DIR. Example: --out results/sizing",
        valueName: "dir"))
    var out: String?

    @Option(help: ArgumentHelp("Output: table, markdown or json.", valueName: "table|markdown|json"))
    var format: SizeFormat = .table

    func validate() throws {
        guard vary.contains("=") else {
            throw ValidationError("--vary \(vary): expected KEY=RANGE, e.g. --vary runtime.workers=1..64")
        }
        guard jobs >= 1 else { throw ValidationError("--jobs must be at least 1; got \(jobs)") }
    }

    func run() throws {
        let equals = vary.firstIndex(of: "=")!
        let request = SizeRequest(
            path: file, key: String(vary[..<equals]).trimmingCharacters(in: .whitespaces),
            range: String(vary[vary.index(after: equals)...]), objectives: objectives, confidence: confidence,
            maximizes: maximize, options: overrides.options, jobs: jobs, outputDirectory: out, format: format,
            width: TableOptions.width)
        let report: SizeReport
        do {
            report = try SizeSearch.run(request) { writeError($0) }
        } catch {
            writeError("\(error)")
            throw ExitCode(error.exitCode)
        }
        print(report.text, terminator: "")
        if report.exitCode != 0 { throw ExitCode(report.exitCode) }
    }
}
