import ArgumentParser
import Foundation
import Plotting

/// `simexec plot RESULTS_DIR`: draws a results folder as SVG files.
struct PlotCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plot",
        abstract: "Draw a results folder as SVG files (no plotting software needed).",
        discussion: """
            Reads summary.csv, histograms.csv and run.json from a folder written by `simexec run` and writes, next \
            to them:
              latency.svg       p50 and p99 latency against the swept value, one line per other swept value, \
            with 95% CI error bars
              latency_ccdf.svg  the latency distribution of every point (CCDF, log-log axes)
              utilisation.svg   executor stall time and worker busy/blocked time against the swept value
            and, when the results show them at work (a panel whose values are all equal is left out):
              latency_by_class.svg  p99 of each task class (several classes)
              locks.svg             wait, hold and contention of each mutex and semaphore
              blocking_pool.svg     blocking-pool queue wait and length
              timeouts.svg          timeouts fired, tasks they ended, guards and permits leaked
              steals.svg            tasks stolen and busy-time imbalance (a swept `local` setting)

            The x axis is the numeric swept column with the most values (the last one on ties); --x chooses another. \
            A line holds every other swept setting fixed; points where a replication deadlocked carry a cross.
            Convert to PNG with e.g. `rsvg-convert -o latency.png latency.svg`.

            Examples:
              simexec plot results/blocking
              simexec plot results/blocking --x runtime.workers
            """)

    @Argument(help: ArgumentHelp("A results folder, e.g. results/blocking.", valueName: "dir"))
    var directory: String

    @Option(help: ArgumentHelp(
        "The swept column on the x axis (full key or its last part). Example: --x runtime.workers", valueName: "key"))
    var x: String?

    func run() throws {
        try PlotCommand.draw(directory: directory, options: PlotOptions(xColumn: x))
    }

    /// Writes the figures and lists them; exits with 2 on a bad or missing folder, 1 when a file cannot be written.
    static func draw(directory: String, options: PlotOptions, quiet: Bool = false) throws {
        do {
            let paths = try ResultPlots.write(directory: directory, options: options)
            if quiet { return }
            print("plots:")
            for path in paths { print("  \(path)") }
        } catch {
            writeError("\(error)")
            throw ExitCode(error.kind == .input ? 2 : 1)
        }
    }
}
