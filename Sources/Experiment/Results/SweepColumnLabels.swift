/// Short table headers for swept keys: `task.dropped.steps[1].hold[0].duration` becomes `dropped…duration`, so the
/// key columns leave room for numbers. A key of up to ``keptLength`` characters is kept whole; a longer one becomes
/// its shortest ending that no other swept key shares (`handler.weight`), or a component that tells it apart plus its
/// last component (`dropped…duration`). The table prints the full keys of shortened labels under it.
enum SweepColumnLabels {
    /// Keys this short are clear enough as they are (`runtime.workers`, `arrivals.rate`).
    static let keptLength = 15

    static func labels(for keys: [String]) -> [String] {
        let split = keys.map(components)
        return split.indices.map { index in
            let key = keys[index]
            guard key.count > keptLength else { return key }
            let parts = split[index]
            let others = split.indices.filter { $0 != index }.map { split[$0] }
            var candidates: [String] = []
            for length in 1..<parts.count {
                let tail = Array(parts.suffix(length))
                if !others.contains(where: { $0.count >= length && Array($0.suffix(length)) == tail }) {
                    candidates.append(tail.joined(separator: "."))
                }
            }
            let last = parts[parts.count - 1]
            for part in parts.dropLast() where part != last {
                let shared = others.contains { other in other.last == last && other.dropLast().contains(part) }
                if !shared { candidates.append(part + "…" + last) }
            }
            return candidates.min { $0.count < $1.count } ?? key
        }
    }

    /// The dotted components of a key, a quoted one (`"a.b"`) kept whole.
    private static func components(_ key: String) -> [String] {
        var parts: [String] = []
        var current = ""
        var quoted = false
        for character in key {
            if character == "\"" { quoted.toggle() }
            if character == "." && !quoted {
                parts.append(current)
                current = ""
            } else {
                current.append(character)
            }
        }
        parts.append(current)
        return parts
    }
}
