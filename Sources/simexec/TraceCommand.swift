import ArgumentParser
import Experiment
import Foundation

/// `simexec trace FILE --point N`: a timeline of the simulated executor for Perfetto or chrome://tracing.
struct TraceCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "trace",
        abstract: "Write a timeline of one sweep point as Chrome trace-event JSON (open it in ui.perfetto.dev).",
        discussion: """
            Runs one replication of one sweep point with tracing on and writes a Chrome trace-event file: one track \
            per worker, a slice per poll named after the task class, `block` steps, lock waits and parks as slices of \
            their own, wake-ups and steals as instant events, and a `tasks` track with arrivals and completions.

            The default window is the first 100 ms after the warm-up (about 250 KB for \
            Experiments/blocking.toml at 2,000 tasks/s on 2 workers); keep windows short, since every poll is an event.

            Examples:
              simexec trace experiments/blocking.toml --point 3
              simexec trace experiments/blocking.toml --point 3 --from 1s --to 1.1s --out /tmp/trace.json
            """)

    @Argument(help: ArgumentHelp("The experiment file, e.g. experiments/blocking.toml.", valueName: "file"))
    var file: String

    @Option(parsing: .unconditional, help: ArgumentHelp("The sweep point, 0-based as in summary.csv. Example: --point 3",
                               valueName: "n"))
    var point = 0

    @Option(parsing: .unconditional, help: ArgumentHelp(
        "The replication whose random numbers are used, 0-based.", valueName: "n"))
    var replication = 0

    @Option(help: ArgumentHelp(
        "Start of the window in simulated time (default: the end of the warm-up): 0 or a duration with a unit. "
            + "Example: --from 1s",
        valueName: "duration"))
    var from: String?

    @Option(help: ArgumentHelp("End of the window (default: 100 ms after --from). Example: --to 1.1s",
                               valueName: "duration"))
    var to: String?

    @Option(help: ArgumentHelp(
        "The output file (default: results/<experiment name>/trace_point<N>.json).", valueName: "file"))
    var out: String?

    @OptionGroup var overrides: ExperimentOverrides

    @Flag(help: "Check the model's invariants after every event; stop at the first violation.")
    var checkInvariants = false

    func run() throws {
        let request = TraceRequest(
            path: file, point: point, replication: replication, from: from, to: to,
            options: overrides.options(checkingInvariants: checkInvariants), output: out)
        let report: TraceReport
        let path: String
        do {
            report = try ExperimentTrace.run(request, note: writeError)
            path = try ExperimentTrace.write(report, for: request)
        } catch {
            writeError("\(error)")
            throw ExitCode(error.exitCode)
        }
        if let note = report.deadlockNote { writeError(note) }
        let kilobytes = (report.json.utf8.count + 1023) / 1024
        let from = Double(report.window.from) / 1e6
        let to = Double(report.window.to) / 1e6
        print(
            "wrote \(path) (\(kilobytes) KB, \(report.eventCount) model events, "
                + "\(String(format: "%.1f", from)) ms to \(String(format: "%.1f", to)) ms of simulated time); "
                + "open it in https://ui.perfetto.dev or chrome://tracing")
    }
}
