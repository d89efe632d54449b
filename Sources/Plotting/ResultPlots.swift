import Foundation
import ResultFiles

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
    /// The SVG files, by name: `latency.svg`, `latency_ccdf.svg`, `utilisation.svg`, then the figures of the
    /// topics the results show at work (`latency_by_class.svg`, `locks.svg`, `blocking_pool.svg`, `timeouts.svg`,
    /// `steals.svg`; see ``ResultFigures/topics(_:layout:)``).
    public static func render(_ folder: ResultFolder, options: PlotOptions = PlotOptions()) throws(PlotError)
        -> [(name: String, svg: String)]
    {
        try figures(folder, options: options).map { ($0.name, FigureRenderer.render($0.figure)) }
    }

    /// The figures ``render(_:options:)`` draws, by file name, before they are drawn.
    public static func figures(_ folder: ResultFolder, options: PlotOptions = PlotOptions()) throws(PlotError)
        -> [(name: String, figure: Figure)]
    {
        let layout = try SweepLayout(summary: folder.summary, preferredX: options.xColumn)
        var figures: [(name: String, figure: Figure)] = []
        if folder.summary.has("latency_p50_us") {
            figures.append((ResultFileName.latencyFigure, ResultFigures.latency(folder, layout: layout)))
        }
        if let figure = ResultFigures.distributions(folder, layout: layout) {
            figures.append((ResultFileName.latencyCCDFFigure, figure))
        }
        let utilisation = ResultFigures.utilisation(folder, layout: layout)
        if !utilisation.panels.isEmpty {
            figures.append((ResultFileName.utilisationFigure, utilisation))
        }
        return figures + ResultFigures.topics(folder, layout: layout)
    }

    /// Reads `directory`, draws its figures and writes them into it, and removes the figures of ``ResultFileName/figures``
    /// it no longer draws (left from earlier results). Returns the paths written.
    public static func write(directory: String, options: PlotOptions = PlotOptions()) throws(PlotError) -> [String] {
        let folder = try ResultFolder.load(directory)
        let files = try render(folder, options: options)
        func inTheWay(_ name: String, _ problem: String) -> PlotError {
            PlotError(
                file: ResultFolder.path(directory, name),
                message: "\(problem), where simexec plot writes the figure \(name); move it away")
        }
        // Every target is checked before the first is written, so a folder in the way changes nothing.
        for file in files {
            if let problem = OutputPath.problem(writingFileAt: ResultFolder.path(directory, file.name)) {
                throw inTheWay(file.name, problem)
            }
        }
        var paths: [String] = []
        for file in files {
            let path = ResultFolder.path(directory, file.name)
            do throws(DurableFile.Failure) {
                try DurableFile.replace(path, holding: file.svg)
            } catch {
                switch error {
                case .isFolder:
                    throw inTheWay(file.name, "is a folder")
                case let .refused(reason):
                    throw PlotError(.write, file: path, message: "cannot be written: \(reason)")
                }
            }
            paths.append(path)
        }
        let drawn = Set(files.map(\.name))
        for name in ResultFileName.figures where !drawn.contains(name) {
            let path = ResultFolder.path(directory, name)
            // Only a file can be a figure simexec drew; anything else of that name is not its to remove.
            guard OutputPath.isFile(path) else { continue }
            guard unlink(path) == 0 || errno == ENOENT else {
                throw PlotError(
                    .write, file: path,
                    message: "is not drawn from these results and cannot be removed: " + String(cString: strerror(errno)))
            }
        }
        return paths
    }
}
