import Foundation

/// What `simexec plot` draws.
public struct PlotOptions: Sendable {
    /// The sweep column for the x axis (full key or its last part); nil chooses one.
    public var xColumn: String?

    public init(xColumn: String? = nil) {
        self.xColumn = xColumn
    }
}

/// Draws a results folder's figures and writes them as SVG files next to the CSVs.
public enum ResultPlots {
    /// The SVG files, by name: `latency.svg`, `latency_ccdf.svg`, `utilisation.svg`.
    public static func render(_ folder: ResultFolder, options: PlotOptions = PlotOptions()) throws(PlotError)
        -> [(name: String, svg: String)]
    {
        let layout = try SweepLayout(summary: folder.summary, preferredX: options.xColumn)
        var files: [(name: String, svg: String)] = []
        if folder.summary.has("latency_p50_us") {
            files.append(("latency.svg", FigureRenderer.render(ResultFigures.latency(folder, layout: layout))))
        }
        if let figure = ResultFigures.distributions(folder, layout: layout) {
            files.append(("latency_ccdf.svg", FigureRenderer.render(figure)))
        }
        let utilisation = ResultFigures.utilisation(folder, layout: layout)
        if !utilisation.panels.isEmpty {
            files.append(("utilisation.svg", FigureRenderer.render(utilisation)))
        }
        return files
    }

    /// Reads `directory`, draws its figures and writes them into it. Returns the paths written.
    public static func write(directory: String, options: PlotOptions = PlotOptions()) throws(PlotError) -> [String] {
        let folder = try ResultFolder.load(directory)
        var paths: [String] = []
        for file in try render(folder, options: options) {
            let path = ResultFolder.path(directory, file.name)
            do {
                try Data(file.svg.utf8).write(to: URL(fileURLWithPath: path), options: .atomic)
            } catch {
                throw PlotError(file: path, message: "cannot be written: \(error.localizedDescription)")
            }
            paths.append(path)
        }
        return paths
    }
}
