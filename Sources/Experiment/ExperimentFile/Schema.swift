import ExecutorModel
import ResultFiles
import SimKernel
import SimStats

/// The keys of an experiment file, in the order the README documents them.
enum SchemaKeys {
    static let topLevel = ["experiment", "runtime", "arrivals", "mutex", "semaphore", "task", "sweep"]
    static let experiment = [
        "name", "description", "seed", "replications", "duration", "warmup", "max_live_tasks", "max_memory",
    ]
    /// Experiment keys a sweep may vary (the others identify the experiment or are command-line options).
    static let experimentSweepable = ["duration", "warmup", "max_live_tasks"]
    static let runtime = ["profile", "flavor"] + RuntimeSetting.allCases.filter { !$0.isCost }.map(\.rawValue) + ["costs"]
    static let runtimeScalars = runtime.filter { $0 != "costs" }
    static let costs = RuntimeSetting.allCases.filter(\.isCost).map(\.rawValue)
    static let arrivals = ["process", "rate", "spawned_by", "clients", "think", "on", "off", "file"]
    static let arrivalProcesses = ["poisson", "constant", "closed", "onoff", "trace"]
    static let spawners = ArrivalSpawner.allCases.map(\.rawValue)

    /// The `[arrivals]` keys a process uses besides `process` and `spawned_by`.
    static func arrivalKeys(of process: String) -> [String] {
        switch process {
        case "closed": ["clients", "think"]
        case "onoff": ["rate", "on", "off"]
        case "trace": ["file"]
        default: ["rate"]
        }
    }
    static let mutex = ["name", "kind"]
    static let mutexKinds = ["std", "async"]
    static let semaphore = ["name", "permits"]
    static let task = ["name", "weight", "local", "steps"]
    /// Steps written with one key, their kind; the only ones whose kind a sweep may switch.
    static let stepKinds = StepKind.simple.map(\.rawValue)
    /// Every step's head key: the simple kinds, then the steps that hold a list of steps.
    static let allStepKinds = StepKind.allCases.map(\.rawValue)
    static let lockStep = ["lock", "acquire", "hold", "cleanup"]
    static let timeoutStep = ["timeout", "steps", "on_timeout"]
    static let selectStep = ["select"]
    static let cleanups = Cleanup.allCases.map(\.rawValue)
    static let timeoutActions = TimeoutAction.allCases.map(\.rawValue)
    static let flavors = RuntimeFlavor.allCases.map(\.rawValue)
    static let profiles = TokioProfile.allCases.map(\.rawValue)
}

/// The identity and statistics settings of an experiment: `[experiment]` minus what a sweep may vary.
struct ExperimentHeader: Sendable, Hashable {
    var name: String
    var description: String
    var seed: UInt64
    var replications: Int
    /// `max_memory`: the most bytes one replication's live tasks may be expected to take.
    var maxMemory: Double = 4e9
}

/// One fully resolved configuration: what the model runs, and its settings as run.json records them.
struct ResolvedConfiguration: Sendable {
    var scenario: Scenario
    var settings: JSONValue
    var classNames: [String]
    /// Mutex and semaphore names, in `Workload.primitives`' order.
    var primitiveNames: [String]
}

/// Where a value sits: the path users see in messages (`task.sync_call.steps[1]`) and the path in the document that
/// locates its line (`task[1].steps[1]`).
struct Place: Sendable, Hashable {
    var display: [PathComponent]
    var location: [PathComponent]

    static let root = Place(display: [], location: [])

    func key(_ key: String) -> Place {
        Place(display: display + [.key(key)], location: location + [.key(key)])
    }

    func index(_ index: Int) -> Place {
        Place(display: display + [.index(index)], location: location + [.index(index)])
    }

    /// An element of `[[task]]` shown by its name.
    func element(_ index: Int, named name: String?) -> Place {
        if let name, SchemaResolver.isValidName(name) {
            return Place(display: display + [.key(name)], location: location + [.index(index)])
        }
        return self.index(index)
    }
}

/// Turns a parsed document (after `--set` and sweep overrides) into a `Scenario`, checking every key and value.
struct SchemaResolver: Sendable {
    /// The file as the user named it, for messages.
    let file: String
    let sourceMap: SourceMap

    func error(_ place: Place, _ message: String) -> ExperimentError {
        var error = ExperimentError(file: file, keyPath: place.display.rendered, message: message)
            .positioned(sourceMap.position(of: place.location))
        error.location = place.location
        return error
    }

    /// What a name may be made of, for messages.
    static let nameRule = "ASCII letters, digits, _ and -, not starting with -"

    /// The longest experiment name: it names the results folder, whose staging sibling `.NAME.staging-PID` (a PID has
    /// at most 7 digits on Linux) must fit the 255 bytes a file system allows a path component.
    static let longestExperimentName = 255 - ".".utf8.count - ".staging-".utf8.count - 7

    static func isValidName(_ name: String) -> Bool {
        guard let first = name.unicodeScalars.first, first != "-" else { return false }
        return name.unicodeScalars.allSatisfy(\.isBareKeyCharacter)
    }

    // MARK: Tables

    /// A table whose keys were checked against the allowed list.
    struct Table {
        let entries: [String: TOMLNode]
        let place: Place

        subscript(key: String) -> (node: TOMLNode, place: Place)? {
            entries[key].map { ($0, place.key(key)) }
        }
    }

    /// Reads `node` as a table with only `allowed` keys. The first unknown key in file order is reported.
    func table(_ node: TOMLNode, _ place: Place, allowed: [String], what: String) throws(ExperimentError) -> Table {
        guard case let .table(entries) = node else {
            throw error(place, "\(what) must be a table, \(node.found)")
        }
        let unknown = entries.keys.filter { !allowed.contains($0) }.sorted { a, b in
            let pa = sourceMap.exactPosition(of: place.location + [.key(a)])
            let pb = sourceMap.exactPosition(of: place.location + [.key(b)])
            switch (pa, pb) {
            case let (x?, y?): return x < y
            case (.some, nil): return true
            case (nil, .some): return false
            case (nil, nil): return a < b
            }
        }
        if let key = unknown.first {
            let suggestion = Suggestions.parenthesized(key, among: allowed)
            throw error(
                place.key(key),
                "unknown key \"\(key)\" in \(what)\(suggestion); allowed keys: \(allowed.joined(separator: ", "))")
        }
        return Table(entries: entries, place: place)
    }

    // MARK: Scalars

    func integer(_ node: TOMLNode, _ place: Place, in range: ClosedRange<Int>, allowed: String) throws(ExperimentError)
        -> Int
    {
        guard case let .integer(value) = node else {
            let hint = node.isFloat ? " (an integer is written without a decimal point or exponent)" : ""
            throw error(place, "expected \(allowed), \(node.found)\(hint)")
        }
        guard range.contains(value) else {
            throw error(place, "expected \(allowed), \(node.found)")
        }
        return value
    }

    func number(_ node: TOMLNode, _ place: Place, allowed: String, accept: (Double) -> Bool) throws(ExperimentError)
        -> Double
    {
        let value: Double
        switch node {
        case let .integer(number): value = Double(number)
        case let .float(number): value = number
        default: throw error(place, "expected \(allowed), \(node.found)")
        }
        guard value.isFinite, accept(value) else { throw error(place, "expected \(allowed), \(node.found)") }
        return value
    }

    func bool(_ node: TOMLNode, _ place: Place) throws(ExperimentError) -> Bool {
        guard case let .bool(value) = node else { throw error(place, "expected true or false, \(node.found)") }
        return value
    }

    func string(_ node: TOMLNode, _ place: Place, allowed: String) throws(ExperimentError) -> String {
        guard case let .string(value) = node else { throw error(place, "expected \(allowed), \(node.found)") }
        return value
    }

    func choice(_ node: TOMLNode, _ place: Place, among choices: [String]) throws(ExperimentError) -> String {
        let quoted = choices.map { "\"\($0)\"" }
        guard case let .string(value) = node else {
            throw error(place, "expected one of \(Suggestions.list(quoted)), \(node.found)")
        }
        guard choices.contains(value) else {
            let suggestion = Suggestions.parenthesized(value, among: choices)
            throw error(place, "\(node.found)\(suggestion); allowed: \(Suggestions.list(quoted))")
        }
        return value
    }

    /// A duration in whole nanoseconds. The integer 0 is accepted where zero is allowed.
    func duration(_ node: TOMLNode, _ place: Place, allowZero: Bool) throws(ExperimentError) -> Nanoseconds {
        let requirement = allowZero ? "a duration >= 0 such as \"500ns\"" : "a positive duration such as \"5ms\""
        let nanoseconds: Double
        switch node {
        case let .string(text):
            do {
                nanoseconds = try DurationSyntax.parse(text)
            } catch {
                throw self.error(place, "expected \(requirement); \(error.message)")
            }
        case .integer(0) where allowZero:
            nanoseconds = 0
        case .integer, .float:
            throw error(
                place, "expected \(requirement), \(node.found); durations are strings with a unit (\(DurationSyntax.unitList))")
        default:
            throw error(place, "expected \(requirement), \(node.found)")
        }
        let rounded = nanoseconds.rounded()
        if rounded <= 0 && !allowZero {
            throw error(place, "expected \(requirement), \(node.found)")
        }
        return Nanoseconds(rounded)
    }

    func distribution(_ node: TOMLNode, _ place: Place) throws(ExperimentError) -> Distribution {
        // The integer 0, like "0ms": the checks of each key then say whether zero is allowed there.
        if case .integer(0) = node { return .constant(0) }
        guard case let .string(text) = node else {
            throw error(
                place,
                "expected a duration or a distribution such as \"5ms\" or \"exp(2ms)\", \(node.found)"
                    + (node.isNumber ? "; durations are strings with a unit (\(DurationSyntax.unitList))" : ""))
        }
        do {
            return try DurationSyntax.parseDistribution(text)
        } catch {
            throw self.error(place, error.message)
        }
    }

    // MARK: The document

    func header(_ root: [String: TOMLNode], defaultName: String) throws(ExperimentError) -> ExperimentHeader {
        let document = try table(.table(root), .root, allowed: SchemaKeys.topLevel, what: "the file")
        var header = ExperimentHeader(name: defaultName, description: "", seed: 1, replications: 10)
        guard let (node, place) = document["experiment"] else { return header }
        let experiment = try table(node, place, allowed: SchemaKeys.experiment, what: "[experiment]")
        if let (node, place) = experiment["name"] {
            let name = try string(node, place, allowed: "a name made of \(Self.nameRule)")
            guard Self.isValidName(name) else {
                throw error(place, "\(node.found); a name may use \(Self.nameRule) (it names the results folder)")
            }
            guard name.utf8.count <= Self.longestExperimentName else {
                throw error(
                    place,
                    "the name is \(name.utf8.count) characters long; it names the results folder, and with the suffix "
                        + "of its staging folder it must fit the 255 bytes a file system allows, so at most "
                        + "\(Self.longestExperimentName) characters")
            }
            header.name = name
        }
        if let (node, place) = experiment["description"] {
            header.description = try string(node, place, allowed: "a string")
        }
        if let (node, place) = experiment["seed"] {
            header.seed = UInt64(try integer(node, place, in: 0...Int.max, allowed: "an integer >= 0"))
        }
        if let (node, place) = experiment["replications"] {
            header.replications = try integer(
                node, place, in: 2...100_000, allowed: "an integer from 2 to 100000 (2 is the least that gives a confidence interval)")
        }
        if let (node, place) = experiment["max_memory"] {
            let allowed = "a size from \"1MB\" to \"1000TB\" such as \"8GB\" (units B, KB, MB, GB, TB; 1 GB = 10^9 bytes)"
            let text = try string(node, place, allowed: allowed)
            guard let bytes = ByteSize.parse(text), ByteSize.allowed.contains(bytes) else {
                throw error(place, "expected \(allowed), \(node.found)")
            }
            header.maxMemory = bytes
        }
        return header
    }

    /// Resolves everything but the sweep into a scenario.
    func configuration(_ root: [String: TOMLNode]) throws(ExperimentError) -> ResolvedConfiguration {
        let document = try table(.table(root), .root, allowed: SchemaKeys.topLevel, what: "the file")
        var settings: [(String, JSONValue)] = []

        // [experiment]: the window.
        var duration: Nanoseconds = .nanosecondsPerSecond
        var warmup: Nanoseconds?
        var maxLiveTasks = 1_000_000
        if let (node, place) = document["experiment"] {
            let experiment = try table(node, place, allowed: SchemaKeys.experiment, what: "[experiment]")
            if let (node, place) = experiment["duration"] {
                duration = try self.duration(node, place, allowZero: false)
            }
            if let (node, place) = experiment["warmup"] {
                warmup = try self.duration(node, place, allowZero: true)
            }
            if let (node, place) = experiment["max_live_tasks"] {
                maxLiveTasks = try integer(node, place, in: 1...100_000_000, allowed: "an integer from 1 to 100000000")
            }
        }
        let resolvedWarmup = warmup ?? duration / 10
        settings.append((
            "experiment",
            .object([
                ("duration_ns", .integer(duration)), ("warmup_ns", .integer(resolvedWarmup)),
                ("max_live_tasks", .integer(Int64(maxLiveTasks))),
            ])
        ))

        let runtime = try runtimeConfiguration(document["runtime"])
        settings.append(("runtime", runtime.settings))

        let primitives = try self.primitives(document)
        let classes = try taskClasses(document["task"], primitives: primitives)
        let arrivals = try arrivalProcess(document["arrivals"], classNames: classes.map(\.taskClass.name))
        settings.append(("arrivals", arrivals.settings))
        settings += primitives.settings
        settings.append(("task", .array(classes.map(\.settings))))

        let scenario = Scenario(
            runtime: runtime.configuration,
            workload: Workload(
                arrivals: arrivals.process, classes: classes.map(\.taskClass), primitives: primitives.primitives,
                spawnedBy: arrivals.spawnedBy),
            warmup: resolvedWarmup,
            duration: duration,
            maxLiveTasks: maxLiveTasks)
        do {
            try scenario.validate()
        } catch {
            throw modelError(
                error, stepPlaces: Dictionary(uniqueKeysWithValues: classes.map { ($0.taskClass.name, $0.stepPlaces) }),
                primitives: primitives)
        }
        return ResolvedConfiguration(
            scenario: scenario, settings: .object(settings), classNames: classes.map(\.taskClass.name),
            primitiveNames: primitives.names)
    }

    /// Maps the model's own validation errors onto file keys. Program errors (a std guard held across an await,
    /// `block_in_place` on current_thread, ...) are found by the model only; `stepPlaces` maps a class's flattened
    /// step index back to the key it was written at. The rest are a safety net behind the checks above.
    func modelError(
        _ error: ModelError, stepPlaces: [String: [Place]] = [:], primitives: ResolvedPrimitives = ResolvedPrimitives()
    ) -> ExperimentError {
        switch error {
        case let .invalidRuntimeSetting(setting):
            let section = setting.isCost ? Place.root.key("runtime").key("costs") : Place.root.key("runtime")
            return self.error(section.key(setting.rawValue), "must be \(setting.allowed)")
        case let .invalidScenarioSetting(setting):
            return self.error(Place.root.key("experiment").key(setting.rawValue), "must be \(setting.allowed)")
        case let .invalidPermits(name):
            let section = primitives.index(of: name).map { primitives.places[$0] }
            return self.error((section ?? Place.root.key("semaphore")).key("permits"), "must be an integer >= 1")
        case .noTaskClasses:
            return self.error(Place.root.key("task"), "\(error)")
        case let .invalidProgram(taskClass, step, reason):
            let places = stepPlaces[taskClass] ?? []
            let place = places.indices.contains(step)
                ? places[step] : Place.root.key("task").key(taskClass).key("steps").index(step)
            return self.error(place, reason)
        case .overloaded, .invariantViolated:
            return ExperimentError(.run, file: file, message: "\(error)")
        }
    }

    private func runtimeConfiguration(_ entry: (node: TOMLNode, place: Place)?) throws(ExperimentError)
        -> (configuration: RuntimeConfiguration, settings: JSONValue)
    {
        let place = entry?.place ?? Place.root.key("runtime")
        let runtime = try table(entry?.node ?? .table([:]), place, allowed: SchemaKeys.runtime, what: "[runtime]")
        var flavor = RuntimeFlavor.multiThread
        if let (node, place) = runtime["flavor"] {
            flavor = RuntimeFlavor(rawValue: try choice(node, place, among: SchemaKeys.flavors)) ?? .multiThread
        }
        var profile = TokioProfile.default
        if let (node, place) = runtime["profile"] {
            profile = TokioProfile(rawValue: try choice(node, place, among: SchemaKeys.profiles)) ?? .default
        }
        var configuration = RuntimeConfiguration(profile: profile, flavor: flavor)
        func read(_ settings: [RuntimeSetting], from table: Table)
            throws(ExperimentError)
        {
            for setting in settings {
                guard let (node, place) = table[setting.rawValue] else { continue }
                let value: RuntimeSetting.Value
                switch setting.domain {
                case let .integer(range), let .optionalInteger(range):
                    value = .integer(Int64(try integer(node, place, in: range, allowed: setting.allowed)))
                case let .duration(allowsZero):
                    value = .duration(try duration(node, place, allowZero: allowsZero))
                case .optionalDuration:
                    // `false` writes "off" where a sweep needs a value for it.
                    if case .bool(false) = node {
                        value = .unset
                    } else {
                        value = .duration(try duration(node, place, allowZero: false))
                    }
                case .boolean:
                    value = .boolean(try bool(node, place))
                }
                setting.set(value, in: &configuration)
            }
        }
        try read(RuntimeSetting.allCases.filter { !$0.isCost }, from: runtime)
        // The what-if policies change how workers share work; a current_thread runtime has one thread, no LIFO slot
        // and no peer to wake, so a policy switched on there would silently do nothing.
        if flavor == .currentThread {
            let defaults = RuntimeConfiguration(flavor: flavor)
            for setting in [RuntimeSetting.lifoStealable, .eagerDriverHandoff, .blockedWorkerHandoff] {
                guard let (_, place) = runtime[setting.rawValue],
                    setting.value(in: configuration) != setting.value(in: defaults)
                else { continue }
                throw error(
                    place,
                    "a current_thread runtime has one thread, no LIFO slot and no other worker to take over, so this "
                        + "what-if policy cannot act there; it needs flavor = \"multi_thread\"")
            }
        }
        if let (node, place) = runtime["costs"] {
            let costs = try table(node, place, allowed: SchemaKeys.costs, what: "[runtime.costs]")
            try read(RuntimeSetting.allCases.filter(\.isCost), from: costs)
        }
        var runtimeSettings: [(String, JSONValue)] = [
            ("profile", .string(configuration.profile.rawValue)), ("flavor", .string(configuration.flavor.rawValue)),
        ]
        var costSettings: [(String, JSONValue)] = []
        for setting in RuntimeSetting.allCases {
            let entry: (String, JSONValue)
            switch setting.value(in: configuration) {
            case let .integer(number): entry = (setting.rawValue, .integer(number))
            case let .duration(nanoseconds): entry = (setting.rawValue + "_ns", .integer(nanoseconds))
            case let .boolean(on): entry = (setting.rawValue, .bool(on))
            case .unset: entry = (setting.rawValue, .null)
            }
            if setting.isCost { costSettings.append(entry) } else { runtimeSettings.append(entry) }
        }
        let settings = JSONValue.object(runtimeSettings + [("costs", .object(costSettings))])
        return (configuration, settings)
    }

    /// `[arrivals]`: the process, its parameters, and who spawns the requests. Returns the spawner too.
    private func arrivalProcess(_ entry: (node: TOMLNode, place: Place)?, classNames: [String]) throws(ExperimentError)
        -> (process: ArrivalProcess, spawnedBy: ArrivalSpawner, settings: JSONValue)
    {
        let place = entry?.place ?? Place.root.key("arrivals")
        guard let entry else {
            throw error(place, "missing [arrivals] section; add one, e.g. [arrivals] process = \"poisson\", rate = 1000")
        }
        let arrivals = try table(entry.node, place, allowed: SchemaKeys.arrivals, what: "[arrivals]")
        var processName = "poisson"
        if let (node, place) = arrivals["process"] {
            processName = try choice(node, place, among: SchemaKeys.arrivalProcesses)
        }
        var spawnedBy = ArrivalSpawner.outside
        if let (node, place) = arrivals["spawned_by"] {
            spawnedBy = ArrivalSpawner(rawValue: try choice(node, place, among: SchemaKeys.spawners)) ?? .outside
        }
        let used = SchemaKeys.arrivalKeys(of: processName)
        for key in SchemaKeys.arrivals where arrivals[key] != nil && !used.contains(key) && key != "process"
            && key != "spawned_by"
        {
            let users = SchemaKeys.arrivalProcesses.filter { SchemaKeys.arrivalKeys(of: $0).contains(key) }
            throw error(
                place.key(key),
                "\(key) applies to process = \(users.map { "\"\($0)\"" }.joined(separator: " or ")), not to "
                    + "\"\(processName)\"; remove it or change the process")
        }
        func required(_ key: String, _ example: String) throws(ExperimentError) -> (node: TOMLNode, place: Place) {
            guard let found = arrivals[key] else {
                throw error(place.key(key), "missing: process = \"\(processName)\" needs \(key), e.g. \(example)")
            }
            return found
        }
        func rate() throws(ExperimentError) -> Double {
            let (node, ratePlace) = try required("rate", "rate = 1000 (tasks per second)")
            return try number(
                node, ratePlace, allowed: "a positive number of tasks per second, from 0.001 to 100000000",
                accept: { $0 >= 1e-3 && $0 <= 1e8 })
        }
        func period(_ key: String) throws(ExperimentError) -> (Distribution, JSONValue) {
            let (node, periodPlace) = try required(key, "\(key) = \"exp(100ms)\"")
            let distribution = try self.distribution(node, periodPlace)
            guard distribution.mean > 0, distribution.mean.isFinite, distribution.mean <= Self.longestMeanDuration else {
                throw error(periodPlace, "\(key) needs a positive mean duration of at most 1 hour, \(node.found)")
            }
            return (distribution, .string(node.plain))
        }
        var settings: [(String, JSONValue)] = [("process", .string(processName))]
        let process: ArrivalProcess
        switch processName {
        case "closed":
            let (clientsNode, clientsPlace) = try required("clients", "clients = 16")
            let clients = try integer(clientsNode, clientsPlace, in: 1...100_000, allowed: "an integer from 1 to 100000")
            let (think, thinkSetting) = try thinkTime(arrivals)
            process = .closed(clients: clients, think: think)
            settings += [("clients", .integer(Int64(clients))), ("think", thinkSetting)]
        case "onoff":
            let onRate = try rate()
            let (on, onSetting) = try period("on")
            let (off, offSetting) = try period("off")
            process = .onOff(ratePerSecond: onRate, on: on, off: off)
            settings += [("rate_per_s", .double(onRate)), ("on", onSetting), ("off", offSetting)]
        case "trace":
            let (fileNode, filePlace) = try required("file", "file = \"requests.csv\" (next to the experiment file)")
            let path = try string(fileNode, filePlace, allowed: "a CSV file path, relative to the experiment file")
            let requests = try RequestLog.read(path, relativeTo: file, classNames: classNames, place: filePlace, resolver: self)
            process = .replay(requests.requests)
            settings += [
                ("file", .string(path)), ("requests", .integer(Int64(requests.requests.count))),
                ("sha256", .string(requests.sha256)),
                ("note", .string("every replication replays the same arrivals; only step durations differ")),
            ]
        default:
            let openRate = try rate()
            process = processName == "constant" ? .constantRate(ratePerSecond: openRate) : .poisson(ratePerSecond: openRate)
            settings += [("rate_per_s", .double(openRate))]
        }
        settings.append(("spawned_by", .string(spawnedBy.rawValue)))
        return (process, spawnedBy, .object(settings))
    }

    /// A closed loop's `think` time: a distribution with a mean from 0 to 1 hour (0: no think time).
    private func thinkTime(_ arrivals: Table) throws(ExperimentError) -> (Distribution, JSONValue) {
        guard let (node, place) = arrivals["think"] else {
            throw error(
                arrivals.place.key("think"),
                "missing: process = \"closed\" needs think, each client's pause between a response and its next "
                    + "request, e.g. think = \"exp(10ms)\" (\"0ms\" for none)")
        }
        let distribution = try self.distribution(node, place)
        guard distribution.mean >= 0, distribution.mean.isFinite, distribution.mean <= Self.longestMeanDuration else {
            throw error(place, "think needs a mean duration from 0 to 1 hour, \(node.found)")
        }
        return (distribution, .string(node.plain))
    }

    private struct ResolvedClass {
        var taskClass: TaskClass
        var settings: JSONValue
        /// Where each of the class's flattened steps is written.
        var stepPlaces: [Place]
    }

    private func taskClasses(_ entry: (node: TOMLNode, place: Place)?, primitives: ResolvedPrimitives)
        throws(ExperimentError) -> [ResolvedClass]
    {
        let place = entry?.place ?? Place.root.key("task")
        guard let entry else {
            throw error(
                place,
                "missing: describe at least one task class in a [[task]] section with name, weight and steps")
        }
        guard case let .array(items) = entry.node else {
            throw error(place, "task must be written as [[task]] sections (an array of tables), \(entry.node.found)")
        }
        guard !items.isEmpty else {
            throw error(place, "no task classes; add at least one [[task]] section")
        }
        var classes: [ResolvedClass] = []
        var names: [String: Int] = [:]
        var primitives = primitives
        primitives.taskClassNames = items.map { item in
            if case let .table(entries) = item, case let .string(text)? = entries["name"] { return text }
            return ""
        }
        for (index, item) in items.enumerated() {
            var name: String?
            if case let .table(entries) = item, case let .string(text)? = entries["name"] { name = text }
            let taskPlace = place.element(index, named: name)
            let task = try table(item, taskPlace, allowed: SchemaKeys.task, what: "[[task]]")
            guard let (nameNode, namePlace) = task["name"] else {
                throw error(taskPlace, "missing name; every [[task]] needs a name (\(Self.nameRule))")
            }
            let className = try string(nameNode, namePlace, allowed: "a name made of \(Self.nameRule)")
            guard Self.isValidName(className) else {
                throw error(
                    namePlace,
                    "\(nameNode.found); a task name may use \(Self.nameRule) (it appears in column names)")
            }
            if let previous = names[className] {
                throw error(namePlace, "task name \"\(className)\" is already used by task[\(previous)]; names must be unique")
            }
            names[className] = index
            var weight = 1.0
            if let (node, place) = task["weight"] {
                weight = try number(
                    node, place, allowed: "a number >= 0 (a relative share of arrivals; 0 for a class only spawned by "
                        + "other tasks)", accept: { $0 >= 0 })
            }
            guard let (stepsNode, stepsPlace) = task["steps"] else {
                throw error(
                    taskPlace.key("steps"),
                    "missing: give the task's program, e.g. steps = [ { cpu = \"50us\" }, { io = \"2ms\" } ]")
            }
            guard case let .array(stepItems) = stepsNode else {
                throw error(stepsPlace, "expected an array of steps such as [ { cpu = \"50us\" } ], \(stepsNode.found)")
            }
            guard !stepItems.isEmpty else {
                throw error(stepsPlace, "a task needs at least one step")
            }
            var isLocal = false
            if let (node, place) = task["local"] {
                isLocal = try bool(node, place)
            }
            var program = FlattenedProgram()
            let stepSettings = try steps(stepItems, stepsPlace, primitives: primitives, into: &program)
            classes.append(ResolvedClass(
                taskClass: TaskClass(
                    name: className, weight: weight, steps: program.steps, isLocal: isLocal,
                    stepLabels: program.places.map(\.display.rendered)),
                settings: .object([
                    ("name", .string(className)), ("weight", .double(weight)), ("local", .bool(isLocal)),
                    ("steps", .array(stepSettings)),
                ]),
                stepPlaces: program.places))
        }
        let total = classes.reduce(0.0) { $0 + $1.taskClass.weight }
        guard total > 0 else {
            throw error(
                place,
                "the task weights sum to 0 (\(classes.map { "\($0.taskClass.name) = 0" }.joined(separator: ", "))); "
                    + "at least one task class needs a positive weight")
        }
        guard total.isFinite else {
            let weights = classes.map { "\($0.taskClass.name) = \($0.taskClass.weight)" }.joined(separator: ", ")
            throw error(
                place,
                "the task weights sum to more than the largest number (\(weights)); weights are relative shares, so "
                    + "scale them down, e.g. to percentages")
        }
        return classes
    }
}

extension TOMLNode {
    var isNumber: Bool {
        switch self {
        case .integer, .float: return true
        default: return false
        }
    }
}
