import TOMLKit

/// A parsed TOML value, copied out of TOMLKit's C++-backed (non-Sendable) classes right after parsing.
indirect enum TOMLNode: Sendable, Hashable {
    case table([String: TOMLNode])
    case array([TOMLNode])
    case string(String)
    case integer(Int)
    case float(Double)
    case bool(Bool)
    /// A date, time or date-time: valid TOML, but never a valid simexec setting.
    case other(String)

    /// Parses a TOML document. Parse errors keep TOMLKit's line and column.
    static func parse(_ text: String, file: String) throws(ExperimentError) -> [String: TOMLNode] {
        if let bad = TableHeaderCheck.firstBadHeader(in: text) {
            throw ExperimentError(
                file: file, line: bad.line, column: bad.column,
                message: "invalid TOML: a table header needs a key, a bare key (letters, digits, _ and -) or a quoted "
                    + "one, e.g. [runtime] or [[task]]; found \"\(bad.found)\"")
        }
        let table: TOMLTable
        do {
            table = try TOMLTable(string: text)
        } catch let error as TOMLParseError {
            throw ExperimentError(
                file: file, line: error.source.begin.line, column: error.source.begin.column,
                message: Self.cleanParseMessage(error.description))
        } catch {
            throw ExperimentError(file: file, message: "not a valid TOML file: \(error)")
        }
        return Self.convert(table)
    }

    /// toml++ messages start with "Error while parsing key-value pair: ..."; keep them, lower-cased for consistency.
    private static func cleanParseMessage(_ message: String) -> String {
        let trimmed = message.trimmingCharacters(in: .whitespacesAndNewlines)
        guard let first = trimmed.first else { return "not a valid TOML file" }
        return "invalid TOML: " + first.lowercased() + trimmed.dropFirst()
    }

    private static func convert(_ table: TOMLTable) -> [String: TOMLNode] {
        var result: [String: TOMLNode] = [:]
        // `keys` + subscript rather than the table's iterator, which force-unwraps its lookups.
        for key in table.keys {
            guard let value = table[key] else { continue }
            result[key] = convert(value)
        }
        return result
    }

    private static func convert(_ value: TOMLValueConvertible) -> TOMLNode {
        switch value.type {
        case .table:
            guard let table = value.table else { return .other("table") }
            return .table(convert(table))
        case .array:
            guard let array = value.array else { return .other("array") }
            var items: [TOMLNode] = []
            for index in 0..<array.count { items.append(convert(array[index])) }
            return .array(items)
        case .string:
            return .string(value.string ?? "")
        case .int:
            return value.int.map(TOMLNode.integer) ?? .other("integer")
        case .double:
            return value.double.map(TOMLNode.float) ?? .other("float")
        case .bool:
            return value.bool.map(TOMLNode.bool) ?? .other("boolean")
        case .date:
            return .other("date")
        case .time:
            return .other("time")
        case .dateTime:
            return .other("date-time")
        }
    }

    /// "an integer", "a string", ... for messages.
    var typeName: String {
        switch self {
        case .table: return "a table"
        case .array: return "an array"
        case .string: return "a string"
        case .integer: return "an integer"
        case .float: return "a float"
        case .bool: return "a boolean"
        case let .other(name): return "a \(name)"
        }
    }

    /// The value as it would be written in TOML, shortened for messages.
    var literal: String {
        switch self {
        case let .table(entries):
            let inner = entries.keys.sorted().map { "\(TOMLNode.keyLiteral($0)) = \(entries[$0]?.literal ?? "")" }
            return "{ " + inner.joined(separator: ", ") + " }"
        case let .array(items):
            return "[" + items.map(\.literal).joined(separator: ", ") + "]"
        case let .string(text):
            return "\"" + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
                + "\""
        case let .integer(value):
            return String(value)
        case let .float(value):
            return TOMLNode.floatLiteral(value)
        case let .bool(value):
            return value ? "true" : "false"
        case let .other(name):
            return "<\(name)>"
        }
    }

    /// "found integer 5" style description used in messages.
    var isArray: Bool {
        if case .array = self { return true }
        return false
    }

    var found: String {
        switch self {
        case .table, .array: return "found \(typeName) \(literal)"
        default: return "found \(typeName.split(separator: " ").dropFirst().joined(separator: " ")) \(literal)"
        }
    }

    /// The value as a plain cell: strings without quotes, numbers as written.
    var plain: String {
        if case let .string(text) = self { return text }
        return literal
    }

    static func floatLiteral(_ value: Double) -> String {
        if value.isNaN { return "nan" }
        if value.isInfinite { return value < 0 ? "-inf" : "inf" }
        if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) + ".0" }
        return String(value)
    }

    static func keyLiteral(_ key: String) -> String {
        let bare = !key.isEmpty && key.unicodeScalars.allSatisfy(\.isBareKeyCharacter)
        return bare ? key : TOMLNode.string(key).literal
    }

    var tableEntries: [String: TOMLNode]? {
        if case let .table(entries) = self { return entries }
        return nil
    }
}

/// One step of a path through a TOML document: a key of a table or an index into an array.
enum PathComponent: Sendable, Hashable, CustomStringConvertible {
    case key(String)
    case index(Int)

    var description: String {
        switch self {
        case let .key(key): return key
        case let .index(index): return "[\(index)]"
        }
    }
}

extension Array where Element == PathComponent {
    /// `task[1].steps[0]`.
    var rendered: String {
        var text = ""
        for component in self {
            switch component {
            case let .key(key):
                if !text.isEmpty { text += "." }
                text += key.contains(".") || key.contains(" ") ? "\"\(key)\"" : key
            case let .index(index):
                text += "[\(index)]"
            }
        }
        return text
    }
}

extension Unicode.Scalar {
    /// A character allowed in a bare TOML key: ASCII letters, digits, `_` and `-`.
    var isBareKeyCharacter: Bool {
        ("a"..."z").contains(self) || ("A"..."Z").contains(self) || ("0"..."9").contains(self) || self == "_"
            || self == "-"
    }
}
