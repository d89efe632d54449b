import ArgumentParser
import Experiment
import Foundation

/// `simexec export-scenario FILE [--point N] [--set K=V]`: prints one resolved sweep point in the line-oriented format
/// read by the real-Tokio reference harness (`validation/tokio-ref/`). The format is documented in
/// `Sources/Experiment/ScenarioExport.swift`.
struct ExportScenarioCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export-scenario",
        abstract: "Print one resolved sweep point in the line format read by validation/tokio-ref.",
        discussion: """
            Resolves the experiment file (with --set overrides), picks sweep point --point (default 0) and prints \
            its runtime, costs, arrivals and task classes with durations in nanoseconds.

            Example:
              simexec export-scenario validation/scenarios/cal_sleep1ms.toml > /tmp/cal_sleep1ms.scn
            """)

    @Argument(help: ArgumentHelp("The experiment file.", valueName: "file"))
    var file: String

    @Option(parsing: .unconditional, help: ArgumentHelp("The sweep point to export, 0-based.", valueName: "n"))
    var point: Int = 0

    @OptionGroup var overrides: ExperimentOverrides

    func run() throws {
        do {
            print(
                try ScenarioExport.export(path: file, point: point, options: overrides.options, note: writeError),
                terminator: "")
        } catch {
            writeError("\(error)")
            throw ExitCode(error.exitCode)
        }
    }
}
