import ExecutorModel
import ResultFiles

/// The locks and semaphores an experiment declares in `[[mutex]]` and `[[semaphore]]` sections: mutexes first, then
/// semaphores, each in file order. That order is `Workload.primitives`' order and the order of the `lock_` columns.
struct ResolvedPrimitives: Sendable {
    var primitives: [SyncPrimitive] = []
    /// Where each primitive's section starts, for messages.
    var places: [Place] = []
    /// For run.json: the `mutex` and `semaphore` arrays, absent when none are declared.
    var settings: [(String, JSONValue)] = []
    /// Every `[[task]]`'s name in file order, for the `spawn` and `join` steps that name classes (set once the
    /// sections are known, before any program is read).
    var taskClassNames: [String] = []

    var names: [String] { primitives.map(\.name) }

    /// The index of the primitive called `name`.
    func index(of name: String) -> Int? { primitives.firstIndex { $0.name == name } }

    /// Whether the primitive at `index` is a mutex (std or async) rather than a semaphore.
    func isMutex(_ index: Int) -> Bool {
        if case .semaphore = primitives[index].kind { return false }
        return true
    }

    /// The names of the mutexes, or of the semaphores.
    func names(mutexes: Bool) -> [String] {
        primitives.indices.filter { isMutex($0) == mutexes }.map { primitives[$0].name }
    }
}

extension SchemaResolver {
    /// Reads the `[[mutex]]` and `[[semaphore]]` sections. Names must be unique across both (they name columns).
    func primitives(_ document: Table) throws(ExperimentError) -> ResolvedPrimitives {
        var resolved = ResolvedPrimitives()
        /// Where each name was first declared, as `mutex[0]`.
        var declared: [String: String] = [:]
        for section in ["mutex", "semaphore"] {
            guard let (node, place) = document[section] else { continue }
            let isMutex = section == "mutex"
            let example = isMutex
                ? "[[mutex]] name = \"db\", kind = \"async\"" : "[[semaphore]] name = \"pool\", permits = 4"
            guard case let .array(items) = node else {
                throw error(place, "\(section) must be written as [[\(section)]] sections (e.g. \(example)), \(node.found)")
            }
            var settings: [JSONValue] = []
            for (index, item) in items.enumerated() {
                var name: String?
                if case let .table(entries) = item, case let .string(text)? = entries["name"] { name = text }
                let itemPlace = place.element(index, named: name)
                let table = try self.table(
                    item, itemPlace, allowed: isMutex ? SchemaKeys.mutex : SchemaKeys.semaphore, what: "[[\(section)]]")
                guard let (nameNode, namePlace) = table["name"] else {
                    throw error(itemPlace, "missing name; every [[\(section)]] needs one, e.g. \(example)")
                }
                let primitiveName = try string(nameNode, namePlace, allowed: "a name made of \(Self.nameRule)")
                guard Self.isValidName(primitiveName) else {
                    throw error(
                        namePlace,
                        "\(nameNode.found); a \(section) name may use \(Self.nameRule) (it appears in column names)")
                }
                if let previous = declared[primitiveName] {
                    throw error(
                        namePlace,
                        "name \"\(primitiveName)\" is already used by \(previous); mutex and semaphore names must be unique")
                }
                declared[primitiveName] = "\(section)[\(index)]"
                let kind: SyncPrimitive.Kind
                if isMutex {
                    guard let (kindNode, kindPlace) = table["kind"] else {
                        throw error(
                            itemPlace.key("kind"),
                            "missing: say which mutex this is, kind = \"std\" (std::sync::Mutex) or kind = \"async\" "
                                + "(tokio::sync::Mutex)")
                    }
                    kind = try choice(kindNode, kindPlace, among: SchemaKeys.mutexKinds) == "std" ? .stdMutex : .asyncMutex
                    settings.append(.object([("name", .string(primitiveName)), ("kind", .string(kind == .stdMutex ? "std" : "async"))]))
                } else {
                    guard let (permitsNode, permitsPlace) = table["permits"] else {
                        throw error(itemPlace.key("permits"), "missing: give the number of permits, e.g. permits = 4")
                    }
                    let permits = try integer(
                        permitsNode, permitsPlace, in: 1...1_000_000, allowed: "an integer from 1 to 1000000 (the number of permits)")
                    kind = .semaphore(permits: permits)
                    settings.append(.object([("name", .string(primitiveName)), ("permits", .integer(Int64(permits)))]))
                }
                resolved.primitives.append(SyncPrimitive(name: primitiveName, kind: kind))
                resolved.places.append(itemPlace)
            }
            if !settings.isEmpty { resolved.settings.append((section, .array(settings))) }
        }
        return resolved
    }
}
