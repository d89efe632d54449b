import Foundation
import ResultFiles

/// Renders a `simexec size` search as a terminal table, Markdown or one JSON object.
struct SizeReportRenderer {
    let request: SizeRequest
    let range: SizeRange
    let objectives: [SizeObjective]
    let evaluated: [SizeEvaluation]
    let answer: SizeEvaluation?
    /// The evaluated value next to the answer that fails, if any.
    let neighbour: SizeEvaluation?
    /// Without an answer: the value at the favourable end of the range, the closest to meeting the objectives.
    let closest: SizeEvaluation?
    let isMonotone: Bool
    let replications: Int
    let seed: UInt64
    let wallSeconds: Double

    func render() -> String {
        switch request.format {
        case .json: return json().serialized() + "\n"
        case .table, .markdown: return text(markdown: request.format == .markdown)
        }
    }

    private var goal: String {
        let bounds = "\(range.values.first ?? "")..\(range.values.last ?? "")"
        return "\(request.maximizes ? "largest" : "smallest") \(request.key) in \(bounds)"
    }

    private func text(markdown: Bool) -> String {
        var lines: [String] = []
        let objectiveList = objectives.map(\.text).joined(separator: " and ")
        lines.append(
            "simexec size: the \(goal) with \(objectiveList) (one-sided \(percent(request.confidence)) bounds, "
                + "\(replications) replications, seed \(seed), common random numbers)")
        lines.append("")
        if let answer {
            lines.append(markdown ? "**answer: \(request.key) = \(answer.value)**" : "answer: \(request.key) = \(answer.value)")
        } else if let closest {
            let missed = zip(objectives, closest.measurements).filter { !$1.holds }
                .map { "\($0.text) (\(why(closest, $1)))" }.joined(separator: ", ")
            lines.append(
                "no value in the range meets the objectives: even at \(request.key) = \(closest.value), the closest "
                    + "end of the range, \(missed) fails")
        }
        lines.append("")
        var header = ["objective"]
        var columns: [SizeEvaluation] = []
        if let answer { columns.append(answer); header.append("at \(answer.value) (answer)") }
        if let neighbour { columns.append(neighbour); header.append("at \(neighbour.value) (fails)") }
        if answer == nil, let closest { columns.append(closest); header.append("at \(closest.value)") }
        var rows: [[String]] = []
        for (index, objective) in objectives.enumerated() {
            rows.append([objective.text] + columns.map { column in
                let measurement = column.measurements[index]
                guard measurement.bound.isFinite, !column.isOverloaded else { return "\(why(column, measurement)): fails" }
                return "\(number(measurement.mean)) (bound \(number(measurement.bound))) \(measurement.holds ? "holds" : "fails")"
            })
        }
        lines += table(header: header, rows: rows, markdown: markdown)
        lines.append("")
        let trail = evaluated.map { evaluation in
            let mark = evaluation.holds ? "✓" : evaluation.isOverloaded ? "✗ (overloaded)" : "✗"
            return "\(evaluation.value) \(mark)"
        }.joined(separator: ", ")
        lines.append("evaluated, in order: \(trail)")
        if !isMonotone {
            lines.append(
                "warning: the objectives are not monotone in \(request.key) over the values evaluated (a metric rises "
                    + "and falls beyond its confidence interval along the range): the answer of a bisection cannot be "
                    + "trusted; sweep the range instead")
        }
        lines.append("wall time: \(String(format: "%.1f", wallSeconds)) s")
        guard !markdown else { return lines.joined(separator: "\n") + "\n" }
        // Prose lines wrap at the line's width; the objective table's rows (its header starts with "objective") stay
        // whole so their columns line up.
        let tableStart = lines.firstIndex { $0.hasPrefix("objective") } ?? lines.count
        let tableEnd = lines[tableStart...].firstIndex(of: "") ?? lines.count
        return lines.enumerated().map { index, line in
            (tableStart..<tableEnd).contains(index) || line.count <= request.width
                ? line + "\n" : TextWrapping.wrap(line, width: request.width, indent: "")
        }.joined()
    }

    private func table(header: [String], rows: [[String]], markdown: Bool) -> [String] {
        if markdown {
            return ["| " + header.joined(separator: " | ") + " |", "|" + String(repeating: "---|", count: header.count)]
                + rows.map { "| " + $0.joined(separator: " | ") + " |" }
        }
        let text = TextColumns(header: header, rows: rows, rightAligned: []).rendered()
        return text.split(separator: "\n").map(String.init)
    }

    private func json() -> JSONValue {
        func measurements(_ evaluation: SizeEvaluation?) -> JSONValue {
            guard let evaluation else { return .null }
            return .object([("value", .string(evaluation.value))] + zip(objectives, evaluation.measurements).map {
                ($0.text, .object([("mean", .double($1.mean)), ("bound", .double($1.bound)), ("holds", .bool($1.holds))]))
            })
        }
        return .object([
            ("key", .string(request.key)),
            ("answer", answer.map { .string($0.value) } ?? .null),
            ("maximize", .bool(request.maximizes)),
            ("confidence", .double(request.confidence)),
            ("replications", .integer(Int64(replications))),
            ("seed", .string(String(seed))),
            ("objectives", .array(objectives.map { .string($0.text) })),
            ("at_answer", measurements(answer)),
            ("at_neighbour", measurements(neighbour)),
            ("closest", measurements(closest)),
            ("evaluated", .array(evaluated.map { measurements($0) })),
            ("monotone", .bool(isMonotone)),
            ("wall_time_s", .double((wallSeconds * 10).rounded() / 10)),
        ])
    }

    /// 4 significant digits, but whole numbers from 10,000 to a million (`18144`, not `1.814e+04` beside `8465`).
    private func number(_ value: Double) -> String {
        guard value.isFinite else { return "n/a" }
        return abs(value) >= 1e4 ? NumberFormatting.readable(value, digits: 4) : NumberFormatting.significant(value, digits: 4)
    }

    /// Why a measurement fails its objective: its bound, or why there is none.
    private func why(_ evaluation: SizeEvaluation, _ measurement: ObjectiveMeasurement) -> String {
        if evaluation.isOverloaded { return "the runtime cannot keep up with the load there" }
        if !measurement.mean.isFinite {
            return "not measured: no replication had a value; lengthen experiment.duration or move the range"
        }
        if !measurement.bound.isFinite { return "measured in fewer than 2 replications: no bound" }
        return "bound \(number(measurement.bound))"
    }

    private func percent(_ value: Double) -> String { NumberFormatting.significant(value * 100, digits: 4) + "%" }
}
