import ExecutorModel
import Foundation
import Testing

@testable import Experiment

/// Every shipped experiment, shortened, with the model's invariants checked after every event.
@Suite("Invariant checks on the shipped experiments")
struct InvariantCheckTests {
    /// The experiment files in `Experiments/`.
    static let files = ((try? FileManager.default.contentsOfDirectory(atPath: shippedExperiment(""))) ?? [])
        .filter { $0.hasSuffix(".toml") }.sorted()

    /// 40 ms of simulated time per replication, 2 replications, every sweep point.
    static let shortened = ExperimentOptions(
        sets: ["experiment.duration=30ms", "experiment.warmup=10ms"], replications: 2, checksInvariants: true)

    @Test("the shipped experiments are found")
    func filesAreFound() {
        #expect(Self.files.count >= 7, "found \(Self.files)")
    }

    @Test("a shipped experiment runs every sweep point without an invariant violation", arguments: files)
    func noViolation(file: String) throws {
        let plan = try ExperimentPlan.load(path: shippedExperiment(file), options: Self.shortened)
        let allChecked = plan.points.allSatisfy { $0.scenario.checksInvariants }
        #expect(allChecked)
        let results = try ExperimentRunner.run(plan, jobs: 2)
        #expect(results.eventsProcessed > 0)
    }

    @Test("the option reaches every point's scenario, and is off by default")
    func optionReachesScenarios() throws {
        let checked = try makePlan(lockExperiment, options: ExperimentOptions(checksInvariants: true))
        let allChecked = checked.points.allSatisfy { $0.scenario.checksInvariants }
        #expect(allChecked)
        let unchecked = try makePlan(lockExperiment)
        let anyChecked = unchecked.points.contains { $0.scenario.checksInvariants }
        #expect(!anyChecked)
    }
}
