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
        for width in [160, 100, 80] {
            let table = ResultTable.render(results, layout: TableLayout(width: width))
            let lines = table.split(separator: "\n").map(String.init)
            for line in lines {
                // A block holds at least one metric column (at most ~20 characters) even when the key is wide.
                #expect(line.count <= max(width, keyWidth + 20), "\(file) at \(width) columns: \(line)")
            }
            if width == 160 {
                #expect(lines.allSatisfy { $0.count <= 160 }, "\(file)")
            }
            let blocks = Self.headers(of: lines)
            #expect(!blocks.isEmpty)
            for label in labels {
                #expect(blocks.allSatisfy { $0.contains(label) }, "every block repeats the swept column \(label)")
            }
        }
    }

    /// Each block's column headers, a header on two lines joined again (`handler.` over `weight`: `handler.weight`;
    /// `sync_call` over `p99 ms`: `sync_call p99 ms`), found from the rule of dashes under them. A first header line
    /// leaves the point column blank, which a row (its point number there) never does.
    static func headers(of lines: [String]) -> [[String]] {
        lines.indices.filter { lines[$0].hasPrefix("-----") && $0 > 0 }.map { rule in
            var spans: [Range<Int>] = []
            var start: Int?
            for (index, character) in (Array(lines[rule]) + [" "]).enumerated() {
                if character == "-", start == nil { start = index }
                if character != "-", let first = start {
                    spans.append(first..<index)
                    start = nil
                }
            }
            let bottom = Array(lines[rule - 1])
            let top = rule >= 2 && lines[rule - 2].prefix(5).allSatisfy { $0 == " " } ? Array(lines[rule - 2]) : []
            func cut(_ line: [Character], _ span: Range<Int>) -> String {
                guard span.lowerBound < line.count else { return "" }
                return String(line[span.lowerBound..<min(span.upperBound, line.count)]).trimmingCharacters(in: .whitespaces)
            }
            return spans.map { span in
                let (first, second) = (cut(top, span), cut(bottom, span))
                guard let last = first.last else { return second }
                return ".…_".contains(last) ? first + second : first + " " + second
            }
        }
    }

    @Test func blockingAt80ColumnsWrapsLongHeadersToFit() throws {
        // Fails without TextColumns.wrappingHeaders: the key columns took 72 of 80 characters (`handler.weight` over
        // values such as `100`) and every metric block ran past the line.
        let options = ExperimentOptions(sets: ["experiment.duration=20ms", "experiment.warmup=5ms"], replications: 2)
        let results = try ExperimentRunner.run(
            try ExperimentPlan.load(path: shippedExperiment("blocking.toml"), options: options), jobs: 2)
        let lines = ResultTable.render(results, layout: TableLayout(width: 80)).split(separator: "\n").map(String.init)
        #expect(lines.allSatisfy { $0.count <= 80 }, "\(lines.filter { $0.count > 80 })")
        #expect(lines[0].split(separator: " ").prefix(3) == ["runtime.", "handler.", "sync_call."], "\(lines[0])")
        #expect(lines[1].hasPrefix("point  workers   kind            weight    weight      throughput/s"), "\(lines[1])")
        // At 160 columns nothing is wrapped.
        let wide = ResultTable.render(results, layout: TableLayout(width: 160)).split(separator: "\n")
        #expect(wide[0].hasPrefix("point  runtime.workers  kind            handler.weight  sync_call.weight"))
    }

    @Test func theProgressLineNeverFillsTheTerminal() {
        let words = [" points 3/24  replications 60/480  elapsed 1.2s  ETA 8.4s", " 60/480 replications  ETA 8.4s"]
        let wide = ProgressBar.line(fraction: 0.5, words: words, room: 119)
        #expect(wide == "[============            ]" + words[0])
        let narrow = ProgressBar.line(fraction: 0.5, words: words, room: 79)
        #expect(narrow.count <= 79 && narrow.hasSuffix(words[0]) && narrow.hasPrefix("[==="), "\(narrow)")
        let small = ProgressBar.line(fraction: 0.5, words: words, room: 40)
        #expect(small.count <= 40 && small.hasSuffix(words[1]), "\(small)")
        #expect(ProgressBar.line(fraction: 0.5, words: words, room: 12) == "60/480 repli")
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
        // Labelled as the default table labels them (the catalogue's table labels), per class too.
        #expect(header.split(separator: " ", omittingEmptySubsequences: true) == [
            "point", "runtime.workers", "stall", "%", "sync_call", "p99", "ms",
        ])
        #expect(throws: Never.self) { try layout.check(against: plan) }
        // Short names, as compare and size take them.
        let short = TableLayout(metrics: ["p99", "Throughput"])
        #expect(short.metrics == ["latency_p99_us", "throughput_per_s"])
        // Labelled as in the default table.
        let shortHeader = try #require(ResultTable.render(results, layout: short).split(separator: "\n").first)
        #expect(shortHeader.hasPrefix("point  runtime.workers     p99 ms  throughput/s"), "\(shortHeader)")
        #expect(throws: Never.self) { try short.check(against: plan) }
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
        #expect(chosen.stdout.hasPrefix("point     p99 ms\n"), "\(chosen.stdout)")
    }
}
