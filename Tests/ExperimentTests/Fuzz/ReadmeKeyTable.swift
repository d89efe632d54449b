import Foundation

/// The README's table of experiment-file keys ("Every key, its type and default"), read as a mutation source: every
/// documented key with values at and just beyond the limits its row states, so the fuzzer follows the documentation
/// as it changes.
struct ReadmeKeyTable {
    /// One documented key: the section it belongs to (`runtime.costs`, `task`) and the values to try.
    struct Entry {
        /// The section without brackets: `experiment`, `runtime.costs`, `task`.
        let section: String
        /// Whether the section is an array of tables (`[[task]]`).
        let isArray: Bool
        let key: String
        /// Numbers on and next to every bound in the row, its quoted choices and their misspellings, as TOML values.
        let values: [String]
    }

    let entries: [Entry]

    /// Reads the table from the README's text; empty when the table is not found.
    init(readme: String) {
        var entries: [Entry] = []
        var section: (name: String, isArray: Bool)?
        var inTable = false
        for line in readme.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) {
            if line.hasPrefix("Every key, its type and default") {
                inTable = true
                continue
            }
            guard inTable else { continue }
            if !entries.isEmpty, !line.hasPrefix("|") { break }
            let cells = line.split(separator: "|", omittingEmptySubsequences: false).dropFirst().map {
                $0.trimmingCharacters(in: .whitespaces)
            }
            guard cells.count >= 3 else { continue }
            if cells[0].hasPrefix("**`[") {
                let header = cells[0].trimmingCharacters(in: CharacterSet(charactersIn: "*`"))
                let isArray = header.hasPrefix("[[")
                section = (header.trimmingCharacters(in: CharacterSet(charactersIn: "[]")), isArray)
                continue
            }
            guard let section, cells[0].hasPrefix("`") else { continue }
            let keys = Self.matches(of: "`([a-z_]+)`", in: cells[0])
            let values = Self.values(from: cells[1] + " " + cells[2])
            for key in keys {
                entries.append(Entry(section: section.name, isArray: section.isArray, key: key, values: values))
            }
        }
        self.entries = entries
    }

    /// The values a row suggests: each integer n as n - 1, n and n + 1, other numbers as written and ten times
    /// larger, each quoted string and a misspelling of it, and a duration's edges when the row speaks of durations.
    private static func values(from text: String) -> [String] {
        var values: [String] = []
        for number in matches(of: #"(?<![\w.])(-?[0-9][0-9_]*(?:\.[0-9]+)?(?:e-?[0-9]+)?)"#, in: text) {
            let plain = number.replacingOccurrences(of: "_", with: "")
            if let integer = Int(plain) {
                // Past Int's ends, ten times the number is out of range all the same.
                let below = integer.subtractingReportingOverflow(1)
                let above = integer.addingReportingOverflow(1)
                values += [
                    below.overflow ? plain + "0" : String(below.partialValue), plain,
                    above.overflow ? plain + "0" : String(above.partialValue),
                ]
            } else if let real = Double(plain) {
                values += [plain, String(real * 10)]
            }
        }
        for quoted in matches(of: #"("[^"]*")"#, in: text) {
            values.append(quoted)
            if quoted.count > 3 { values.append("\"" + quoted.dropFirst(2)) }
        }
        if text.contains("duration") {
            values += ["\"0ns\"", "\"-1ms\"", "\"1ns\"", "\"3600s\"", "\"3601s\"", "\"11.6days\"", "\"1e16ns\"", "0"]
        }
        if text.contains("true") || text.contains("false") { values += ["true", "false", "\"true\"", "1"] }
        return values.isEmpty ? ["0", "-1", "\"\""] : values
    }

    /// The first capture group of every match of `pattern` in `text`.
    private static func matches(of pattern: String, in text: String) -> [String] {
        guard let expression = try? NSRegularExpression(pattern: pattern) else { return [] }
        let range = NSRange(text.startIndex..., in: text)
        return expression.matches(in: text, range: range).compactMap { match in
            Range(match.range(at: 1), in: text).map { String(text[$0]) }
        }
    }
}
