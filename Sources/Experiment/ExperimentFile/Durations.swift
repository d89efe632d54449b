import Foundation
import SimKernel
import SimStats

/// Durations (`"250us"`, `"1.5ms"`, `"2s"`) and duration distributions (`"exp(1ms)"`, `"lognormal(median=1ms, p99=20ms)"`)
/// as written in experiment files. Everything is converted to nanoseconds.
enum DurationSyntax {
    /// Units and their length in ns. `µs` is accepted with both the micro sign (U+00B5) and Greek mu (U+03BC).
    static let units: [(name: String, nanoseconds: Double)] = [
        ("ns", 1), ("us", 1e3), ("\u{00B5}s", 1e3), ("\u{03BC}s", 1e3), ("ms", 1e6), ("s", 1e9),
    ]
    static let unitList = "ns, us (or µs), ms, s"
    /// The largest duration accepted anywhere: a bit over 11 days, far beyond any run, far below Int64 overflow.
    static let maximumNanoseconds = 1e15

    /// Parses `"5ms"` into nanoseconds (not rounded). Throws a message (without key path) explaining the syntax.
    static func parse(_ text: String) throws(SyntaxError) -> Double {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if trimmed.isEmpty { throw SyntaxError("found an empty string; write a duration with a unit, e.g. \"5ms\"") }
        if trimmed.hasPrefix("-") {
            throw SyntaxError("found a negative duration \"\(text)\"; durations must be >= 0")
        }
        // Split into the number and the unit.
        var numberEnd = trimmed.startIndex
        for index in trimmed.indices {
            let c = trimmed[index]
            if c.isNumber && c.isASCII || c == "." || c == "_" || c == "+" {
                numberEnd = trimmed.index(after: index)
                continue
            }
            if c == "e" || c == "E" {
                // An exponent only if digits follow, so "5e3us" works but the "e" of a unit never appears anyway.
                let next = trimmed.index(after: index)
                if next < trimmed.endIndex, trimmed[next].isNumber || trimmed[next] == "-" || trimmed[next] == "+" {
                    numberEnd = trimmed.index(after: index)
                    continue
                }
            }
            break
        }
        let numberText = String(trimmed[..<numberEnd]).replacingOccurrences(of: "_", with: "")
        let unitText = trimmed[numberEnd...].trimmingCharacters(in: .whitespaces)
        guard !numberText.isEmpty, let number = Double(numberText), number.isFinite else {
            throw SyntaxError(
                "found \"\(text)\", which is not a duration; write a number and a unit (\(unitList)), e.g. \"250us\"")
        }
        if unitText.isEmpty {
            // Zero is zero in every unit.
            if number == 0 { return 0 }
            throw SyntaxError(
                "found \"\(text)\" without a unit; add one of \(unitList), e.g. \"\(numberText)ms\"")
        }
        guard let unit = units.first(where: { $0.name == unitText }) else {
            let suggestion = Suggestions.didYouMean(unitText, among: units.map(\.name))
            throw SyntaxError(
                "found \"\(text)\" with unknown unit \"\(unitText)\"; allowed units: \(unitList)\(suggestion)")
        }
        let nanoseconds = number * unit.nanoseconds
        if nanoseconds > maximumNanoseconds {
            throw SyntaxError("found \"\(text)\", which is too long; durations must be at most 1000000s")
        }
        return nanoseconds
    }

    /// Formats nanoseconds the way a user would write them: `"5ms"`, `"250us"`, `"1.5s"`.
    static func format(_ nanoseconds: Double) -> String {
        let magnitude = abs(nanoseconds)
        let (value, unit): (Double, String)
        if magnitude >= 1e9 {
            (value, unit) = (nanoseconds / 1e9, "s")
        } else if magnitude >= 1e6 {
            (value, unit) = (nanoseconds / 1e6, "ms")
        } else if magnitude >= 1e3 {
            (value, unit) = (nanoseconds / 1e3, "us")
        } else {
            (value, unit) = (nanoseconds, "ns")
        }
        return NumberFormatting.significant(value, digits: 6) + unit
    }

    // MARK: Distributions

    /// The distributions a step duration may follow, for messages.
    static let distributionNames = [
        "exp", "uniform", "normal", "lognormal", "gamma", "weibull", "pareto", "empirical", "constant",
    ]
    static let distributionForms = """
        "5ms" (constant), "exp(1ms)", "uniform(1ms, 3ms)", "normal(mean=2ms, sd=500us)", \
        "lognormal(median=1ms, p99=20ms)", "lognormal(mean=1ms, cv=2)", "gamma(shape=2, scale=1ms)", \
        "weibull(shape=1.5, scale=1ms)", "pareto(shape=2.5, min=1ms)", "empirical(1ms, 2ms, 5ms)"
        """

    /// Parses a distribution over durations into a `Distribution` over nanoseconds and validates its parameters.
    static func parseDistribution(_ text: String) throws(SyntaxError) -> Distribution {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard let open = trimmed.firstIndex(of: "(") else {
            // A plain duration is a constant. A bare word is most likely a distribution missing its arguments.
            if let first = trimmed.unicodeScalars.first, ("a"..."z").contains(first) || ("A"..."Z").contains(first) {
                throw unknownDistribution(trimmed, text: text)
            }
            return .constant(try parse(trimmed))
        }
        let name = trimmed[..<open].trimmingCharacters(in: .whitespaces).lowercased()
        guard trimmed.hasSuffix(")") else {
            throw SyntaxError("found \"\(text)\", which is missing its closing parenthesis")
        }
        let inner = trimmed[trimmed.index(after: open)..<trimmed.index(before: trimmed.endIndex)]
        var arguments = try Arguments(String(inner), distribution: name, text: text)

        let distribution: Distribution
        switch name {
        case "exp", "exponential":
            try arguments.expect(positional: ["mean"])
            distribution = .exponential(mean: try arguments.duration("mean"))
        case "const", "constant":
            try arguments.expect(positional: ["value"])
            distribution = .constant(try arguments.duration("value"))
        case "uniform":
            try arguments.expect(positional: ["low", "high"])
            let low = try arguments.duration("low")
            let high = try arguments.duration("high")
            guard low < high else {
                throw SyntaxError("in \"\(text)\": low must be below high")
            }
            distribution = .uniform(low: low, high: high)
        case "normal":
            try arguments.expect(positional: ["mean", "sd"])
            distribution = .normal(mean: try arguments.duration("mean"), standardDeviation: try arguments.duration("sd"))
        case "lognormal":
            if arguments.has("median") || arguments.has("p99") {
                try arguments.expect(named: ["median", "p99"])
                let median = try arguments.duration("median")
                let p99 = try arguments.duration("p99")
                guard p99 > median else { throw SyntaxError("in \"\(text)\": p99 must be above the median") }
                do {
                    distribution = try Distribution.lognormal(median: median, p99: p99)
                } catch {
                    throw SyntaxError("in \"\(text)\": \(error)")
                }
            } else if arguments.has("mean") || arguments.has("cv") {
                try arguments.expect(named: ["mean", "cv"])
                let mean = try arguments.duration("mean")
                let cv = try arguments.number("cv")
                do {
                    distribution = try Distribution.lognormal(mean: mean, coefficientOfVariation: cv)
                } catch {
                    throw SyntaxError("in \"\(text)\": \(error)")
                }
            } else {
                throw SyntaxError(
                    "found \"\(text)\"; lognormal takes either (median=..., p99=...) or (mean=..., cv=...), "
                        + "e.g. \"lognormal(median=1ms, p99=20ms)\"")
            }
        case "gamma":
            try arguments.expect(named: ["shape", "scale"])
            distribution = .gamma(shape: try arguments.number("shape"), scale: try arguments.duration("scale"))
        case "weibull":
            try arguments.expect(named: ["shape", "scale"])
            distribution = .weibull(scale: try arguments.duration("scale"), shape: try arguments.number("shape"))
        case "pareto":
            try arguments.expect(named: ["shape", "min"])
            let shape = try arguments.number("shape")
            guard shape > 1 else {
                throw SyntaxError("in \"\(text)\": shape must be above 1; with shape <= 1 the mean is infinite")
            }
            distribution = .pareto(shape: shape, minimum: try arguments.duration("min"))
        case "empirical":
            guard arguments.named.isEmpty, !arguments.positional.isEmpty else {
                throw SyntaxError(
                    "found \"\(text)\"; empirical takes a list of durations, e.g. \"empirical(1ms, 2ms, 5ms)\"")
            }
            var values: [Double] = []
            for (offset, value) in arguments.positional.enumerated() {
                do {
                    values.append(try parse(value))
                } catch {
                    throw SyntaxError("in \"\(text)\", value \(offset + 1): \(error.message)")
                }
            }
            distribution = .empirical(values)
        default:
            throw unknownDistribution(name, text: text)
        }
        do {
            try distribution.validate()
        } catch {
            throw SyntaxError("in \"\(text)\": \(error)")
        }
        return distribution
    }

    private static func unknownDistribution(_ name: String, text: String) -> SyntaxError {
        let aliases = distributionNames + ["exponential", "const"]
        let suggestion = Suggestions.parenthesized(name, among: aliases)
        return SyntaxError(
            "found \"\(text)\": unknown distribution \"\(name)\"\(suggestion); allowed: \(distributionForms)")
    }

    /// The comma-separated arguments of a distribution, positional or `name=value`.
    private struct Arguments {
        var positional: [String] = []
        var named: [(String, String)] = []
        let distribution: String
        let text: String

        init(_ inner: String, distribution: String, text: String) throws(SyntaxError) {
            self.distribution = distribution
            self.text = text
            let pieces = inner.split(separator: ",", omittingEmptySubsequences: false)
                .map { $0.trimmingCharacters(in: .whitespaces) }
            if pieces.count == 1 && pieces[0].isEmpty {
                throw SyntaxError("found \"\(text)\" with no arguments")
            }
            for piece in pieces {
                if piece.isEmpty { throw SyntaxError("found \"\(text)\" with an empty argument") }
                if let equals = piece.firstIndex(of: "=") {
                    let key = piece[..<equals].trimmingCharacters(in: .whitespaces).lowercased()
                    let value = piece[piece.index(after: equals)...].trimmingCharacters(in: .whitespaces)
                    if named.contains(where: { $0.0 == key }) {
                        throw SyntaxError("found \"\(text)\" with \(key) given twice")
                    }
                    named.append((key, value))
                } else {
                    if !named.isEmpty {
                        throw SyntaxError("found \"\(text)\": positional arguments must come before named ones")
                    }
                    positional.append(piece)
                }
            }
        }

        func has(_ name: String) -> Bool { named.contains { $0.0 == name } }

        /// Maps positional arguments onto `names` (in order) and checks that every name is given exactly once.
        mutating func expect(positional names: [String]) throws(SyntaxError) {
            if positional.count > names.count {
                throw SyntaxError(
                    "found \"\(text)\": \(distribution) takes \(names.count) argument\(names.count == 1 ? "" : "s") "
                        + "(\(names.joined(separator: ", "))), got \(positional.count)")
            }
            var mapped = Array(zip(names, positional)).map { ($0.0, $0.1) }
            for (key, value) in named {
                if mapped.contains(where: { $0.0 == key }) {
                    throw SyntaxError("found \"\(text)\" with \(key) given twice")
                }
                mapped.append((key, value))
            }
            named = mapped
            positional = []
            try expect(named: names)
        }

        /// Checks that exactly `names` are given by name.
        func expect(named names: [String]) throws(SyntaxError) {
            if !positional.isEmpty {
                throw SyntaxError(
                    "found \"\(text)\": name the arguments of \(distribution), e.g. "
                        + "\"\(distribution)(\(names.map { "\($0)=..." }.joined(separator: ", ")))\"")
            }
            for (key, _) in named where !names.contains(key) {
                let suggestion = Suggestions.parenthesized(key, among: names)
                throw SyntaxError(
                    "found \"\(text)\": \(distribution) has no argument \"\(key)\"\(suggestion); "
                        + "it takes \(names.joined(separator: ", "))")
            }
            for name in names where !has(name) {
                throw SyntaxError(
                    "found \"\(text)\": \(distribution) needs \(name) "
                        + "(it takes \(names.joined(separator: ", ")))")
            }
        }

        func value(_ name: String) -> String { named.first { $0.0 == name }?.1 ?? "" }

        func duration(_ name: String) throws(SyntaxError) -> Double {
            do {
                return try DurationSyntax.parse(value(name))
            } catch {
                throw SyntaxError("in \"\(text)\", \(name): \(error.message)")
            }
        }

        func number(_ name: String) throws(SyntaxError) -> Double {
            let raw = value(name)
            guard let number = Double(raw.replacingOccurrences(of: "_", with: "")), number.isFinite else {
                throw SyntaxError("in \"\(text)\", \(name): found \"\(raw)\"; expected a plain number, e.g. 2.5")
            }
            return number
        }
    }
}

/// A syntax problem in a value, without the key path (the caller adds it).
struct SyntaxError: Error {
    let message: String
    init(_ message: String) { self.message = message }
}

extension SyntaxError: CustomStringConvertible {
    var description: String { message }
}
