import ArgumentParser
import Experiment
import Foundation
import Report

/// `simexec report RESULTS_DIR`: writes report.html, one self-contained page about a results folder.
struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Write report.html: one self-contained page about a results folder.",
        discussion: """
            Reads summary.csv, run.json and histograms.csv from a folder written by `simexec run` and writes \
            report.html next to them: the experiment's description and file (path and SHA-256), the settings that \
            vary between sweep points, the summary table (mean ± 95% CI half-width, units in the headers, DEADLOCK \
            marks), the plots `simexec plot` draws, the deadlock reports, and the run's facts (simexec version, \
            start time, wall time, seed, replications). Inline SVG and CSS only: it opens from the file system \
            without network or JavaScript, and can be attached to a review or archived as it is.

            `simexec run --report` writes it as part of the result set, swapped in with the CSV files.
            Exits with 2 and writes nothing when the folder is missing, incomplete or damaged.

            Examples:
              simexec report results/blocking
              simexec run Experiments/locks.toml --report
            """)

    @Argument(help: ArgumentHelp("A results folder, e.g. results/blocking.", valueName: "dir"))
    var directory: String

    func run() throws {
        let path: String
        do {
            path = try ResultReport.write(directory: directory)
        } catch {
            writeError("\(error)")
            throw ExitCode(error.kind == .input ? 2 : 1)
        }
        print("wrote \(path)")
    }

    /// The report as a file `simexec run --report` commits with the result set: made from the staged folder.
    static let derivedFile = DerivedResultFile(name: ResultReport.fileName) { staged throws(ExperimentError) in
        do throws(ReportError) {
            return try ResultReport.render(directory: staged)
        } catch {
            throw ExperimentError(
                .run, file: ResultReport.fileName,
                message: "the report could not be made (\(error.message)); nothing was changed")
        }
    }
}
