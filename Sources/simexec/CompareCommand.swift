import ArgumentParser
import Experiment

extension CompareFormat: ExpressibleByArgument {}

struct CompareCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "compare",
        abstract: "Compare two runs' results point by point, and fail when a metric gets significantly worse.",
        discussion: """
            BASELINE and CANDIDATE are results folders written by `simexec run` (their replications.csv is used, \
            else their summary.csv), or those files themselves. Sweep points are matched by their swept values. \
            For every point and metric it prints baseline and candidate mean ± 95% CI, the relative change and a \
            p-value: from the paired t-test when both runs used the same seeds (common random numbers: replication r \
            of both saw the same arrivals), else from Welch's t-test.

            Default metrics: latency_p50_us, latency_p99_us, latency_p999_us, throughput_per_s, stall_time_ms. \
            Short names work too: p50, p99, p999, throughput, stall_time.

            Examples:
              simexec compare results/main results/pr
              simexec compare base pr --fail-on p99:+10% --fail-on throughput:-5%
              simexec compare base/summary.csv pr/summary.csv --metric latency_handler_p99_us
              simexec compare base pr --format markdown >> "$GITHUB_STEP_SUMMARY"

            Exit codes: 0 no --fail-on threshold broken; 1 some metric is worse than its threshold and the change is \
            significant at --alpha (improvements never fail); 2 bad input (usage, missing or malformed file, \
            unknown metric, points present on one side only).
            """)

    @Argument(help: ArgumentHelp("The reference run: a results folder, replications.csv or summary.csv.", valueName: "baseline"))
    var baseline: String

    @Argument(help: ArgumentHelp("The run being judged, in the same form.", valueName: "candidate"))
    var candidate: String

    @Option(
        name: .customLong("metric"),
        help: ArgumentHelp(
            "A metric to compare; repeatable (default: latency p50/p99/p99.9, throughput, stall time). "
                + "Example: --metric latency_p99_us --metric worker_blocked_ratio",
            valueName: "name"))
    var metrics: [String] = []

    @Option(
        name: .customLong("fail-on"),
        help: ArgumentHelp(
            "Exit 1 if METRIC rises (+) or falls (-) by more than the amount and the change is significant; "
                + "repeatable. An amount without % is in the metric's unit. Example: --fail-on latency_p99_us:+10% "
                + "--fail-on throughput_per_s:-5%",
            valueName: "metric:±amount"))
    var failOn: [String] = []

    @Option(parsing: .unconditional, help: ArgumentHelp("Significance level: a change counts when p < alpha. Example: --alpha 0.01", valueName: "p"))
    var alpha: Double = 0.05

    @Option(help: ArgumentHelp(
        "Output: table (terminal), markdown (pull-request comment or CI job summary), csv or json.",
        valueName: "table|markdown|csv|json"))
    var format: CompareFormat = .table

    func validate() throws {
        guard alpha > 0, alpha < 1 else { throw ValidationError("--alpha must be between 0 and 1, e.g. 0.05; got \(alpha)") }
    }

    func run() throws {
        let report: CompareReport
        do {
            report = try ExperimentCommands.compare(
                CompareRequest(
                    baseline: baseline, candidate: candidate, metrics: metrics, failOn: failOn, alpha: alpha,
                    format: format, width: TableOptions.width))
        } catch {
            writeError("\(error)")
            throw ExitCode(error.exitCode)
        }
        for note in report.notes { writeError(note) }
        print(report.text, terminator: "")
        if report.exitCode != 0 { throw ExitCode(report.exitCode) }
    }
}
