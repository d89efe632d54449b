/// What a step written in the document is, judged by its keys: by its head key (`lock`, `acquire`, `timeout`), else
/// by the list it holds (`hold`, `steps`), else by its only key. `SchemaResolver` reads steps and `Overrides` addresses
/// them by this one rule.
enum StepForm: Sendable, Hashable {
    /// One key, the step's kind (`cpu`, `yield`, `block_in_place`, ...).
    case simple(String)
    /// `{ lock = ..., hold = [...] }` or `{ acquire = ..., hold = [...] }`.
    case lock
    /// `{ timeout = ..., steps = [...] }`.
    case timeout
    /// `{ select = [ [branch A steps], [branch B steps] ] }`.
    case select

    /// nil for anything that is not a table with keys (reported when the document is resolved).
    init?(_ node: TOMLNode?) {
        guard case let .table(entries)? = node, !entries.isEmpty else { return nil }
        let keys = Set(entries.keys)
        if keys.contains(StepKind.select.rawValue) {
            self = .select
        } else if !keys.isDisjoint(with: [StepKind.lock.rawValue, StepKind.acquire.rawValue])
            || (!keys.contains(StepKind.timeout.rawValue) && keys.contains("hold")) {
            self = .lock
        } else if !keys.isDisjoint(with: [StepKind.timeout.rawValue, "steps", "on_timeout"]) {
            self = .timeout
        } else if entries.count == 1, let kind = entries.keys.first {
            self = .simple(kind)
        } else {
            return nil
        }
    }

    var isSimple: Bool {
        if case .simple = self { return true }
        return false
    }

    /// "cpu", "lock", "timeout": how messages name the step.
    var name: String {
        switch self {
        case let .simple(kind): return kind
        case .lock: return StepKind.lock.rawValue
        case .timeout: return StepKind.timeout.rawValue
        case .select: return StepKind.select.rawValue
        }
    }

    /// The list of nested steps this form holds: `hold` for a lock step, `steps` for a timeout step.
    var innerList: String? {
        switch self {
        case .simple: return nil
        case .lock: return "hold"
        case .timeout: return "steps"
        case .select: return nil
        }
    }

    /// The keys after `steps[I]` that change part of such a step.
    var fields: [String] {
        switch self {
        case let .simple(kind): return kind == StepKind.yield.rawValue ? ["kind"] : ["kind", "duration"]
        case .lock: return ["cleanup", "hold[J]"]
        case .timeout: return ["duration", "on_timeout", "steps[J]"]
        case .select: return []
        }
    }
}
