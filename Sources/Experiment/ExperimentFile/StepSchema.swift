import ExecutorModel
import ResultFiles
import SimStats

/// A task's program as the model runs it: lock holds and timeout groups flattened into one list of steps, each with
/// the place in the file it came from, so the model's `invalidProgram(step:)` errors can name the key the user wrote.
///
/// `{ lock = "db", hold = [A, B] }` becomes `acquire(db)`, A, B, `release(db)`; `{ timeout = "5ms", steps = [A, B] }`
/// becomes `timeout(5ms, steps: n)`, A, B, where n counts the flattened steps of A and B (nested acquires, releases
/// and timeouts included).
struct FlattenedProgram: Sendable {
    var steps: [Step] = []
    /// `places[i]` is where `steps[i]` is written; an acquire and its release both point at their lock step.
    var places: [Place] = []

    mutating func append(_ step: Step, at place: Place) {
        steps.append(step)
        places.append(place)
    }
}

extension SchemaResolver {
    /// Reads a non-empty list of steps (a task's `steps`, a lock's `hold`, a timeout's `steps`) into `program`.
    /// Returns the steps' settings for run.json, nested as written.
    func steps(
        _ items: [TOMLNode], _ place: Place, primitives: ResolvedPrimitives, into program: inout FlattenedProgram
    ) throws(ExperimentError) -> [JSONValue] {
        var settings: [JSONValue] = []
        for (index, item) in items.enumerated() {
            settings.append(try step(item, place.index(index), primitives: primitives, into: &program))
        }
        return settings
    }

    /// A step: an inline table whose keys say what it is. Simple steps have exactly one key, their kind
    /// (`{ cpu = "50us" }`, `{ yield = true }`); a lock step has `lock` or `acquire` and `hold`; a timeout step has
    /// `timeout` and `steps`.
    private func step(
        _ node: TOMLNode, _ place: Place, primitives: ResolvedPrimitives, into program: inout FlattenedProgram
    ) throws(ExperimentError) -> JSONValue {
        let kinds = SchemaKeys.allStepKinds.joined(separator: ", ")
        let example = "a step is written { KIND = DURATION }, e.g. { cpu = \"50us\" } or { yield = true }, "
            + "with KIND one of \(kinds), or as { lock = \"MUTEX\", hold = [ steps ] } or "
            + "{ timeout = \"5ms\", steps = [ steps ] } or { select = [ [ steps ], [ steps ] ] }"
        guard case let .table(entries) = node else {
            throw error(place, "\(node.found); \(example)")
        }
        if entries.isEmpty { throw error(place, "found an empty step {}; \(example)") }
        switch StepForm(node) {
        case .lock?: return try lockStep(node, place, primitives: primitives, into: &program)
        case .timeout?: return try timeoutStep(node, place, primitives: primitives, into: &program)
        case .select?: return try selectStep(node, place, primitives: primitives, into: &program)
        case .simple?, nil: break
        }
        guard entries.count == 1, let (kind, value) = entries.first else {
            throw error(
                place,
                "found a step with \(entries.count) keys (\(entries.keys.sorted().joined(separator: ", "))); "
                    + "a step has exactly one kind: write each as its own step")
        }
        let valuePlace = place.key(kind)
        switch StepKind(rawValue: kind) {
        case .spawn?, .join?:
            return try childStep(kind, value, valuePlace, at: place, primitives: primitives, into: &program)
        case .spawnBlocking? where value.isArray:
            return try closureStep(value, valuePlace, at: place, into: &program)
        default:
            break
        }
        guard let stepKind = StepKind(rawValue: kind), stepKind.isSimple else {
            let suggestion = Suggestions.parenthesized(kind, among: SchemaKeys.allStepKinds)
            throw error(place, "unknown step kind \"\(kind)\"\(suggestion); allowed kinds: \(kinds)")
        }
        if stepKind == .yield {
            guard case .bool(true) = value else {
                throw error(valuePlace, "expected { yield = true }, \(value.found)")
            }
            program.append(.yield, at: place)
            return .object([("kind", .string("yield"))])
        }
        let distribution = try positiveDistribution(value, valuePlace, kind: kind)
        guard let step = stepKind.step(duration: distribution) else {
            throw error(place, "unknown step kind \"\(kind)\"; allowed kinds: \(kinds)")
        }
        program.append(step, at: place)
        return .object([("kind", .string(kind))] + Self.durationSettings(value, distribution))
    }

    /// `{ lock = "db", hold = [ ... ], cleanup = "drop" }` or `{ acquire = "pool", hold = [ ... ] }`: the guard or
    /// permit is taken, the hold's steps run, and it is given back.
    private func lockStep(
        _ node: TOMLNode, _ place: Place, primitives: ResolvedPrimitives, into program: inout FlattenedProgram
    ) throws(ExperimentError) -> JSONValue {
        let step = try table(node, place, allowed: SchemaKeys.lockStep, what: "a lock step")
        let heads = [StepKind.lock, .acquire].map(\.rawValue).filter { step[$0] != nil }
        guard heads.count == 1, let head = heads.first, let (nameNode, namePlace) = step[head] else {
            if heads.count > 1 {
                throw error(
                    place.key("acquire"),
                    "a step takes one thing: lock = \"MUTEX\" or acquire = \"SEMAPHORE\", not both; "
                        + "nest one inside the other's hold to take both")
            }
            throw error(
                place,
                "a step with hold = [...] needs lock = \"MUTEX\" (a [[mutex]]) or acquire = \"SEMAPHORE\" "
                    + "(a [[semaphore]]): what is held while its steps run")
        }
        let wantsMutex = head == StepKind.lock.rawValue
        let what = wantsMutex ? "mutex" : "semaphore"
        let name = try string(nameNode, namePlace, allowed: "the name of a [[\(what)]]")
        let candidates = primitives.names(mutexes: wantsMutex)
        guard let index = primitives.index(of: name), primitives.isMutex(index) == wantsMutex else {
            if let index = primitives.index(of: name) {
                let other = primitives.isMutex(index)
                    ? "a mutex; lock it with { lock = \"\(name)\", hold = [...] }"
                    : "a semaphore; take a permit with { acquire = \"\(name)\", hold = [...] }"
                throw error(namePlace, "\"\(name)\" is \(other)")
            }
            let suggestion = Suggestions.parenthesized(name, among: candidates)
            let declared = candidates.isEmpty
                ? "none is declared; add a [[\(what)]] section, e.g. "
                    + (wantsMutex ? "[[mutex]] name = \"\(name)\", kind = \"async\"" : "[[semaphore]] name = \"\(name)\", permits = 4")
                : "\(what == "mutex" ? "mutexes" : "semaphores"): \(candidates.joined(separator: ", "))"
            throw error(namePlace, "no \(what) named \"\(name)\"\(suggestion); \(declared)")
        }
        var cleanup = Cleanup.drop
        if let (cleanupNode, cleanupPlace) = step["cleanup"] {
            cleanup = Cleanup(rawValue: try choice(cleanupNode, cleanupPlace, among: SchemaKeys.cleanups)) ?? .drop
        }
        let holdItems = try nonEmptySteps(
            step["hold"], place.key("hold"),
            missing: "missing: give the steps that run while the \(wantsMutex ? "guard" : "permit") is held, "
                + "e.g. hold = [ { cpu = \"20us\" } ]")
        program.append(.acquire(primitive: index, cleanup: cleanup), at: place)
        let hold = try steps(holdItems, place.key("hold"), primitives: primitives, into: &program)
        program.append(.release(primitive: index), at: place)
        return .object([
            ("kind", .string(head)), (what, .string(name)), ("cleanup", .string(cleanup.rawValue)), ("hold", .array(hold)),
        ])
    }

    /// `{ timeout = "5ms", steps = [ ... ], on_timeout = "end" }`: `tokio::time::timeout` around the group.
    private func timeoutStep(
        _ node: TOMLNode, _ place: Place, primitives: ResolvedPrimitives, into program: inout FlattenedProgram
    ) throws(ExperimentError) -> JSONValue {
        let step = try table(node, place, allowed: SchemaKeys.timeoutStep, what: "a timeout step")
        guard let (durationNode, durationPlace) = step["timeout"] else {
            throw error(
                place.key("timeout"),
                "missing: a step with steps = [...] is a timeout group and needs its deadline, e.g. timeout = \"5ms\"")
        }
        let distribution = try positiveDistribution(durationNode, durationPlace, kind: "timeout")
        var onTimeout = TimeoutAction.end
        if let (actionNode, actionPlace) = step["on_timeout"] {
            onTimeout = TimeoutAction(rawValue: try choice(actionNode, actionPlace, among: SchemaKeys.timeoutActions)) ?? .end
        }
        let items = try nonEmptySteps(
            step["steps"], place.key("steps"),
            missing: "missing: give the steps the timeout covers, e.g. steps = [ { io = \"exp(2ms)\" } ]")
        let start = program.steps.count
        program.append(.yield, at: place)  // replaced below, once the group's flattened length is known
        let inner = try steps(items, place.key("steps"), primitives: primitives, into: &program)
        program.steps[start] = .timeout(distribution, steps: program.steps.count - start - 1, onTimeout: onTimeout)
        return .object(
            [("kind", .string("timeout"))] + Self.durationSettings(durationNode, distribution)
                + [("on_timeout", .string(onTimeout.rawValue)), ("steps", .array(inner))])
    }

    /// `{ select = [ [A...], [B...] ] }`: `tokio::select!` over two branches, each its future (`io`, `sleep` or
    /// `spawn_blocking`) followed by the steps that run if it wins.
    private func selectStep(
        _ node: TOMLNode, _ place: Place, primitives: ResolvedPrimitives, into program: inout FlattenedProgram
    ) throws(ExperimentError) -> JSONValue {
        let step = try table(node, place, allowed: SchemaKeys.selectStep, what: "a select step")
        let branchesPlace = place.key("select")
        let example = "select = [ [ { io = \"5ms\" }, { cpu = \"20us\" } ], [ { sleep = \"2ms\" } ] ]"
        guard case let .array(branches)? = step["select"]?.node, branches.count == 2 else {
            throw error(
                branchesPlace,
                "expected two branches, each a list of steps starting with the future it waits for "
                    + "(io, sleep or spawn_blocking), e.g. \(example); found \(step["select"]?.node.found ?? "nothing")")
        }
        let start = program.steps.count
        program.append(.yield, at: place)  // replaced below, once the branches' flattened lengths are known
        var settings: [JSONValue] = []
        var lengths: [Int] = []
        for (index, branch) in branches.enumerated() {
            let branchPlace = branchesPlace.index(index)
            let items = try nonEmptySteps((branch, branchPlace), branchPlace, missing: "")
            guard case let .table(entries) = items[0], entries.count == 1,
                let kind = entries.keys.first, ["io", "sleep", "spawn_blocking"].contains(kind)
            else {
                throw error(
                    branchPlace.index(0),
                    "a select branch starts with the future it waits for: { io = ... }, { sleep = ... } or "
                        + "{ spawn_blocking = ... }, e.g. \(example)")
            }
            let before = program.steps.count
            settings.append(.array(try steps(items, branchPlace, primitives: primitives, into: &program)))
            lengths.append(program.steps.count - before)
        }
        program.steps[start] = .select(first: lengths[0], second: lengths[1])
        return .object([("kind", .string("select")), ("branches", .array(settings))])
    }

    /// `{ spawn = "audit" }` (detached) or `{ join = ["db", "cache"] }` (spawn each, await all).
    private func childStep(
        _ kind: String, _ value: TOMLNode, _ valuePlace: Place, at place: Place, primitives: ResolvedPrimitives,
        into program: inout FlattenedProgram
    ) throws(ExperimentError) -> JSONValue {
        let classes = primitives.taskClassNames
        func classIndex(_ node: TOMLNode, _ place: Place) throws(ExperimentError) -> Int {
            let name = try string(node, place, allowed: "the name of a [[task]] class")
            guard let index = classes.firstIndex(of: name) else {
                let suggestion = Suggestions.parenthesized(name, among: classes)
                throw error(
                    place, "no task class named \"\(name)\"\(suggestion); classes: \(classes.joined(separator: ", "))")
            }
            return index
        }
        if kind == StepKind.spawn.rawValue {
            let index = try classIndex(value, valuePlace)
            program.append(.spawn(taskClass: index), at: place)
            return .object([("kind", .string(kind)), ("class", .string(classes[index]))])
        }
        guard case let .array(items) = value, !items.isEmpty else {
            throw error(
                valuePlace,
                "expected a non-empty list of task class names, e.g. join = [\"db\", \"cache\"], \(value.found)")
        }
        var indices: [Int] = []
        for (position, item) in items.enumerated() {
            indices.append(try classIndex(item, valuePlace.index(position)))
        }
        program.append(.join(taskClasses: indices), at: place)
        return .object([("kind", .string(kind)), ("classes", .array(indices.map { .string(classes[$0]) }))])
    }

    /// `{ spawn_blocking = [ { cpu = "2ms" }, { block = "3ms" } ] }`: a closure with a program of `cpu` and `block`
    /// steps, which run on a pool thread.
    private func closureStep(_ value: TOMLNode, _ valuePlace: Place, at place: Place, into program: inout FlattenedProgram)
        throws(ExperimentError) -> JSONValue
    {
        let example = "spawn_blocking = [ { cpu = \"2ms\" }, { block = \"3ms\" } ]"
        guard case let .array(items) = value, !items.isEmpty else {
            throw error(valuePlace, "a spawn_blocking closure needs at least one step, e.g. \(example)")
        }
        let start = program.steps.count
        program.append(.yield, at: place)  // replaced below, once the closure's length is known
        var settings: [JSONValue] = []
        for (index, item) in items.enumerated() {
            let itemPlace = valuePlace.index(index)
            guard case let .table(entries) = item, entries.count == 1, let (kind, duration) = entries.first,
                let stepKind = StepKind(rawValue: kind), stepKind == .cpu || stepKind == .block
            else {
                throw error(
                    itemPlace,
                    "a spawn_blocking closure's steps are { cpu = DURATION } (needs a core) or { block = DURATION } "
                        + "(waits without one), e.g. \(example); found \(item.found)")
            }
            let distribution = try positiveDistribution(duration, itemPlace.key(kind), kind: kind)
            program.append(stepKind == .cpu ? .cpu(distribution) : .block(distribution), at: itemPlace)
            settings.append(.object([("kind", .string(kind))] + Self.durationSettings(duration, distribution)))
        }
        program.steps[start] = .spawnBlockingClosure(steps: items.count)
        return .object([("kind", .string("spawn_blocking")), ("closure", .array(settings))])
    }

    /// A `hold` or a timeout's `steps`: an array with at least one step.
    private func nonEmptySteps(_ entry: (node: TOMLNode, place: Place)?, _ place: Place, missing: String)
        throws(ExperimentError) -> [TOMLNode]
    {
        guard let (node, place) = entry else { throw error(place, missing) }
        guard case let .array(items) = node else {
            throw error(place, "expected an array of steps such as [ { cpu = \"50us\" } ], \(node.found)")
        }
        guard !items.isEmpty else {
            let key = place.display.last.map { "\($0)" } ?? "steps"
            throw error(place, "\(key) is empty; give at least one step, e.g. \(key) = [ { cpu = \"20us\" } ]")
        }
        return items
    }

    /// A step's duration distribution, which must not be a constant 0.
    private func positiveDistribution(_ value: TOMLNode, _ place: Place, kind: String) throws(ExperimentError)
        -> Distribution
    {
        let distribution = try self.distribution(value, place)
        if case let .constant(constant) = distribution, constant <= 0 {
            let fix = kind == "timeout" ? "a deadline of 0 fires at once" : "remove the step or use { yield = true }"
            throw error(place, "\(Article.indefinite(kind)) step needs a positive duration, \(value.found); \(fix)")
        }
        guard distribution.mean.isFinite, distribution.mean <= Self.longestMeanDuration else {
            throw error(
                place,
                "in \"\(value.plain)\", the mean duration is \(DurationSyntax.format(distribution.mean)), above the "
                    + "1 hour that simexec measures; choose parameters with a shorter mean")
        }
        return distribution
    }

    /// The longest mean a step's duration (or a task's steps in all) may have, in ns: one hour, the longest latency
    /// simexec's histograms hold.
    static let longestMeanDuration = Double(LatencyHistogram.highestTrackableNanoseconds)

    private static func durationSettings(_ value: TOMLNode, _ distribution: Distribution) -> [(String, JSONValue)] {
        [
            ("duration", .string(value.plain)), ("distribution", .string(distribution.description)),
            ("mean_ns", .double(distribution.mean)),
        ]
    }
}
