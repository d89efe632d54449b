import Foundation
import Testing

@testable import Experiment

/// The end-of-run table: numbers formatted alike, lines that fit, columns chosen with `--columns`.
@Suite struct ResultTableTests {
    @Test func blocksSplitColumnsToFitAndRepeatTheKeyColumns() {
        let columns = TextColumns(
            header: ["a", "b", "c"], rows: [["1111", "2222", "3333"]], rightAligned: [0, 1, 2])
        #expect(columns.blocks(fitting: 100) == [0..<3])
        #expect(columns.blocks(fitting: 10) == [0..<2, 2..<3])
        #expect(columns.blocks(fitting: 3) == [0..<1, 1..<2, 2..<3], "a column wider than the line gets a block alone")
    }

    /// Every shipped experiment's table fits 160 columns, and a narrow terminal gets blocks that each fit.
    @Test(arguments: try FileManager.default.contentsOfDirectory(atPath: shippedExperiment("")).filter {
        $0.hasSuffix(".toml")
    }.sorted())
    func shippedTablesFitTheLine(file: String) throws {
        let options = ExperimentOptions(
            sets: ["experiment.duration=20ms", "experiment.warmup=5ms"], replications: 2)
        let results = try ExperimentRunner.run(try ExperimentPlan.load(path: shippedExperiment(file), options: options), jobs: 2)
        let labels = SweepColumnLabels.labels(for: results.plan.sweepColumns)
        let deadlockColumn = results.deadlocks.contains { $0.contains { $0 != nil } } ? "DEADLOCK 10/10".count : 0
        let keyWidth = (["point"] + labels).reduce(deadlockColumn) { $0 + $1.count + TextColumns.gap }
        for width in [160, 100] {
            let table = ResultTable.render(results, layout: TableLayout(width: width))
            let lines = table.split(separator: "\n").map(String.init)
            for line in lines {
                // A block holds at least one metric column (at most ~20 characters) even when the key is wide.
                #expect(line.count <= max(width, keyWidth + 20), "\(file) at \(width) columns: \(line)")
            }
            if width == 160 {
                #expect(lines.allSatisfy { $0.count <= 160 }, "\(file)")
            }
            let headers = lines.filter { $0.hasPrefix("point") }
            #expect(!headers.isEmpty)
            for label in labels {
                #expect(headers.allSatisfy { $0.contains(label) }, "every block repeats the swept column \(label)")
            }
        }
    }

    @Test func wrappingKeepsWordsAndIndent() {
        #expect(TextWrapping.wrap("aaa bbb ccc", width: 7, indent: "  ") == "  aaa\n  bbb\n  ccc\n")
        #expect(TextWrapping.wrap("aaa bb", width: 6) == "aaa bb\n")
        #expect(TextWrapping.wrap("averyverylongword x", width: 5) == "averyverylongword\nx\n")
    }

    @Test func longSweptKeysGetShortUniqueLabels() {
        #expect(SweepColumnLabels.labels(for: [
            "runtime.workers", "task.sync_call.steps[1].kind", "task.handler.weight", "task.sync_call.weight",
        ]) == ["runtime.workers", "kind", "handler.weight", "sync_call.weight"])
        #expect(SweepColumnLabels.labels(for: [
            "mutex.db.kind", "task.dropped.steps[1].hold[0].duration", "task.held.steps[1].hold[0].duration",
        ]) == ["mutex.db.kind", "dropped…duration", "held…duration"])
    }

    @Test func chosenColumnsAreShownInOrderAndUnknownOnesRefused() throws {
        let plan = try makePlan(baseExperiment + "[sweep]\n\"runtime.workers\" = [1, 2]\n")
        let results = try ExperimentRunner.run(plan, jobs: 2)
        let layout = TableLayout(metrics: ["stall_ratio", "latency_sync_call_p99_us"])
        let header = try #require(ResultTable.render(results, layout: layout).split(separator: "\n").first)
        #expect(header.split(separator: " ", omittingEmptySubsequences: true) == [
            "point", "runtime.workers", "stall", "%", "latency_sync_call_p99", "ms",
        ])
        #expect(throws: Never.self) { try layout.check(against: plan) }
        do {
            try TableLayout(metrics: ["latency_p99_ms"]).check(against: plan)
            Issue.record("an unknown column was accepted")
        } catch {
            #expect(error.message.contains("\"latency_p99_ms\" is not a metric of tiny; did you mean \"latency_p99_us\"?"))
            #expect(error.exitCode == 2)
        }
    }

    @Test func unknownColumnsStopTheRunBeforeItStarts() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        try baseExperiment.write(to: directory.appendingPathComponent("tiny.toml"), atomically: true, encoding: .utf8)
        let outcome = try EndToEndTests.simexec(
            ["run", "tiny.toml", "--columns", "latency_p99_us,stal_ratio", "--out", "out"], in: directory)
        #expect(outcome.status == 2)
        #expect(outcome.stderr.contains("--columns: \"stal_ratio\" is not a metric of tiny; did you mean \"stall_ratio\"?"))
        #expect(!FileManager.default.fileExists(atPath: directory.appendingPathComponent("out").path))
        let chosen = try EndToEndTests.simexec(
            ["run", "tiny.toml", "--columns", "latency_p99_us", "--out", "out"], in: directory)
        #expect(chosen.status == 0, "\(chosen.stderr)")
        #expect(chosen.stdout.hasPrefix("point  latency_p99 ms\n"), "\(chosen.stdout)")
    }
}
