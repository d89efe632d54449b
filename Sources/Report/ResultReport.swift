import Foundation
import ResultFiles

/// `report.html`: one self-contained page about a results folder — the experiment, what varies, the summary table,
/// the plots, the deadlock reports and how the run was made. Inline SVG and CSS only: it opens from the file system
/// with no network and no JavaScript.
public enum ResultReport {
    /// The report's file name in a results folder.
    public static let fileName = ResultFileName.report

    /// The report of the results folder `directory` as HTML text. Reads summary.csv, run.json and, for the
    /// distribution plot, histograms.csv; throws when one of the first two is missing or any is malformed.
    public static func render(directory: String) throws(ReportError) -> String {
        let input = try ReportInput.load(directory)
        var sections = [
            ExperimentSection.section(input), SettingsSection.section(input), SummarySection.section(input),
            PlotsSection.section(input),
        ]
        if let deadlocks = DeadlocksSection.section(input) { sections.append(deadlocks) }
        sections.append(RunSection.section(input))
        return ReportDocument(
            title: "\(input.run.experiment): simexec report", header: ExperimentSection.header(input),
            sections: sections
        ).rendered()
    }

    /// Renders the report of `directory` and writes it there as report.html, replacing any earlier one in one step.
    /// Returns its path. Nothing is written when the folder cannot be read.
    public static func write(directory: String) throws(ReportError) -> String {
        let html = try render(directory: directory)
        let path = (directory as NSString).appendingPathComponent(fileName)
        do throws(DurableFile.Failure) {
            try DurableFile.replace(path, holding: html)
        } catch {
            switch error {
            case .isFolder:
                throw ReportError(.input, file: path, message: "is a folder, where simexec writes the report; move it away")
            case let .refused(reason):
                throw ReportError(.write, file: path, message: "cannot be written: \(reason)")
            }
        }
        return path
    }
}
