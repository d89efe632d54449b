/// Argument checks shared by the public entry points. Each throws ``StatsError/invalidArgument(_:)`` with a message
/// naming the parameter, the allowed range and the value given.
enum ArgumentCheck {
    /// Requires a finite `value` (not NaN or ±infinity).
    static func finite(_ value: Double, _ name: String) throws {
        guard value.isFinite else {
            throw StatsError.invalidArgument("\(name) must be finite, got \(value)")
        }
    }

    /// Requires a finite `value` > 0.
    static func positive(_ value: Double, _ name: String) throws {
        guard value.isFinite, value > 0 else {
            throw StatsError.invalidArgument("\(name) must be finite and > 0, got \(value)")
        }
    }

    /// Requires a finite `value` >= 0.
    static func nonNegative(_ value: Double, _ name: String) throws {
        guard value.isFinite, value >= 0 else {
            throw StatsError.invalidArgument("\(name) must be finite and >= 0, got \(value)")
        }
    }

    /// Requires a confidence level strictly between 0 and 1.
    static func level(_ level: Double) throws {
        guard level > 0, level < 1 else {
            throw StatsError.invalidArgument("level must be in the open interval (0, 1), got \(level)")
        }
    }

    /// Requires every element of `values` to be finite, and at least `minimumCount` of them.
    static func finiteSamples(_ values: [Double], _ name: String, minimumCount: Int) throws {
        guard values.count >= minimumCount else {
            throw StatsError.invalidArgument(
                "\(name) needs at least \(minimumCount) value\(minimumCount == 1 ? "" : "s"), got \(values.count)")
        }
        if let index = values.firstIndex(where: { !$0.isFinite }) {
            throw StatsError.invalidArgument("\(name)[\(index)] must be finite, got \(values[index])")
        }
    }
}
