@testable import ExecutorModel
import SimStats
import Testing

/// A task's memory must not grow with its program's length (issue 13): a class with more than
/// `StepDurationLayout.storedSampleLimit` random steps stores one seed per task and draws each step when it is read.
@Suite("Step durations: stored or keyed")
struct StepDurationStorageTests {
    private static func layout(randomSteps: Int, fixedSteps: Int = 0) -> StepDurationLayout {
        let program: [Distribution?] = Array(repeating: .exponential(mean: 10_000), count: randomSteps)
            + Array(repeating: .constant(5_000), count: fixedSteps) + [nil]
        return StepDurationLayout(programs: [program])
    }

    @Test("a task stores at most the limit of values, whatever its program's length")
    func storageIsBounded() {
        let limit = StepDurationLayout.storedSampleLimit
        #expect(Self.layout(randomSteps: limit).samplesPerTask == limit)
        #expect(!Self.layout(randomSteps: limit).isKeyed[0])
        // Without keying this would be 100,000 values (800 KB) per live task.
        #expect(Self.layout(randomSteps: 100_000, fixedSteps: 3).samplesPerTask == 1)
        #expect(Self.layout(randomSteps: limit + 1).isKeyed[0])
        #expect(Self.layout(randomSteps: 3, fixedSteps: 100_000).samplesPerTask == 3)
    }

    @Test("a keyed task reads the same duration for a step every time, and different ones for different steps and tasks")
    func keyedDurationsAreStable() {
        var table = TaskTable(layout: Self.layout(randomSteps: 1_000, fixedSteps: 1))
        let first = table.insert(TaskRecord())
        let second = table.insert(TaskRecord())
        table.setKeySeed(12_345, of: first)
        table.setKeySeed(67_890, of: second)
        let steps = (0..<1_000).map { table.duration(of: first, step: $0) }
        // Reads in another order (a `select` reads its branches ahead, a timeout reads the steps it discards).
        for step in (0..<1_000).reversed() {
            #expect(table.duration(of: first, step: step) == steps[step])
        }
        // Integer ns of exp(10 µs): about 2% of 1,000 draws collide by chance.
        #expect(Set(steps).count > 950)
        #expect((0..<1_000).filter { table.duration(of: second, step: $0) == steps[$0] }.count < 10)
        #expect(table.duration(of: first, step: 1_000) == 5_000)
    }

    @Test("keyed durations follow their distribution: 200 exp(10us) steps take 2 ms per task (±3%)")
    func keyedDurationsHaveTheRightMean() throws {
        // One worker at 20 tasks/s: a task rarely waits, so its latency is the sum of its 200 steps (sd 141 µs).
        let long = scenario(
            workers: 1, arrivals: .poisson(ratePerSecond: 20),
            classes: [TaskClass(name: "long", weight: 1, steps: Array(repeating: .cpu(.exponential(mean: 10_000)), count: 200))],
            warmup: 0, duration: 20 * seconds)
        let metrics = try ExecutorSimulation.run(long, seed: ReplicationSeed(experimentSeed: 3, point: 0, replication: 0))
        #expect(metrics.tasksCompleted > 300)
        let meanMs = metrics.latency.mean / Double(milliseconds)
        #expect(abs(meanMs - 2) < 0.06, "mean latency \(meanMs) ms")
    }
}
