import ExecutorModel
import Foundation
import ResultFiles

/// Command-line changes to an experiment file.
public struct ExperimentOptions: Sendable {
    /// `--set KEY=VALUE` arguments, applied in order before the sweep.
    public var sets: [String]
    /// `--replications N`, overriding `experiment.replications`.
    public var replications: Int?
    /// `--seed N`, overriding `experiment.seed`.
    public var seed: UInt64?
    /// `--check-invariants`: every point's scenario checks the model's invariants after each event.
    public var checksInvariants: Bool
    /// Leave the file's `[sweep]` out: one point, the file's own values with the `--set`s (`simexec size`).
    public var ignoresSweep: Bool

    public init(
        sets: [String] = [], replications: Int? = nil, seed: UInt64? = nil, checksInvariants: Bool = false,
        ignoresSweep: Bool = false
    ) {
        self.ignoresSweep = ignoresSweep
        self.sets = sets
        self.replications = replications
        self.seed = seed
        self.checksInvariants = checksInvariants
    }
}

/// One point of the sweep, fully resolved.
public struct PlannedPoint: Sendable {
    /// 0-based, in sweep order (first key varying slowest).
    public let index: Int
    /// The swept values as written in the file, one per sweep column (strings without quotes).
    public let sweptValues: [String]
    /// The swept values as TOML values, for run.json.
    let sweptNodes: [TOMLNode]
    public let scenario: Scenario
    /// The point's resolved settings, for run.json.
    let settings: JSONValue
}

/// A checked experiment: every sweep point resolved to a scenario that can run.
public struct ExperimentPlan: Sendable {
    /// The file as the user named it.
    public let file: String
    /// SHA-256 of the file's bytes, hex.
    public let fileSHA256: String
    public let name: String
    public let description: String
    public let seed: UInt64
    public let replications: Int
    /// The swept keys in the order they appear in the file.
    public let sweepColumns: [String]
    /// Task class names, in file order.
    public let classNames: [String]
    /// Mutex and semaphore names (mutexes first, each in file order): the `lock_<name>_` columns.
    public let primitiveNames: [String]
    public let points: [PlannedPoint]

    /// Reads and checks an experiment file.
    public static func load(path: String, displayPath: String? = nil, options: ExperimentOptions = ExperimentOptions())
        throws(ExperimentError) -> ExperimentPlan
    {
        let shown = displayPath ?? path
        let data = try ExperimentFileReader.read(path, shown: shown)
        guard let text = String(data: data, encoding: .utf8) else {
            let bad = ExperimentFileReader.firstInvalidUTF8(in: data)
            throw ExperimentError(
                file: shown, line: bad?.line, column: bad?.column,
                message: "is not UTF-8 text: byte \(bad.map { "\($0.offset)" } ?? "?") (0x"
                    + String(bad.map { data[data.startIndex + $0.offset] } ?? 0, radix: 16, uppercase: true)
                    + ") does not start a valid UTF-8 character; experiment files are TOML, which is UTF-8")
        }
        let stem = URL(fileURLWithPath: path).deletingPathExtension().lastPathComponent
        return try make(
            text: text, file: shown, defaultName: stem, sha256: SHA256.hex(of: data), options: options)
    }

    /// Checks an experiment given as text. `file` names it in messages; `defaultName` is used when it has no name.
    public static func make(
        text: String, file: String, defaultName: String = "experiment", options: ExperimentOptions = ExperimentOptions()
    ) throws(ExperimentError) -> ExperimentPlan {
        try make(text: text, file: file, defaultName: defaultName, sha256: SHA256.hex(of: Data(text.utf8)), options: options)
    }

    static func make(text: String, file: String, defaultName: String, sha256: String, options: ExperimentOptions)
        throws(ExperimentError) -> ExperimentPlan
    {
        if let nul = text.unicodeScalars.firstIndex(of: "\u{0}") {
            let line = text.unicodeScalars[..<nul].filter { $0 == "\n" }.count + 1
            throw ExperimentError(file: file, line: line, message: "contains a NUL character; is this a text file?")
        }
        var root = try TOMLNode.parse(text, file: file)
        let resolver = SchemaResolver(file: file, sourceMap: SourceMap(text: text))
        let sweep = options.ignoresSweep ? Sweep() : try Sweep.parse(root, resolver: resolver, baseForTargets: root)

        // --set KEY=VALUE
        var setTargets: [(target: OverrideTarget, argument: String)] = []
        var seedFromSets: UInt64?
        for argument in options.sets {
            guard let equals = argument.firstIndex(of: "=") else {
                throw ExperimentError(message: "--set \(argument): expected KEY=VALUE, e.g. --set runtime.workers=8")
            }
            let keyText = String(argument[..<equals]).trimmingCharacters(in: .whitespaces)
            let valueText = String(argument[argument.index(after: equals)...])
            guard let key = SettingKey(keyText) else {
                throw ExperimentError(message: "--set \(argument): \"\(keyText)\" is not a setting key; \(Overrides.syntaxHelp)")
            }
            // A seed takes every 64-bit value, as --seed does, beyond TOML's signed integers.
            if key.components == [.key("experiment"), .key("seed")],
                let seed = UInt64(valueText.trimmingCharacters(in: .whitespaces))
            {
                seedFromSets = seed
                continue
            }
            do throws(SyntaxError) {
                let target = try Overrides.target(of: key, in: root, sweeping: false)
                if let swept = sweep.keys.first(where: { $0.target == target }) {
                    throw SyntaxError("is swept in [sweep] as \"\(swept.key.text)\"; change the sweep's list instead")
                }
                try Overrides.apply(target, value: Overrides.parseValue(valueText), to: &root)
                setTargets.append((target, argument))
            } catch {
                throw ExperimentError(message: "--set \(argument): \(keyText) \(error.message)")
            }
        }

        /// An error about a value that came from `--set` names the option instead of a line of the file.
        func blameSets(_ error: ExperimentError) -> ExperimentError {
            guard let set = setTargets.last(where: { error.concerns($0.target.path) }) else { return error }
            var copy = error
            copy.file = nil
            copy.line = nil
            copy.column = nil
            copy.message = "--set \(set.argument): " + (copy.keyPath.map { "\($0): " } ?? "") + copy.message
            copy.keyPath = nil
            return copy
        }

        var header: ExperimentHeader
        do {
            header = try resolver.header(
                root,
                defaultName: SchemaResolver.isValidName(defaultName)
                    && defaultName.utf8.count <= SchemaResolver.longestExperimentName ? defaultName : "experiment")
        } catch {
            throw blameSets(error)
        }
        if let replications = options.replications {
            guard replications >= 2 && replications <= 100_000 else {
                throw ExperimentError(
                    message: "--replications \(replications): expected an integer from 2 to 100000 "
                        + "(2 is the least that gives a confidence interval)")
            }
            header.replications = replications
        }
        if let seed = seedFromSets { header.seed = seed }
        if let seed = options.seed { header.seed = seed }

        // The file's own value at a swept position is replaced at every point, but a mistake in it is still reported,
        // where it is written: each such value with the other keys at their first value.
        for key in sweep.keys where Overrides.node(at: key.target.path[...], in: .table(root)) != nil {
            var document = root
            for factor in sweep.factors {
                for (keyIndex, other) in factor.keys.enumerated() where other != key {
                    try apply(other, factor.levels[0][keyIndex], level: 0, to: &document, resolver: resolver)
                }
            }
            do {
                _ = try resolver.configuration(document)
            } catch {
                if let location = error.location, location.starts(with: key.target.path) { throw blameSets(error) }
            }
        }

        // Each sweep value alone (other factors at their first value), so a bad value is reported where it is written.
        for (factorIndex, factor) in sweep.factors.enumerated() {
            for level in factor.levels.indices {
                var document = root
                var applied: [(key: SweepKey, level: Int)] = []
                for (offset, other) in sweep.factors.enumerated() {
                    let otherLevel = offset == factorIndex ? level : 0
                    for (keyIndex, key) in other.keys.enumerated() {
                        try apply(key, other.levels[otherLevel][keyIndex], level: otherLevel, to: &document, resolver: resolver)
                        applied.append((key, otherLevel))
                    }
                }
                do {
                    _ = try resolver.configuration(document)
                } catch {
                    // Blame the value of this factor if the error is about it, else another swept value, else the file.
                    let blamed = applied.first { entry in
                        factor.keys.contains(entry.key) && error.concerns(entry.key.target.path)
                    } ?? applied.first { error.concerns($0.key.target.path) }
                    if let blamed {
                        throw attribute(error, to: blamed.key, level: blamed.level, resolver: resolver)
                    }
                    let levels = sweep.factors.indices.map { $0 == factorIndex ? level : 0 }
                    if let culprit = culprit(in: sweep, levels: levels, first: factorIndex, root: root, resolver: resolver) {
                        throw blameSets(error).suffixed(
                            " (with " + describe(sweep.factors[culprit], level: levels[culprit]) + ")")
                    }
                    throw blameSets(error)
                }
            }
        }

        // Every point: combinations (e.g. all weights zero) and the load check.
        var points: [PlannedPoint] = []
        var classNames: [String] = []
        var primitiveNames: [String] = []
        for index in 0..<sweep.pointCount {
            let assignments = sweep.assignments(ofPoint: index)
            var document = root
            for assignment in assignments {
                try apply(assignment.key, assignment.value, level: assignment.level, to: &document, resolver: resolver)
            }
            let context = sweep.factors.isEmpty ? "" : "sweep point \(index) (\(describe(assignments))): "
            let configuration: ResolvedConfiguration
            do {
                configuration = try resolver.configuration(document)
            } catch {
                throw blameSets(error).prefixed(context)
            }
            // The checks of the whole point name the file's line they blame, and the --set options that changed it.
            let changed = setTargets.isEmpty
                ? context : context + "with " + setTargets.map { "--set \($0.argument)" }.joined(separator: ", ") + ": "
            try checkTaskLengths(configuration.scenario, context: changed, resolver: resolver)
            try checkLoad(configuration.scenario, context: changed, resolver: resolver)
            try checkPrimitiveLoads(configuration.scenario, context: changed, resolver: resolver)
            try checkMemory(configuration.scenario, limit: header.maxMemory, context: changed, resolver: resolver)
            if index == 0 {
                classNames = configuration.classNames
                primitiveNames = configuration.primitiveNames
            }
            var scenario = configuration.scenario
            scenario.checksInvariants = options.checksInvariants
            points.append(PlannedPoint(
                index: index, sweptValues: assignments.map(\.value.plain), sweptNodes: assignments.map(\.value), scenario: scenario,
                settings: configuration.settings))
        }

        return ExperimentPlan(
            file: file, fileSHA256: sha256, name: header.name, description: header.description, seed: header.seed,
            replications: header.replications, sweepColumns: sweep.columns, classNames: classNames,
            primitiveNames: primitiveNames, points: points)
    }

    private static func apply(
        _ key: SweepKey, _ value: TOMLNode, level: Int, to document: inout [String: TOMLNode], resolver: SchemaResolver
    ) throws(ExperimentError) {
        do {
            try Overrides.apply(key.target, value: value, to: &document)
        } catch {
            let place = key.place.index(level)
            throw ExperimentError(
                file: resolver.file, keyPath: place.display.rendered, message: error.message
            ).positioned(resolver.sourceMap.position(of: place.location))
        }
    }

    /// Re-points an error caused by a swept value at the value in `[sweep]`.
    private static func attribute(_ error: ExperimentError, to key: SweepKey, level: Int, resolver: SchemaResolver)
        -> ExperimentError
    {
        var copy = error
        let place = key.place.index(level)
        if let position = resolver.sourceMap.position(of: place.location) {
            copy.line = position.line
            copy.column = position.column
        }
        copy.message += " (value [\(level)] of sweep key \"\(key.key.text)\")"
        return copy
    }

    /// For an error about a setting no swept key names (a mutex kind that makes a task's step invalid, ...): the
    /// factor whose absence makes the document valid again, trying `first` first. `levels` is every factor's level.
    private static func culprit(
        in sweep: Sweep, levels: [Int], first: Int, root: [String: TOMLNode], resolver: SchemaResolver
    ) -> Int? {
        let order = [first] + sweep.factors.indices.filter { $0 != first }
        return order.first { candidate in
            var without = root
            for (offset, factor) in sweep.factors.enumerated() where offset != candidate {
                for (keyIndex, key) in factor.keys.enumerated() {
                    let value = factor.levels[levels[offset]][keyIndex]
                    guard (try? Overrides.apply(key.target, value: value, to: &without)) != nil else { return false }
                }
            }
            return (try? resolver.configuration(without)) != nil
        }
    }

    /// `sweep key "mutex.db.kind" = "std", value [1]` or `zip group "mix" at value [1]: "a" = 1, "b" = 0`.
    private static func describe(_ factor: SweepFactor, level: Int) -> String {
        let values = zip(factor.keys, factor.levels[level]).map { "\"\($0.key.text)\" = \($1.literal)" }
        if let group = factor.zipGroup {
            return "zip group \"\(group)\" at value [\(level)]: " + values.joined(separator: ", ")
        }
        return "sweep key " + values.joined(separator: ", ") + ", value [\(level)]"
    }

    private static func describe(_ assignments: [(key: SweepKey, value: TOMLNode, level: Int)]) -> String {
        assignments.map { "\($0.key.key.text) = \($0.value.literal)" }.joined(separator: ", ")
    }

    /// The most tasks one replication may simulate (the simulator handles a few million events per second).
    static let maximumTasksPerReplication = 20e6

    /// A closed loop cannot overload, but with no think time and requests that take no time (no step with a positive
    /// mean duration) its clients would spin at one instant for ever.
    private static func checkClosedLoop(_ scenario: Scenario, context: String, resolver: SchemaResolver)
        throws(ExperimentError)
    {
        guard case let .closed(_, think) = scenario.workload.arrivals, think.mean == 0,
            scenario.runtime.costs.pollOverhead == 0
        else { return }
        let workload = scenario.workload
        let classes = workload.classes
        // Whether a task of class `index` takes time: its own steps take some on average (`meanOwnTime`: a timeout
        // counts at most its deadline, a mean of 0 is 0 every time), or it joins a class that does. Spawn cycles are
        // refused earlier; each class is looked at once.
        var known: [Int: Bool] = [:]
        func takesTime(_ index: Int) -> Bool {
            if let answer = known[index] { return answer }
            known[index] = false
            let answer = workload.meanOwnTime(ofClass: index) > 0 || classes[index].steps.contains { step in
                guard case let .join(children) = step else { return false }
                return children.contains(where: takesTime)
            }
            known[index] = answer
            return answer
        }
        for (index, taskClass) in classes.enumerated() where taskClass.weight > 0 {
            if !takesTime(index) {
                throw resolver.error(
                    Place.root.key("arrivals").key("think"),
                    context + "with no think time, no poll overhead and a class (\(taskClass.name)) whose steps take "
                        + "no time, closed-loop clients would send requests for ever without time passing; give think "
                        + "a positive mean or the class a step that takes time")
            }
        }
    }

    /// Rejects a class whose tasks take longer on average than a latency histogram can record (1 hour): their
    /// latencies would all count as 1 hour, and the percentiles would fall below the mean.
    private static func checkTaskLengths(_ scenario: Scenario, context: String, resolver: SchemaResolver)
        throws(ExperimentError)
    {
        let limit = SchemaResolver.longestMeanDuration
        for (index, taskClass) in scenario.workload.classes.enumerated() {
            let spent = scenario.workload.meanOwnTime(ofClass: index)
            guard spent > limit else { continue }
            throw resolver.error(
                Place.root.key("task").element(index, named: taskClass.name),
                context + "a task of class \(taskClass.name) spends at least \(DurationSyntax.format(spent)) in its steps on "
                    + "average; latencies are recorded up to 1 hour (longer ones would all count as 1 hour), so keep a "
                    + "task's steps under 1 hour in all")
        }
    }

    /// Rejects a mutex or semaphore whose offered load cannot be served, like `checkLoad` a worker's: its wait queue
    /// would grow for ever.
    private static func checkPrimitiveLoads(_ scenario: Scenario, context: String, resolver: SchemaResolver)
        throws(ExperimentError)
    {
        guard let rate = scenario.workload.arrivals.meanRatePerSecond else { return }
        let primitives = scenario.workload.primitives
        for (index, primitive) in primitives.enumerated() {
            let load = scenario.offeredLoad(ofPrimitive: index)
            guard !(load < 1) else { continue }
            let section: String
            let holders: String
            let remedy: String
            switch primitive.kind {
            case .stdMutex, .asyncMutex:
                section = "mutex"
                holders = "1 holder at a time"
                remedy = "Lower arrivals.rate or the time spent holding it, or split it"
            case let .semaphore(permits):
                section = "semaphore"
                holders = "\(permits) permit\(permits == 1 ? "" : "s")"
                remedy = "Lower arrivals.rate or the time spent holding a permit, or raise its permits"
            }
            let sameSection = primitives[..<index].count { ($0.kindName == "semaphore") == (section == "semaphore") }
            let name = primitive.name
            let hold = scenario.workload.meanHoldTimePerTask(ofPrimitive: index)
            var error = resolver.error(
                Place.root.key(section).element(sameSection, named: name),
                context + "the offered load of \(section) \"\(name)\" is \(NumberFormatting.significant(load, digits: 3)) "
                    + "(\(NumberFormatting.significant(rate, digits: 6)) tasks/s × \(DurationSyntax.format(hold)) held per "
                    + "request, child tasks included, / \(holders)); it must be below 1, or its wait queue grows without "
                    + "bound and the run cannot finish. \(remedy)")
            error.isOverload = true
            throw error
        }
    }

    /// Rejects a configuration whose live tasks would take more memory than `experiment.max_memory`, before it
    /// runs out of memory mid-run.
    private static func checkMemory(_ scenario: Scenario, limit: Double, context: String, resolver: SchemaResolver)
        throws(ExperimentError)
    {
        let tasks = scenario.expectedLiveTasks
        let bytesPerTask = scenario.bytesPerLiveTask
        let bytes = tasks * Double(bytesPerTask)
        guard bytes > limit else { return }
        throw resolver.error(
            Place.root.key("experiment").key("max_live_tasks"),
            context + "one replication would need about \(ByteSize.format(bytes)) for its live tasks (at least "
                + "\(Int(tasks.rounded())) alive at once, the least of experiment.max_live_tasks "
                + "= \(scenario.maxLiveTasks), the tasks of a whole run, and arrivals.rate × how long a request's tasks "
                + "live; \(bytesPerTask) bytes each with their sampled step durations); the limit is "
                + "experiment.max_memory = \"\(ByteSize.format(limit).replacingOccurrences(of: " ", with: ""))\". Lower "
                + "experiment.max_live_tasks, arrivals.rate or experiment.duration, or raise experiment.max_memory "
                + "(each of --jobs replications takes this much)")
    }

    /// Rejects configurations whose offered load cannot be served: the run would never reach a steady state.
    private static func checkLoad(_ scenario: Scenario, context: String, resolver: SchemaResolver) throws(ExperimentError) {
        let ratePlace = Place.root.key("arrivals").key("rate")
        guard let rate = scenario.workload.arrivals.meanRatePerSecond else {
            try checkClosedLoop(scenario, context: context, resolver: resolver)
            return
        }
        let load = scenario.offeredLoadPerWorker
        let workers = scenario.runtime.effectiveWorkerCount
        if !(load < 1) {
            let overheadTime = scenario.workload.meanPollsPerTask * Double(scenario.runtime.costs.pollOverhead)
            let overhead = DurationSyntax.format(overheadTime)
            let rateText = NumberFormatting.significant(rate, digits: 6)
            // Enough digits that a load just over 1 does not read as 1.
            var digits = 3
            while NumberFormatting.significant(load, digits: digits) == "1", load > 1, digits < 7 { digits += 1 }
            let loadText = NumberFormatting.significant(load, digits: digits)
            let message: String
            if let cores = scenario.runtime.cores, !(scenario.offeredLoadOnWorkers >= load) {
                // The shared cores are the bottleneck: all cpu work, the blocking pool's closures included.
                message = "the offered load is \(loadText) per core (\(rateText) tasks/s × ("
                    + "\(DurationSyntax.format(scenario.workload.meanCPUTimePerTask)) of cpu time, blocking-pool "
                    + "closures included, + \(overhead) of poll overhead) per request, child tasks included, / \(cores) "
                    + "core\(cores == 1 ? "" : "s")); it must be below 1, or queues grow without bound and the run "
                    + "cannot finish. Lower arrivals.rate or the cpu time, or add cores"
            } else {
                message = "the offered load is \(loadText) per worker (\(rateText) tasks/s × ("
                    + "\(DurationSyntax.format(scenario.workload.meanWorkerTimePerTask)) of cpu and block time + "
                    + "\(overhead) of poll overhead) per request, child tasks included, / \(workers) "
                    + "worker\(workers == 1 ? "" : "s")); it must be below 1, or queues grow without bound "
                    + "and the run cannot finish. Lower arrivals.rate or the cpu/block time, or add workers"
            }
            var error = resolver.error(ratePlace, context + message)
            error.isOverload = true
            throw error
        }
        // A feasible load can still mean more tasks than a run can simulate in reasonable time.
        let simulatedSeconds = Double(scenario.warmup + scenario.duration) / 1e9
        let tasks = rate * simulatedSeconds
        if tasks > maximumTasksPerReplication {
            throw resolver.error(
                ratePlace,
                context + "one replication would simulate about \(NumberFormatting.significant(tasks, digits: 3)) tasks "
                    + "(\(NumberFormatting.significant(rate, digits: 6)) tasks/s over "
                    + "\(DurationSyntax.format(simulatedSeconds * 1e9)) of warm-up and measurement); the limit is "
                    + "\(NumberFormatting.significant(maximumTasksPerReplication, digits: 3)), which already takes "
                    + "minutes per replication. Shorten experiment.duration or lower arrivals.rate")
        }
        // The blocking pool is a queue of its own: spawn_blocking work per second over its threads.
        let classes = scenario.workload.classes
        let totalWeight = classes.reduce(0.0) { $0 + max($1.weight, 0) }
        guard totalWeight > 0 else { return }
        var blockingWork = 0.0
        for taskClass in classes {
            for step in taskClass.steps {
                if case let .spawnBlocking(distribution) = step {
                    blockingWork += max(taskClass.weight, 0) / totalWeight * distribution.mean
                }
            }
        }
        let threads = scenario.runtime.maxBlockingThreads
        let poolLoad = rate * blockingWork / 1e9 / Double(threads)
        if !(poolLoad < 1) {
            var error = resolver.error(
                ratePlace,
                context + "the blocking pool's load is \(NumberFormatting.significant(poolLoad, digits: 3)) per thread "
                    + "(\(NumberFormatting.significant(rate, digits: 6)) tasks/s × \(DurationSyntax.format(blockingWork)) of "
                    + "spawn_blocking time per task / max_blocking_threads = \(threads)); it must be below 1, or the pool's "
                    + "queue grows without bound and the run cannot finish. Lower arrivals.rate or raise "
                    + "runtime.max_blocking_threads")
            error.isOverload = true
            throw error
        }
    }
}
