/// One swept key: what it changes and where it was written.
struct SweepKey: Sendable, Hashable {
    let key: SettingKey
    let target: OverrideTarget
    /// Where the key's list sits under `[sweep]`.
    let place: Place
}

/// A dimension of the sweep: one key with its values, or a zip group whose keys vary together.
struct SweepFactor: Sendable {
    var keys: [SweepKey]
    /// `levels[l][k]` is the value of `keys[k]` at level `l`.
    var levels: [[TOMLNode]]
    /// The zip group's name, for zip groups.
    var zipGroup: String?
}

/// The sweep: the cartesian product of its factors, the first factor (in file order) varying slowest.
struct Sweep: Sendable {
    var factors: [SweepFactor] = []

    static let maximumPoints = 100_000

    /// The swept keys in column order.
    var keys: [SweepKey] { factors.flatMap(\.keys) }
    var columns: [String] { keys.map(\.key.text) }

    var pointCount: Int { factors.reduce(1) { $0 * $1.levels.count } }

    /// The level of every factor at `point`.
    func levels(ofPoint point: Int) -> [Int] {
        var remainder = point
        var levels = [Int](repeating: 0, count: factors.count)
        for index in factors.indices.reversed() {
            let count = factors[index].levels.count
            levels[index] = remainder % count
            remainder /= count
        }
        return levels
    }

    /// Every swept key's value at `point`, in column order, with the key.
    func assignments(ofPoint point: Int) -> [(key: SweepKey, value: TOMLNode, level: Int)] {
        var result: [(key: SweepKey, value: TOMLNode, level: Int)] = []
        for (factor, level) in zip(factors, levels(ofPoint: point)) {
            for (index, key) in factor.keys.enumerated() {
                result.append((key, factor.levels[level][index], level))
            }
        }
        return result
    }

    /// Reads `[sweep]`. Values are only checked for shape here; `ExperimentPlan` resolves each one.
    static func parse(
        _ root: [String: TOMLNode], resolver: SchemaResolver, baseForTargets: [String: TOMLNode]
    ) throws(ExperimentError) -> Sweep {
        let sweepPlace = Place.root.key("sweep")
        guard let sweepNode = root["sweep"] else { return Sweep() }
        guard case let .table(entries) = sweepNode else {
            throw resolver.error(sweepPlace, "[sweep] must be a table of KEY = [values], \(sweepNode.found)")
        }

        struct Unordered {
            var factor: SweepFactor
            var position: SourcePosition?
            var sortKey: String
        }
        var unordered: [Unordered] = []
        var seen: [[PathComponent]: String] = [:]

        func list(_ node: TOMLNode, _ place: Place, _ text: String) throws(ExperimentError) -> [TOMLNode] {
            guard case let .array(values) = node else {
                throw resolver.error(
                    place, "sweep values must be a list, \(node.found); write \"\(text)\" = [\(node.literal)] for one value")
            }
            guard !values.isEmpty else {
                throw resolver.error(place, "sweep key \"\(text)\" has an empty list; give at least one value")
            }
            return values
        }

        // Single keys, including dotted keys written unquoted (`runtime.workers = [...]` nests tables).
        var singles: [(text: String, node: TOMLNode, place: Place)] = []
        func collect(_ entries: [String: TOMLNode], prefix: String, place: Place, into output: inout [(text: String, node: TOMLNode, place: Place)]) {
            for (key, node) in entries {
                let text = prefix.isEmpty ? key : prefix + "." + key
                if case let .table(inner) = node {
                    collect(inner, prefix: text, place: place.key(key), into: &output)
                } else {
                    output.append((text, node, place.key(key)))
                }
            }
        }
        var topLevel = entries
        let zipNode = topLevel.removeValue(forKey: "zip")
        collect(topLevel, prefix: "", place: sweepPlace, into: &singles)
        for single in singles.sorted(by: { $0.text < $1.text }) {
            let key = try makeKey(single.text, single.place, resolver: resolver, base: baseForTargets, seen: &seen)
            let values = try list(single.node, single.place, single.text)
            try checkDistinct(
                values.map { [$0] }, place: single.place, what: "sweep key \"\(single.text)\"", resolver: resolver)
            unordered.append(Unordered(
                factor: SweepFactor(keys: [key], levels: values.map { [$0] }, zipGroup: nil),
                position: resolver.sourceMap.exactPosition(of: single.place.location),
                sortKey: single.text))
        }

        // Zip groups: [sweep.zip.NAME] tables whose lists vary together.
        if let zipNode {
            let zipPlace = sweepPlace.key("zip")
            guard case let .table(groups) = zipNode else {
                throw resolver.error(
                    zipPlace, "sweep.zip must hold named groups, e.g. [sweep.zip.mix], \(zipNode.found)")
            }
            for (group, groupNode) in groups.sorted(by: { $0.key < $1.key }) {
                let groupPlace = zipPlace.key(group)
                guard case let .table(groupEntries) = groupNode else {
                    throw resolver.error(
                        groupPlace,
                        "a zip group is a table of KEY = [values], e.g. [sweep.zip.\(group)], \(groupNode.found)")
                }
                var members: [(text: String, node: TOMLNode, place: Place)] = []
                collect(groupEntries, prefix: "", place: groupPlace, into: &members)
                guard !members.isEmpty else {
                    throw resolver.error(groupPlace, "zip group \"\(group)\" is empty; give it at least one KEY = [values]")
                }
                members.sort { a, b in
                    let pa = resolver.sourceMap.exactPosition(of: a.place.location)
                    let pb = resolver.sourceMap.exactPosition(of: b.place.location)
                    if let pa, let pb, pa != pb { return pa < pb }
                    if (pa == nil) != (pb == nil) { return pa != nil }
                    return a.text < b.text
                }
                var keys: [SweepKey] = []
                var columns: [[TOMLNode]] = []
                for member in members {
                    keys.append(try makeKey(member.text, member.place, resolver: resolver, base: baseForTargets, seen: &seen))
                    columns.append(try list(member.node, member.place, member.text))
                }
                let lengths = columns.map(\.count)
                if let first = lengths.first, let mismatch = lengths.firstIndex(where: { $0 != first }) {
                    throw resolver.error(
                        members[mismatch].place,
                        "zip group \"\(group)\": \"\(members[mismatch].text)\" has \(lengths[mismatch]) value\(lengths[mismatch] == 1 ? "" : "s") "
                            + "but \"\(members[0].text)\" has \(first); keys in a zip group vary together and need lists of equal length")
                }
                let levels = (0..<(lengths.first ?? 0)).map { level in columns.map { $0[level] } }
                try checkDistinct(levels, place: groupPlace, what: "zip group \"\(group)\"", resolver: resolver)
                unordered.append(Unordered(
                    factor: SweepFactor(keys: keys, levels: levels, zipGroup: group),
                    position: resolver.sourceMap.exactPosition(of: groupPlace.location)
                        ?? members.compactMap { resolver.sourceMap.exactPosition(of: $0.place.location) }.min(),
                    sortKey: "zip." + group))
            }
        }

        // File order: the order the keys (and zip group headers) appear in the text.
        unordered.sort { a, b in
            switch (a.position, b.position) {
            case let (x?, y?) where x != y: return x < y
            case (.some, nil): return true
            case (nil, .some): return false
            default: return a.sortKey < b.sortKey
            }
        }
        let sweep = Sweep(factors: unordered.map(\.factor))
        try checkOverlaps(sweep.keys, resolver: resolver)
        var count = 1
        for factor in sweep.factors {
            count = count.multipliedReportingOverflow(by: factor.levels.count).partialValue
            if count > maximumPoints || count <= 0 {
                throw resolver.error(
                    sweepPlace, "the sweep has more than \(maximumPoints) points; sweep fewer keys or fewer values")
            }
        }
        return sweep
    }

    /// Two equal levels of a key or zip group would make two points that no result file could tell apart.
    private static func checkDistinct(
        _ levels: [[TOMLNode]], place: Place, what: String, resolver: SchemaResolver
    ) throws(ExperimentError) {
        var first: [[String]: Int] = [:]
        for (index, level) in levels.enumerated() {
            let literals = level.map(\.plain)
            if let earlier = first[literals] {
                throw resolver.error(
                    place, "\(what) lists \(literals.joined(separator: ", ")) twice (values [\(earlier)] and "
                        + "[\(index)]); each value makes a sweep point, so give each once")
            }
            first[literals] = index
        }
    }

    /// Rejects two keys of which one changes part of what the other replaces (`steps[1]` and `steps[1].duration`,
    /// `steps[1]` and `steps[1].hold[0]`): a point's label would name a value that was never simulated. The later key
    /// in column order is blamed.
    private static func checkOverlaps(_ keys: [SweepKey], resolver: SchemaResolver) throws(ExperimentError) {
        for (laterIndex, later) in keys.enumerated() {
            for earlier in keys[..<laterIndex] where overlap(earlier.target, later.target) {
                throw resolver.error(
                    later.place,
                    "sweep key \"\(later.key.text)\" overlaps sweep key \"\(earlier.key.text)\": one changes part of what "
                        + "the other replaces, so a point's label would name a value that was never simulated; sweep "
                        + "only one of them (list the variants as whole values of the outer key)")
            }
        }
    }

    /// Whether two targets change the same part of the document. A `.value` replaces everything under its path; a
    /// step's `.kind` and `.duration` change one key of the step each, and leave its other keys and steps alone.
    private static func overlap(_ a: OverrideTarget, _ b: OverrideTarget) -> Bool {
        guard a.path.starts(with: b.path) || b.path.starts(with: a.path) else { return false }
        guard a.path.count == b.path.count else {
            if case .value = a.path.count < b.path.count ? a : b { return true }
            return false
        }
        switch (a, b) {
        case (.stepKind, .stepDuration), (.stepDuration, .stepKind): return false
        case (.value, _), (.stepKind, _), (.stepDuration, _): return true
        }
    }

    private static func makeKey(
        _ text: String, _ place: Place, resolver: SchemaResolver, base: [String: TOMLNode],
        seen: inout [[PathComponent]: String]
    ) throws(ExperimentError) -> SweepKey {
        guard text == text.trimmingCharacters(in: .whitespaces) else {
            throw resolver.error(
                place, "sweep key \"\(text)\" starts or ends with a space; write it without (\"\(text.trimmingCharacters(in: .whitespaces))\")")
        }
        guard let key = SettingKey(text) else {
            throw resolver.error(place, "\"\(text)\" is not a setting key; \(Overrides.syntaxHelp)")
        }
        let target: OverrideTarget
        do {
            target = try Overrides.target(of: key, in: base, sweeping: true)
        } catch {
            throw resolver.error(place, "sweep key \"\(text)\" \(error.message)")
        }
        let identity = target.path + [.key(targetKind(target))]
        if let other = seen[identity] {
            throw resolver.error(place, "sweep key \"\(text)\" changes the same setting as \"\(other)\"; sweep it once")
        }
        seen[identity] = text
        return SweepKey(key: key, target: target, place: place)
    }

    private static func targetKind(_ target: OverrideTarget) -> String {
        switch target {
        case .value: return "value"
        case .stepKind: return "kind"
        case .stepDuration: return "duration"
        }
    }
}
