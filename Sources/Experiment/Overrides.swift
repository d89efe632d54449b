import Foundation

/// Setting keys (`runtime.workers`, `task.sync_call.steps[1].kind`), used by `[sweep]` and `--set`, and the edits they
/// make to a parsed document.
struct SettingKey: Sendable, Hashable {
    /// As the user wrote it.
    let text: String
    let components: [PathComponent]

    /// Parses `a.b[1].c`. Returns nil when the text is not of that shape.
    init?(_ text: String) {
        self.text = text
        var components: [PathComponent] = []
        let scalars = Array(text.trimmingCharacters(in: .whitespaces).unicodeScalars)
        var index = 0
        var expectName = true
        while index < scalars.count {
            if expectName {
                var name = ""
                while index < scalars.count, scalars[index].isBareKeyCharacter {
                    name.unicodeScalars.append(scalars[index])
                    index += 1
                }
                if name.isEmpty { return nil }
                components.append(.key(name))
                expectName = false
            } else if scalars[index] == "[" {
                index += 1
                var digits = ""
                while index < scalars.count, ("0"..."9").contains(scalars[index]) {
                    digits.unicodeScalars.append(scalars[index])
                    index += 1
                }
                guard index < scalars.count, scalars[index] == "]", let number = Int(digits) else { return nil }
                index += 1
                components.append(.index(number))
            } else if scalars[index] == "." {
                index += 1
                expectName = true
            } else {
                return nil
            }
        }
        if expectName || components.isEmpty { return nil }
        self.components = components
    }
}

/// What a setting key changes in the document.
enum OverrideTarget: Sendable, Hashable {
    /// Replace (or add) the value at this path.
    case value([PathComponent])
    /// Switch the kind of the step at this path, keeping its duration.
    case stepKind([PathComponent])
    /// Replace the duration of the step at this path, keeping its kind.
    case stepDuration([PathComponent])

    var path: [PathComponent] {
        switch self {
        case let .value(path), let .stepKind(path), let .stepDuration(path): return path
        }
    }
}

enum Overrides {
    static let syntaxHelp = "keys look like runtime.workers, runtime.costs.poll_overhead, arrivals.rate, "
        + "task.NAME.weight, task.NAME.steps[I] (0-based), task.NAME.steps[I].kind or task.NAME.steps[I].duration"

    /// Finds what `key` refers to in `root`, or explains why it matches nothing.
    /// `sweeping` forbids the keys that identify an experiment (name, seed, ...), which cannot vary between points.
    static func target(of key: SettingKey, in root: [String: TOMLNode], sweeping: Bool) throws(SyntaxError)
        -> OverrideTarget
    {
        let c = key.components
        let nothing = "matches no setting"
        func suggestion() -> String {
            Suggestions.parenthesized(key.text, among: candidates(in: root, sweeping: sweeping))
        }
        guard case let .key(section)? = c.first else { throw SyntaxError("\(nothing); \(syntaxHelp)") }
        switch section {
        case "experiment":
            guard c.count == 2, case let .key(name) = c[1], SchemaKeys.experiment.contains(name) else {
                throw SyntaxError("\(nothing)\(suggestion()); [experiment] has \(SchemaKeys.experiment.joined(separator: ", "))")
            }
            if sweeping && !SchemaKeys.experimentSweepable.contains(name) {
                throw SyntaxError(
                    "experiment.\(name) cannot be swept; only \(SchemaKeys.experimentSweepable.map { "experiment.\($0)" }.joined(separator: ", ")) can")
            }
            return .value(c)
        case "runtime":
            if c.count == 2, case let .key(name) = c[1], SchemaKeys.runtimeScalars.contains(name) { return .value(c) }
            if c.count == 3, case .key("costs") = c[1], case let .key(name) = c[2], SchemaKeys.costs.contains(name) {
                return .value(c)
            }
            throw SyntaxError("\(nothing)\(suggestion()); \(syntaxHelp)")
        case "arrivals":
            guard c.count == 2, case let .key(name) = c[1], SchemaKeys.arrivals.contains(name) else {
                throw SyntaxError("\(nothing)\(suggestion()); [arrivals] has process and rate")
            }
            return .value(c)
        case "task":
            return try taskTarget(key, root: root, suggestion: suggestion)
        default:
            throw SyntaxError("\(nothing)\(suggestion()); \(syntaxHelp)")
        }
    }

    private static func taskTarget(_ key: SettingKey, root: [String: TOMLNode], suggestion: () -> String)
        throws(SyntaxError) -> OverrideTarget
    {
        let c = key.components
        guard case let .array(tasks)? = root["task"] else {
            throw SyntaxError("matches no setting: the file has no [[task]] sections")
        }
        let names = tasks.map { node -> String in
            if case let .string(name)? = node.tableEntries?["name"] { return name }
            return ""
        }
        guard c.count >= 2 else { throw SyntaxError("matches no setting\(suggestion()); \(syntaxHelp)") }
        let taskIndex: Int
        switch c[1] {
        case let .key(name):
            guard let found = names.firstIndex(of: name) else {
                let known = names.filter { !$0.isEmpty }
                let close = Suggestions.parenthesized(name, among: known)
                throw SyntaxError(
                    "matches no task: there is no task named \"\(name)\"\(close); tasks: \(known.joined(separator: ", "))")
            }
            taskIndex = found
        case let .index(index):
            guard index < tasks.count else {
                throw SyntaxError("matches no task: there are \(tasks.count) tasks, task[0] to task[\(tasks.count - 1)]")
            }
            taskIndex = index
        }
        let taskPath: [PathComponent] = [.key("task"), .index(taskIndex)]
        let rest = Array(c.dropFirst(2))
        if rest == [.key("weight")] { return .value(taskPath + rest) }
        guard rest.count >= 2, rest[0] == .key("steps"), case let .index(stepIndex) = rest[1] else {
            throw SyntaxError("matches no setting\(suggestion()); a task's keys are weight and steps[I]")
        }
        let stepCount: Int
        if case let .array(steps)? = tasks[taskIndex].tableEntries?["steps"] { stepCount = steps.count } else { stepCount = 0 }
        guard stepIndex < stepCount else {
            throw SyntaxError(
                "matches no step: the task has \(stepCount) step\(stepCount == 1 ? "" : "s")"
                    + (stepCount > 0 ? ", steps[0] to steps[\(stepCount - 1)] (0-based)" : ""))
        }
        let stepPath = taskPath + [.key("steps"), .index(stepIndex)]
        switch rest.dropFirst(2).first {
        case nil where rest.count == 2: return .value(stepPath)
        case .key("kind") where rest.count == 3: return .stepKind(stepPath)
        case .key("duration") where rest.count == 3: return .stepDuration(stepPath)
        default:
            throw SyntaxError("matches no setting\(suggestion()); a step is changed with steps[I], steps[I].kind or steps[I].duration")
        }
    }

    /// Every key that could be set in this document, for did-you-mean.
    static func candidates(in root: [String: TOMLNode], sweeping: Bool) -> [String] {
        var keys = (sweeping ? SchemaKeys.experimentSweepable : SchemaKeys.experiment).map { "experiment.\($0)" }
        keys += SchemaKeys.runtimeScalars.map { "runtime.\($0)" }
        keys += SchemaKeys.costs.map { "runtime.costs.\($0)" }
        keys += SchemaKeys.arrivals.map { "arrivals.\($0)" }
        if case let .array(tasks)? = root["task"] {
            for (index, task) in tasks.enumerated() {
                var prefix = "task[\(index)]"
                if case let .string(name)? = task.tableEntries?["name"] { prefix = "task.\(name)" }
                keys.append(prefix + ".weight")
                if case let .array(steps)? = task.tableEntries?["steps"] {
                    for step in steps.indices {
                        keys += ["\(prefix).steps[\(step)]", "\(prefix).steps[\(step)].kind", "\(prefix).steps[\(step)].duration"]
                    }
                }
            }
        }
        return keys
    }

    /// Applies one edit to the document.
    static func apply(_ target: OverrideTarget, value: TOMLNode, to root: inout [String: TOMLNode]) throws(SyntaxError) {
        switch target {
        case let .value(path):
            var node = TOMLNode.table(root)
            try set(value, at: path[...], in: &node)
            if case let .table(entries) = node { root = entries }
        case let .stepKind(path):
            guard case let .table(step)? = node(at: path[...], in: .table(root)), step.count == 1,
                let (oldKind, oldValue) = step.first
            else { return }  // A malformed step is reported when the document is resolved.
            guard case let .string(newKind) = value else {
                throw SyntaxError("a step kind must be a string, one of \(SchemaKeys.stepKinds.joined(separator: ", ")); \(value.found)")
            }
            guard SchemaKeys.stepKinds.contains(newKind) else {
                let suggestion = Suggestions.parenthesized(newKind, among: SchemaKeys.stepKinds)
                throw SyntaxError("unknown step kind \"\(newKind)\"\(suggestion); allowed kinds: \(SchemaKeys.stepKinds.joined(separator: ", "))")
            }
            let newValue: TOMLNode
            if newKind == "yield" {
                newValue = .bool(true)
            } else if oldKind == "yield" {
                throw SyntaxError(
                    "the step is { yield = true }, which has no duration to keep; switch it with steps[I] = { \(newKind) = \"...\" } instead")
            } else {
                newValue = oldValue
            }
            var node = TOMLNode.table(root)
            try set(.table([newKind: newValue]), at: path[...], in: &node)
            if case let .table(entries) = node { root = entries }
        case let .stepDuration(path):
            guard case let .table(step)? = node(at: path[...], in: .table(root)), step.count == 1,
                let (kind, _) = step.first
            else { return }
            if kind == "yield" { throw SyntaxError("the step is { yield = true }, which has no duration") }
            var node = TOMLNode.table(root)
            try set(.table([kind: value]), at: path[...], in: &node)
            if case let .table(entries) = node { root = entries }
        }
    }

    private static func node(at path: ArraySlice<PathComponent>, in node: TOMLNode) -> TOMLNode? {
        guard let first = path.first else { return node }
        switch (first, node) {
        case let (.key(key), .table(entries)):
            return entries[key].flatMap { self.node(at: path.dropFirst(), in: $0) }
        case let (.index(index), .array(items)) where index < items.count:
            return self.node(at: path.dropFirst(), in: items[index])
        default:
            return nil
        }
    }

    private static func set(_ value: TOMLNode, at path: ArraySlice<PathComponent>, in node: inout TOMLNode)
        throws(SyntaxError)
    {
        guard let first = path.first else {
            node = value
            return
        }
        switch (first, node) {
        case let (.key(key), .table(entries)):
            var entries = entries
            var child = entries[key] ?? .table([:])
            try set(value, at: path.dropFirst(), in: &child)
            entries[key] = child
            node = .table(entries)
        case let (.index(index), .array(items)) where index < items.count:
            var items = items
            var child = items[index]
            try set(value, at: path.dropFirst(), in: &child)
            items[index] = child
            node = .array(items)
        default:
            throw SyntaxError("cannot be set: the file has \(node.typeName) where a table with \(first) was expected")
        }
    }

    /// Parses the VALUE of `--set KEY=VALUE` as a TOML value (`8`, `true`, `"5ms"`, `{ io = "5ms" }`); anything that is
    /// not valid TOML is taken as a plain string, so `--set task.x.steps[1].kind=io` needs no quotes.
    static func parseValue(_ text: String) -> TOMLNode {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if let root = try? TOMLNode.parse("value = " + trimmed, file: "--set"), root.count == 1, let value = root["value"] {
            return value
        }
        return .string(trimmed)
    }
}
