import Experiment
import Foundation
import Testing

@testable import Plotting

/// Every figure of every shipped experiment, for every choice of x axis, passes the layout check: no text leaves the
/// canvas, overlaps other text or runs into a plot area. The experiments run shortened (40 ms windows, 2
/// replications), which changes the numbers but not the settings, the labels or the layout's choices.
@Suite("Layout of the shipped experiments' figures")
struct ShippedExperimentLayoutTests {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    static var experimentFiles: [String] {
        let directory = repository.appendingPathComponent("Experiments")
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        return names.filter { $0.hasSuffix(".toml") }.sorted().map { directory.appendingPathComponent($0).path }
    }

    @Test func thereAreShippedExperiments() {
        #expect(Self.experimentFiles.count >= 9)
    }

    @Test(arguments: experimentFiles)
    func everyFigureHasRoomForEveryText(file: String) throws {
        let directory = NSTemporaryDirectory() + "plotting-shipped-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: directory) }
        _ = try ExperimentCommands.run(
            RunRequest(
                path: file, outputDirectory: directory, jobs: 1,
                options: ExperimentOptions(sets: ["experiment.duration=40ms"], replications: 2)),
            note: { _ in })
        let folder = try ResultFolder.load(directory)
        let name = (file as NSString).lastPathComponent
        // The default x axis, then each swept column on the x axis in turn (`simexec plot DIR --x KEY`).
        let choices: [String?] = [nil] + folder.summary.sweepColumns.map { Optional($0) }
        var figures = 0
        for x in choices {
            for (figureName, figure) in try ResultPlots.figures(folder, options: PlotOptions(xColumn: x)) {
                let document = FigureRenderer.document(figure)
                figures += 1
                let problems = document.layoutProblems()
                #expect(problems.isEmpty, "\(name) \(figureName) --x \(x ?? "default"): \(problems.prefix(5))")
                #expect(document.placedBoxes.contains { $0.kind == .plotArea })
                let texts = document.placedBoxes.filter { if case .text = $0.kind { true } else { false } }
                #expect(texts.count > 10, "\(name) \(figureName): the texts' boxes are recorded")
            }
        }
        #expect(figures >= 3)
    }
}
