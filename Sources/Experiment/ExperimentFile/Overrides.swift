import Foundation

/// Setting keys (`runtime.workers`, `task.sync_call.steps[1].kind`, `mutex.db.kind`), used by `[sweep]` and `--set`,
/// and the edits they make to a parsed document.
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
    /// Switch the kind of the (simple) step at this path, keeping its duration.
    case stepKind([PathComponent])
    /// Replace the duration of the step at this path (a timeout step's deadline), keeping the rest of the step.
    case stepDuration([PathComponent])

    var path: [PathComponent] {
        switch self {
        case let .value(path), let .stepKind(path), let .stepDuration(path): return path
        }
    }
}

enum Overrides {
    static let syntaxHelp = "keys look like runtime.workers, runtime.costs.poll_overhead, arrivals.rate, "
        + "mutex.NAME.kind, semaphore.NAME.permits, task.NAME.weight, task.NAME.local, task.NAME.steps[I] (0-based), "
        + "task.NAME.steps[I].kind or task.NAME.steps[I].duration, and nested steps such as "
        + "task.NAME.steps[I].hold[J].duration"

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
                    "cannot be swept; of [experiment], only \(SchemaKeys.experimentSweepable.map { "experiment.\($0)" }.joined(separator: ", ")) can")
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
        case "mutex", "semaphore":
            return try primitiveTarget(key, section: section, root: root, suggestion: suggestion)
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
        guard c.count >= 2 else { throw SyntaxError("matches no setting\(suggestion()); \(syntaxHelp)") }
        let taskIndex = try elementIndex(c[1], in: tasks, section: "task", plural: "tasks")
        let taskPath: [PathComponent] = [.key("task"), .index(taskIndex)]
        let rest = c.dropFirst(2)
        if rest.elementsEqual([.key("weight")]) || rest.elementsEqual([.key("local")]) {
            return .value(taskPath + rest)
        }
        guard rest.count >= 2, rest.first == .key("steps"), case .index = rest.dropFirst().first else {
            throw SyntaxError("matches no setting\(suggestion()); a task's keys are weight, local and steps[I]")
        }
        return try stepTarget(
            rest, in: tasks[taskIndex], at: taskPath, shownAs: Array(c.prefix(2)), suggestion: suggestion)
    }

    /// `mutex.NAME.kind` and `semaphore.NAME.permits` (`mutex[0].kind` works too). Names cannot change: they name
    /// columns.
    private static func primitiveTarget(
        _ key: SettingKey, section: String, root: [String: TOMLNode], suggestion: () -> String
    ) throws(SyntaxError) -> OverrideTarget {
        let c = key.components
        let field = section == "mutex" ? "kind" : "permits"
        let plural = section == "mutex" ? "mutexes" : "semaphores"
        guard case let .array(items)? = root[section] else {
            throw SyntaxError("matches no setting: the file has no [[\(section)]] sections")
        }
        guard c.count == 3, c[2] == .key(field) else {
            throw SyntaxError("matches no setting\(suggestion()); a \(section) is changed with \(section).NAME.\(field)")
        }
        let index = try elementIndex(c[1], in: items, section: section, plural: plural)
        return .value([.key(section), .index(index), .key(field)])
    }

    /// The index of the `[[section]]` element a key component names: `NAME` (its `name` key) or `[I]`.
    private static func elementIndex(_ component: PathComponent, in items: [TOMLNode], section: String, plural: String)
        throws(SyntaxError) -> Int
    {
        switch component {
        case let .key(name):
            let names = items.map { node -> String in
                if case let .string(name)? = node.tableEntries?["name"] { return name }
                return ""
            }
            guard let found = names.firstIndex(of: name) else {
                let known = names.filter { !$0.isEmpty }
                let close = Suggestions.parenthesized(name, among: known)
                throw SyntaxError(
                    "matches no \(section): there is no \(section) named \"\(name)\"\(close); "
                        + "\(plural): \(known.joined(separator: ", "))")
            }
            return found
        case let .index(number):
            guard number < items.count else {
                throw SyntaxError(
                    "matches no \(section): there are \(items.count) \(plural), \(section)[0] to \(section)[\(items.count - 1)]")
            }
            return number
        }
    }

    /// Every key that could be set in this document, for did-you-mean.
    static func candidates(in root: [String: TOMLNode], sweeping: Bool) -> [String] {
        var keys = (sweeping ? SchemaKeys.experimentSweepable : SchemaKeys.experiment).map { "experiment.\($0)" }
        keys += SchemaKeys.runtimeScalars.map { "runtime.\($0)" }
        keys += SchemaKeys.costs.map { "runtime.costs.\($0)" }
        keys += SchemaKeys.arrivals.map { "arrivals.\($0)" }
        for (section, field) in [("mutex", "kind"), ("semaphore", "permits")] {
            guard case let .array(items)? = root[section] else { continue }
            for (index, item) in items.enumerated() {
                if case let .string(name)? = item.tableEntries?["name"] {
                    keys.append("\(section).\(name).\(field)")
                } else {
                    keys.append("\(section)[\(index)].\(field)")
                }
            }
        }
        if case let .array(tasks)? = root["task"] {
            for (index, task) in tasks.enumerated() {
                var prefix = "task[\(index)]"
                if case let .string(name)? = task.tableEntries?["name"] { prefix = "task.\(name)" }
                keys += [prefix + ".weight", prefix + ".local"]
                keys += stepKeys(in: task, list: "steps", prefix: prefix)
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
            if let form = StepForm(node(at: path[...], in: .table(root))), !form.isSimple {
                throw SyntaxError(
                    "the step is a \(form.name) step, whose kind cannot be switched; sweep the whole step instead")
            }
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
            let kind: String
            switch StepForm(node(at: path[...], in: .table(root))) {
            case let .simple(simpleKind)?: kind = simpleKind
            case .timeout?: kind = "timeout"
            case .lock?:
                throw SyntaxError(
                    "the step is a lock step, which has no duration; sweep the durations of the steps in its hold "
                        + "(steps[I].hold[J].duration)")
            case .select?:
                throw SyntaxError("the step is a select step, which has no duration; sweep the whole step (steps[I])")
            case nil: return  // A malformed step is reported when the document is resolved.
            }
            if kind == "yield" { throw SyntaxError("the step is { yield = true }, which has no duration") }
            var node = TOMLNode.table(root)
            try set(value, at: path[...] + [.key(kind)], in: &node)
            if case let .table(entries) = node { root = entries }
        }
    }

    static func node(at path: ArraySlice<PathComponent>, in node: TOMLNode) -> TOMLNode? {
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
