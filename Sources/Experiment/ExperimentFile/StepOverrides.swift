/// Addressing steps with setting keys. A task's step is `task.NAME.steps[I]`; a step inside a lock step's hold is
/// `...steps[I].hold[J]`, inside a timeout step `...steps[I].steps[J]`, to any depth. After a step may come `.kind` or
/// `.duration` (simple steps), `.cleanup` (lock steps), `.duration` (a timeout's deadline) or `.on_timeout`.
extension Overrides {
    /// `rest` starts with `steps[I]`; `task` is the task's table, found at `taskPath` and written `shown` in the key.
    /// `suggestion` is the did-you-mean for the whole key.
    static func stepTarget(
        _ rest: ArraySlice<PathComponent>, in task: TOMLNode, at taskPath: [PathComponent], shownAs shown: [PathComponent],
        suggestion: () -> String
    ) throws(SyntaxError) -> OverrideTarget {
        var rest = rest
        var container = task
        var path = taskPath
        var shown = shown
        var isTopLevel = true
        while true {
            guard rest.count >= 2, case let .key(list)? = rest.first, case let .index(index)? = rest.dropFirst().first
            else { throw SyntaxError("matches no setting\(suggestion()); \(syntaxHelp)") }
            var items: [TOMLNode] = []
            if case let .array(found)? = container.tableEntries?[list] { items = found }
            guard index < items.count else {
                let count = items.count
                let owner = isTopLevel ? "the task" : "\(shown.rendered).\(list)"
                throw SyntaxError(
                    "matches no step: \(owner) has \(count) step\(count == 1 ? "" : "s")"
                        + (count > 0 ? ", \(list)[0] to \(list)[\(count - 1)] (0-based)" : ""))
            }
            path += [.key(list), .index(index)]
            shown += [.key(list), .index(index)]
            rest = rest.dropFirst(2)
            isTopLevel = false
            let step = items[index]
            guard let next = rest.first else { return .value(path) }
            guard let form = StepForm(step) else {
                // A malformed step: only a whole replacement makes sense; resolving reports what is wrong with it.
                throw SyntaxError(
                    "matches no setting\(suggestion()): \(shown.rendered) is not a valid step; change it whole with \(shown.rendered)")
            }
            if case let .key(name) = next, name == form.innerList, rest.count >= 2 {
                container = step
                continue
            }
            let fieldHelp = "\(Article.indefinite(form.name)) step is changed with "
                + Suggestions.list([shown.rendered] + form.fields.map { "\(shown.rendered).\($0)" })
            guard rest.count == 1, case let .key(field) = next else {
                if case let .key(name) = next, name == "hold" || name == "steps" {
                    guard let inner = form.innerList else {
                        throw SyntaxError(
                            "matches no step: \(shown.rendered) is \(Article.indefinite(form.name)) step, which holds no steps; "
                                + "hold[J] addresses the steps of a lock step, steps[J] those of a timeout step")
                    }
                    throw SyntaxError(
                        "matches no step\(suggestion()): \(shown.rendered) is a \(form.name) step, whose steps are "
                            + "\(shown.rendered).\(inner)[J]")
                }
                throw SyntaxError("matches no setting\(suggestion()); \(fieldHelp)")
            }
            switch (field, form) {
            case ("kind", .simple):
                return .stepKind(path)
            case ("kind", _):
                throw SyntaxError(
                    "matches no setting: \(shown.rendered) is a \(form.name) step, whose kind cannot be switched; "
                        + "sweep the whole step (\(shown.rendered)) instead")
            case ("duration", .simple), ("duration", .timeout):
                return .stepDuration(path)
            case ("cleanup", .lock), ("on_timeout", .timeout):
                return .value(path + [.key(field)])
            default:
                // A field of another kind of step needs no guess at what was meant; a misspelt one does.
                let isStepField = ["kind", "duration", "cleanup", "on_timeout"].contains(field)
                throw SyntaxError("matches no setting\(isStepField ? "" : suggestion()); \(fieldHelp)")
            }
        }
    }

    /// Every step key under `list` of `owner` (a task or a step holding steps), for did-you-mean.
    static func stepKeys(in owner: TOMLNode, list: String, prefix: String) -> [String] {
        guard case let .array(steps)? = owner.tableEntries?[list] else { return [] }
        var keys: [String] = []
        for (index, step) in steps.enumerated() {
            let key = "\(prefix).\(list)[\(index)]"
            keys.append(key)
            guard let form = StepForm(step) else { continue }
            keys += form.fields.filter { !$0.hasSuffix("[J]") }.map { "\(key).\($0)" }
            if let inner = form.innerList {
                keys += stepKeys(in: step, list: inner, prefix: key)
            }
        }
        return keys
    }
}
