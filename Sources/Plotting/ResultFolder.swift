import Foundation
import ResultFiles

/// A simexec results folder read back: summary.csv, histograms.csv and run.json.
public struct ResultFolder: Sendable {
    public var directory: String
    public var manifest: RunManifest
    public var summary: ResultSummary
    /// Nil when histograms.csv is missing (distribution plots are then skipped).
    public var histograms: LatencyHistogramData?

    public init(directory: String, manifest: RunManifest, summary: ResultSummary, histograms: LatencyHistogramData?) {
        self.directory = directory
        self.manifest = manifest
        self.summary = summary
        self.histograms = histograms
    }

    /// Reads the folder. summary.csv is required; without run.json the folder's name is the title.
    public static func load(_ directory: String) throws(PlotError) -> ResultFolder {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory) else {
            throw PlotError(file: directory, message: "no such folder; name a results folder written by `simexec run`")
        }
        guard isDirectory.boolValue else {
            throw PlotError(file: directory, message: "is a file; name a results folder written by `simexec run`")
        }
        let summaryPath = path(directory, ResultFileName.summary)
        guard let summaryText = try readText(summaryPath, required: true) else {
            let entries = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
            if entries.contains(where: ResultFileName.isPartial) {
                throw PlotError(
                    file: summaryPath,
                    message: "no such file: the folder holds a shard's partial results; merge the shards first "
                        + "(`simexec merge`)")
            }
            throw PlotError(file: summaryPath, message: "no such file; run `simexec run` first")
        }
        let summary = try ResultSummary(table: table(summaryText, file: summaryPath), file: summaryPath)
        let histogramsPath = path(directory, ResultFileName.histograms)
        var histograms: LatencyHistogramData? = nil
        if let text = try readText(histogramsPath, required: false) {
            histograms = try LatencyHistogramData(table: table(text, file: histogramsPath), file: histogramsPath)
        }
        let manifestPath = path(directory, ResultFileName.runManifest)
        var manifest = RunManifest(experiment: URL(fileURLWithPath: directory).lastPathComponent, description: "")
        if let text = try readText(manifestPath, required: false) {
            manifest = try RunManifest.parse(Data(text.utf8), file: manifestPath)
        }
        return ResultFolder(directory: directory, manifest: manifest, summary: summary, histograms: histograms)
    }

    static func path(_ directory: String, _ name: String) -> String {
        (directory as NSString).appendingPathComponent(name)
    }

    private static func table(_ text: String, file: String) throws(PlotError) -> CSVTable {
        do throws(ResultFileError) {
            return try CSVTable.parse(text, file: file)
        } catch {
            throw PlotError(error)
        }
    }

    private static func readText(_ path: String, required: Bool) throws(PlotError) -> String? {
        guard FileManager.default.fileExists(atPath: path) else { return nil }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw PlotError(file: path, message: "cannot be read")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw PlotError(file: path, message: "is not UTF-8 text")
        }
        return text
    }
}
