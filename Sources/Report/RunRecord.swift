import ResultFiles

/// What the report reads from run.json: how the run was made and, per point, its settings and deadlocks.
///
/// Fields a run.json does not have (an older simexec, a folder written by hand) are nil or empty; the report then
/// leaves them out.
struct RunRecord: Sendable {
    /// One deadlocked replication, as run.json records it.
    struct Deadlock: Sendable, Equatable {
        var replication: Int
        /// Simulated time of the deadlock, in nanoseconds.
        var timeNanoseconds: Int64
        /// The report text simexec printed under the table: the mutex, its holder and the waiters.
        var report: String
    }

    /// One sweep point: its fully resolved settings, flattened, and its deadlocked replications.
    struct Point: Sendable {
        var index: Int
        /// Every setting of the point as (key, value), keys in the sweep key syntax (`task.handler.weight`).
        var settings: [(key: String, value: String)]
        var deadlocks: [Deadlock]
    }

    var simexecVersion: String?
    var experiment: String
    var description: String
    /// The experiment file's path as the run was given it.
    var file: String?
    /// The experiment file's SHA-256, hexadecimal.
    var fileSHA256: String?
    var commandLine: [String]
    /// When the run started, as written (ISO 8601).
    var startedAt: String?
    /// Wall-clock time of the run, in seconds.
    var wallSeconds: Double?
    /// Replications run in parallel.
    var jobs: Int?
    var eventsProcessed: Int64?
    var seed: UInt64?
    /// Replications per point.
    var replications: Int?
    /// Every metric of summary.csv, in column order.
    var metrics: [String]
    var points: [Point]

    /// Reads run.json's text; `file` names it in errors.
    static func parse(_ text: String, file: String) throws(ReportError) -> RunRecord {
        let root: JSONValue
        do throws(ResultFileError) {
            root = try JSONValue.parse(text, file: file)
        } catch {
            throw ReportError(error)
        }
        guard case .object = root, case let .string(experiment)? = root["experiment"] else {
            throw ReportError(
                file: file, message: "has no experiment name; expected the run.json that `simexec run` writes")
        }
        let points = (root["points"]?.elements ?? []).enumerated().map { offset, point in
            Point(
                index: point["point"]?.integer.map(Int.init) ?? offset,
                settings: flatten(point["settings"] ?? .object([]), prefix: ""),
                deadlocks: (point["deadlocks"]?.elements ?? []).map { entry in
                    Deadlock(
                        replication: entry["replication"]?.integer.map(Int.init) ?? 0,
                        timeNanoseconds: entry["time_ns"]?.integer ?? 0,
                        report: entry["report"]?.text ?? "")
                })
        }
        return RunRecord(
            simexecVersion: root["simexec_version"]?.text, experiment: experiment,
            description: root["description"]?.text ?? "", file: root["file"]?.text,
            fileSHA256: root["file_sha256"]?.text,
            commandLine: (root["command_line"]?.elements ?? []).compactMap(\.text),
            startedAt: root["started_at"]?.text, wallSeconds: root["wall_time_s"]?.number,
            jobs: root["jobs"]?.integer.map(Int.init), eventsProcessed: root["events_processed"]?.integer,
            seed: root["seed"]?.unsignedInteger, replications: root["replications"]?.integer.map(Int.init),
            metrics: (root["metrics"]?.elements ?? []).compactMap(\.text), points: points)
    }

    /// The settings whose values differ between points, in the order of their keys, each with its distinct values
    /// in the order the points first take them.
    var varyingSettings: [(key: String, values: [String])] {
        var order: [String] = []
        var values: [String: [String]] = [:]
        var counts: [String: Int] = [:]
        for point in points {
            for (key, value) in point.settings {
                if values[key] == nil { order.append(key) }
                counts[key, default: 0] += 1
                if !(values[key] ?? []).contains(value) { values[key, default: []].append(value) }
            }
        }
        // A key that only some points have (a step that exists at one point only) varies too.
        return order.compactMap { key in
            let distinct = values[key] ?? []
            return distinct.count > 1 || counts[key] != points.count ? (key, distinct) : nil
        }
    }

    /// `value` as (key, text) leaves: objects by key in written order, arrays of named objects (task classes,
    /// mutexes) by name as in sweep keys (`task.handler.weight`), arrays of scalars as one value, other arrays by
    /// index (`steps[1]`).
    private static func flatten(_ value: JSONValue, prefix: String) -> [(key: String, value: String)] {
        func join(_ key: String) -> String { prefix.isEmpty ? key : prefix + "." + key }
        switch value {
        case let .object(entries):
            return entries.flatMap { key, child in flatten(child, prefix: join(key)) }
        case let .array(items):
            let names = items.compactMap { $0["name"]?.text }
            if !items.isEmpty, names.count == items.count, Set(names).count == names.count {
                return zip(names, items).flatMap { name, item in flatten(item, prefix: join(name)) }
            }
            if items.allSatisfy(\.isScalar) {
                return [(prefix, "[" + items.map(\.plainText).joined(separator: ", ") + "]")]
            }
            return items.enumerated().flatMap { index, item in flatten(item, prefix: prefix + "[\(index)]") }
        case .string, .integer, .unsigned, .double, .bool, .null:
            return [(prefix, value.plainText)]
        }
    }
}

extension JSONValue {
    /// The elements of an array; nil for anything else.
    fileprivate var elements: [JSONValue]? {
        guard case let .array(items) = self else { return nil }
        return items
    }

    /// A string's text; nil for anything else.
    fileprivate var text: String? {
        guard case let .string(text) = self else { return nil }
        return text
    }

    /// An integer that fits `Int64`; nil for anything else.
    fileprivate var integer: Int64? {
        switch self {
        case let .integer(value): value
        case let .unsigned(value): Int64(exactly: value)
        case .object, .array, .string, .double, .bool, .null: nil
        }
    }

    /// A non-negative integer; nil for anything else.
    fileprivate var unsignedInteger: UInt64? {
        switch self {
        case let .integer(value): UInt64(exactly: value)
        case let .unsigned(value): value
        case .object, .array, .string, .double, .bool, .null: nil
        }
    }

    /// Any number as a `Double`; nil for anything else.
    fileprivate var number: Double? {
        switch self {
        case let .integer(value): Double(value)
        case let .unsigned(value): Double(value)
        case let .double(value): value
        case .object, .array, .string, .bool, .null: nil
        }
    }

    fileprivate var isScalar: Bool {
        switch self {
        case .object, .array: false
        case .string, .integer, .unsigned, .double, .bool, .null: true
        }
    }

    /// A scalar as a reader wants it: a string without quotes, anything else as JSON.
    fileprivate var plainText: String {
        guard case let .string(text) = self else { return serialized() }
        return text
    }
}
