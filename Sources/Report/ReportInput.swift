import Foundation
import Plotting
import ResultFiles

/// A results folder read for a report: what the plots read (summary.csv, histograms.csv) and run.json.
struct ReportInput: Sendable {
    var folder: ResultFolder
    var run: RunRecord

    /// Reads `directory`. summary.csv and run.json are required; histograms.csv only for the distribution plot.
    static func load(_ directory: String) throws(ReportError) -> ReportInput {
        let folder: ResultFolder
        do throws(PlotError) {
            folder = try ResultFolder.load(directory)
        } catch {
            throw ReportError(error)
        }
        let manifestPath = (directory as NSString).appendingPathComponent(ResultFileName.runManifest)
        guard let data = FileManager.default.contents(atPath: manifestPath) else {
            let exists = FileManager.default.fileExists(atPath: manifestPath)
            throw ReportError(
                file: manifestPath,
                message: exists
                    ? "cannot be read" : "no such file; every folder `simexec run` writes has one, run it again")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw ReportError(file: manifestPath, message: "is not UTF-8 text")
        }
        return ReportInput(folder: folder, run: try RunRecord.parse(text, file: manifestPath))
    }

    /// The deadlocked replications of the `row`-th point of summary.csv.
    func deadlocks(row: Int) -> [RunRecord.Deadlock] {
        let index = folder.summary.points[row].index
        return run.points.first { $0.index == index }?.deadlocks ?? []
    }
}
