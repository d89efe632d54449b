import SimStats

/// A seeded, TOML-aware mutator of experiment files: it keeps most of a shipped file and breaks one or two things the
/// way a hurried user or a bad merge would, with values chosen to sit on the edges of what simexec accepts: its own
/// hostile values and lines, and every key of the README's key table set or swept to the values at and beyond the
/// limits the README states.
///
/// The same seed gives the same mutants, so a failing case can be replayed; `SIMEXEC_FUZZ_CASES` runs more of them.
struct ExperimentFileMutator {
    private let random: RandomStream
    private let keyTable: ReadmeKeyTable

    init(seed: UInt32, keyTable: ReadmeKeyTable) {
        random = RandomStream(seed: seed)
        self.keyTable = keyTable
    }

    /// Values at and beyond the edges of every setting: numbers, durations, distributions, types and TOML noise.
    static let hostileValues = [
        "0", "-1", "1", "2.5", "1e300", "-1e300", "nan", "inf", "-inf", "9223372036854775807",
        "18446744073709551615", "-9223372036854775808", "true", "false", "[]", "{}", "[1, 2]", "\"\"", "\"[{\"",
        "\"0ms\"", "\"-5ms\"", "\"1e300s\"", "\"5\"", "\"5 parsecs\"", "\"exp(-1ms)\"", "\"exp(0ms)\"",
        "\"weibull(shape=0.01, scale=1ms)\"", "\"gamma(shape=1e300, scale=1ms)\"", "\"pareto(shape=1, min=1ms)\"",
        "\"lognormal(median=1ms, p99=1000000s)\"", "\"lognormal(median=1ms, p99=1ms)\"", "\"uniform(5ms, 1ms)\"",
        "\"empirical()\"", "\"normal(mean=1ms, sd=0ms)\"", "\"std\"", "\"async\"", "\"current_thread\"",
        "\"drop\"", "\"after_await\"", "\"end\"", "\"" + String(repeating: "x", count: 300) + "\"",
        "\"a\\u0000b\"", "\"../../etc\"", "{ cpu = \"1ms\" }", "[{ yield = true }]", "{ lock = \"nope\", hold = [] }",
    ]

    /// Lines that may be inserted anywhere.
    static let hostileLines = [
        "[{", "[=]", "[[{x]]", "[runtime]", "[[task]]", "[sweep]", "[sweep.zip.z]", "[[mutex]]", "[[semaphore]]",
        "workers = 0", "\"runtime.workers\" = [1, 2]", "\"task.x.steps[9].kind\" = [\"io\"]", "= 1", "a.b.c = 1",
        "\"arrivals.rate\" = [1e300]", "name = \"\"", "steps = []", "\"\"\"", "x = \"\"\"", "#",
    ]

    /// One mutant of `text`.
    func mutate(_ text: String) -> String {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        for _ in 0..<(1 + random.uniformInt(below: 2)) {
            guard !lines.isEmpty else { break }
            let index = random.uniformInt(below: lines.count)
            switch random.uniformInt(below: 8) {
            case 0: lines[index] = replacingValue(of: lines[index])
            case 1: lines.remove(at: index)
            case 2: lines.insert(lines[index], at: index)
            case 3: lines.insert(pick(Self.hostileLines), at: index)
            case 4: lines[index] = String(lines[index].prefix(random.uniformInt(below: lines[index].count + 1)))
            case 5: lines = Array(lines.prefix(index))
            case 6: settingDocumentedKey(in: &lines)
            default: sweepingDocumentedKey(in: &lines)
            }
        }
        return lines.joined(separator: "\n")
    }

    /// The line with the value after its first `=` (or a quoted value inside it) replaced by a hostile one.
    private func replacingValue(of line: String) -> String {
        if let equals = line.firstIndex(of: "="), random.uniform() < 0.7 {
            return line[...equals] + " " + pick(Self.hostileValues)
        }
        if let open = line.firstIndex(of: "\""), let close = line[line.index(after: open)...].firstIndex(of: "\"") {
            return line[..<open] + pick(Self.hostileValues) + line[line.index(after: close)...]
        }
        return line + " " + pick(Self.hostileValues)
    }

    /// Sets a key of the README's table to one of its edge values, in its section: the key's line is replaced if the
    /// section has one, else the key is added under the section's first header, else the section is appended.
    private func settingDocumentedKey(in lines: inout [String]) {
        guard !keyTable.entries.isEmpty else { return }
        let entry = pick(keyTable.entries)
        let assignment = "\(entry.key) = \(pick(entry.values))"
        let header = entry.isArray ? "[[\(entry.section)]]" : "[\(entry.section)]"
        guard let start = lines.firstIndex(where: { $0.trimmingCharacters(in: .whitespaces).hasPrefix(header) }) else {
            lines += ["", header, assignment]
            return
        }
        let end = lines[(start + 1)...].firstIndex { $0.trimmingCharacters(in: .whitespaces).hasPrefix("[") } ?? lines.count
        if let existing = lines[(start + 1)..<end].firstIndex(where: { line in
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            return trimmed.hasPrefix(entry.key + " ") || trimmed.hasPrefix(entry.key + "=")
        }) {
            lines[existing] = assignment
        } else {
            lines.insert(assignment, at: start + 1)
        }
    }

    /// Sweeps a key of the README's table (`runtime.workers`, `task[0].weight`, ...) over one or two of its edge
    /// values, in the file's `[sweep]` or a new one.
    private func sweepingDocumentedKey(in lines: inout [String]) {
        guard !keyTable.entries.isEmpty else { return }
        let entry = pick(keyTable.entries)
        let key = entry.isArray ? "\(entry.section)[0].\(entry.key)" : "\(entry.section).\(entry.key)"
        let values = (0..<(1 + random.uniformInt(below: 2))).map { _ in pick(entry.values) }
        let assignment = "\"\(key)\" = [\(values.joined(separator: ", "))]"
        if let sweep = lines.firstIndex(where: { $0.trimmingCharacters(in: .whitespaces) == "[sweep]" }) {
            lines.insert(assignment, at: sweep + 1)
        } else {
            lines += ["", "[sweep]", assignment]
        }
    }

    private func pick<Element>(_ choices: [Element]) -> Element { choices[random.uniformInt(below: choices.count)] }
}
