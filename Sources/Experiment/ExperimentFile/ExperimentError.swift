/// A mistake in an experiment file or its command line, or a failure while running it, worded for the user.
///
/// Rendered like a compiler diagnostic, so editors can jump to it:
/// `FILE:LINE:COL: key.path: message` when a position is known, `FILE: key.path: message` otherwise. Control and
/// formatting characters of echoed user text are escaped (`\u{1B}`).
public struct ExperimentError: Error, Sendable, Hashable, CustomStringConvertible {
    /// Whether the input is at fault (exit code 2) or the run failed (exit code 1).
    public enum Kind: Sendable, Hashable {
        /// The file, a `--set`, or the command line is wrong; nothing was run.
        case input
        /// The input was accepted but running it failed (the model was overloaded, results could not be written).
        case run
    }

    public var kind: Kind
    /// The file as the user named it, if the error is about a file.
    public var file: String?
    /// 1-based line and column in `file`, when known.
    public var line: Int?
    public var column: Int?
    /// The setting the error is about, written the way sweep keys are (`task.sync_call.steps[1]`).
    public var keyPath: String?
    public var message: String
    /// The document path the error is about (`task[1].steps[0]`), used to tell which sweep value caused it.
    var location: [PathComponent]?
    /// Whether the configuration cannot keep up with its load: rejected by the offered-load check, or stopped with
    /// too many live tasks (`simexec size` counts such a candidate as failing its objectives).
    public var isOverload = false

    public init(
        _ kind: Kind = .input, file: String? = nil, line: Int? = nil, column: Int? = nil, keyPath: String? = nil,
        message: String
    ) {
        self.kind = kind
        self.file = file
        self.line = line
        self.column = column
        self.keyPath = keyPath
        self.message = message
    }

    /// The process exit code for this error: 2 for input errors, 1 for run failures.
    public var exitCode: Int32 { kind == .input ? 2 : 1 }

    public var description: String {
        var parts: [String] = []
        if let file {
            var location = file
            if let line {
                location += ":\(line)"
                if let column { location += ":\(column)" }
            }
            parts.append(location)
        }
        if let keyPath, !keyPath.isEmpty { parts.append(keyPath) }
        parts.append(message)
        return parts.joined(separator: ": ").escapingControlCharacters
    }

    /// A copy positioned at `position` unless it already has a line.
    func positioned(_ position: SourcePosition?) -> ExperimentError {
        guard line == nil, let position else { return self }
        var copy = self
        copy.line = position.line
        copy.column = position.column
        return copy
    }

    /// Whether the error is about `path`, something inside it, or a table containing it.
    func concerns(_ path: [PathComponent]) -> Bool {
        guard let location, !location.isEmpty, !path.isEmpty else { return false }
        return location.starts(with: path) || path.starts(with: location)
    }

    /// A copy whose message ends with `context`.
    func suffixed(_ context: String) -> ExperimentError {
        var copy = self
        copy.message += context
        return copy
    }

    /// A copy whose message starts with `context`.
    func prefixed(_ context: String) -> ExperimentError {
        var copy = self
        copy.message = context + copy.message
        return copy
    }
}

/// A 1-based line and column in a source text.
public struct SourcePosition: Sendable, Hashable, Comparable {
    public var line: Int
    public var column: Int

    public init(line: Int, column: Int) {
        self.line = line
        self.column = column
    }

    public static func < (a: SourcePosition, b: SourcePosition) -> Bool {
        (a.line, a.column) < (b.line, b.column)
    }
}

// MARK: - Did you mean

/// Typo suggestions for names in messages ("did you mean ...").
public enum Suggestions {
    /// Edit distance over Unicode scalars, case-insensitive, with a swap of two neighbours costing one edit like an
    /// insertion, deletion or substitution (optimal string alignment: `rnu` is one edit from `run`).
    static func editDistance(_ a: String, _ b: String) -> Int {
        let x = Array(a.lowercased().unicodeScalars)
        let y = Array(b.lowercased().unicodeScalars)
        if x.isEmpty { return y.count }
        if y.isEmpty { return x.count }
        var beforePrevious = [Int](repeating: 0, count: y.count + 1)
        var previous = Array(0...y.count)
        var current = [Int](repeating: 0, count: y.count + 1)
        for i in 1...x.count {
            current[0] = i
            for j in 1...y.count {
                let cost = x[i - 1] == y[j - 1] ? 0 : 1
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
                if i > 1, j > 1, x[i - 1] == y[j - 2], x[i - 2] == y[j - 1] {
                    current[j] = min(current[j], beforePrevious[j - 2] + 1)
                }
            }
            (beforePrevious, previous, current) = (previous, current, beforePrevious)
        }
        return previous[y.count]
    }

    /// The candidate closest to `word`, if it is close enough to be a plausible typo.
    static func closest(to word: String, among candidates: [String]) -> String? {
        var best: (String, Int)?
        for candidate in candidates {
            let distance = editDistance(word, candidate)
            if let current = best, current.1 <= distance { continue }
            best = (candidate, distance)
        }
        guard let (candidate, distance) = best else { return nil }
        // A typo changes a few characters, never the whole (short) word: "wokers" → "workers", not "b" → "a".
        let limit = max(1, max(word.count, candidate.count) / 3)
        if distance <= limit && distance < min(word.count, candidate.count) { return candidate }
        // A longer or shorter form of a name: "blocking" → "block", "spawn" → "spawn_blocking".
        let lowered = word.lowercased()
        return candidates.first { candidate in
            let other = candidate.lowercased()
            return min(other.count, lowered.count) >= 3 && (other.hasPrefix(lowered) || lowered.hasPrefix(other))
        }
    }

    /// `; did you mean "x"?` or the empty string.
    static func didYouMean(_ word: String, among candidates: [String]) -> String {
        guard let match = closest(to: word, among: candidates) else { return "" }
        return "; did you mean \"\(match)\"?"
    }

    /// ` (did you mean "x"?)` or the empty string.
    public static func parenthesized(_ word: String, among candidates: [String]) -> String {
        guard let match = closest(to: word, among: candidates) else { return "" }
        return " (did you mean \"\(match)\"?)"
    }

    /// `a, b or c`.
    static func list(_ items: [String], conjunction: String = "or") -> String {
        switch items.count {
        case 0: return ""
        case 1: return items[0]
        default: return items.dropLast().joined(separator: ", ") + " \(conjunction) " + items[items.count - 1]
        }
    }
}
