import Foundation
import Testing

@testable import Experiment

/// `simexec export-scenario`: the line format read by the real-Tokio harness in `validation/tokio-ref/`.
@Suite struct ScenarioExportTests {
    func export(_ text: String, point: Int = 0, sets: [String] = []) throws -> [String] {
        let plan = try ExperimentPlan.make(text: text, file: "t.toml", options: ExperimentOptions(sets: sets))
        return ScenarioExport.render(plan.points[point].scenario).split(separator: "\n").map(String.init)
    }

    @Test func writesTheResolvedScenarioInNanoseconds() throws {
        let lines = try export(baseExperiment)
        #expect(lines.first == "simexec-scenario 1")
        #expect(lines.last == "end")
        #expect(lines.contains("flavor multi_thread"))
        #expect(lines.contains("workers 2"))
        #expect(lines.contains("warmup_ns 10000000"))
        #expect(lines.contains("duration_ns 50000000"))
        #expect(lines.contains("arrivals poisson 1000"))
        #expect(lines.contains("costs 500 30000 100000 100000 230000"))
        #expect(lines.contains("class handler 98 local=0 steps=3"))
        #expect(lines.contains("step cpu constant 50000"))
        #expect(lines.contains("step io exp 1000000"))
        #expect(lines.contains("step block constant 5000000"))
        #expect(lines.contains("step yield"))
    }

    @Test func appliesSetsAndLocks() throws {
        let current = try export(baseExperiment, sets: ["runtime.flavor=current_thread"])
        #expect(current.contains("flavor current_thread"))
        #expect(current.contains("workers 1"))
        let lines = try export(lockExperiment, sets: ["arrivals.rate=250"])
        #expect(lines.contains("arrivals poisson 250"))
        #expect(lines.contains("primitive db async 1"))
        #expect(lines.contains("primitive pool semaphore 4"))
        #expect(lines.contains { $0.hasPrefix("step acquire 0 ") })
        #expect(lines.contains("step release 0"))
    }

    @Test func pointOutOfRangeIsAnInputError() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("export-\(UUID().uuidString).toml").path
        try baseExperiment.write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        #expect(throws: ExperimentError.self) { try ScenarioExport.export(path: path, point: 3, note: { _ in }) }
        #expect(try ScenarioExport.export(path: path, point: 0, note: { _ in }).hasPrefix("simexec-scenario 1\n"))
    }
}
