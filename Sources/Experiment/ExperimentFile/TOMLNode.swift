import Foundation
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
        if let line = escapedNULLine(in: text) {
            throw ExperimentError(
                file: file, line: line,
                message: "a string holds the escape \\u0000 (NUL), which simexec cannot keep (it would cut the string "
                    + "short); remove it")
        }
        let table: TOMLTable
        do {
            table = try TOMLTable(string: text)
        } catch let error as TOMLParseError {
            let line = error.source.begin.line
            throw ExperimentError(
                file: file, line: line, column: error.source.begin.column,
                message: Self.redefinitionMessage(error.description, line: line, in: text)
                    ?? Self.cleanParseMessage(error.description))
        } catch {
            throw ExperimentError(file: file, message: "not a valid TOML file: \(error)")
        }
        return Self.convert(table)
    }

    /// The line of the first `\u0000` or `\U00000000` escape (after an even number of backslashes): toml++ decodes
    /// it, but TOMLKit hands strings over as C strings, which end at the NUL.
    private static func escapedNULLine(in text: String) -> Int? {
        let pattern = #"(?<!\\)(?:\\\\)*\\(?:u0000|U00000000)"#
        guard text.contains("0000"), let range = text.range(of: pattern, options: .regularExpression) else { return nil }
        return text[..<range.lowerBound].count { $0 == "\n" || $0 == "\r\n" } + 1
    }

    /// toml++ garbles a quoted key in "cannot redefine existing integer '"a a b" '"; this message takes the key as it
    /// is written on the line instead.
    private static func redefinitionMessage(_ message: String, line: Int, in text: String) -> String? {
        guard let range = message.range(of: #"cannot redefine existing [a-z-]+"#, options: .regularExpression),
            line >= 1
        else { return nil }
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        guard line <= lines.count else { return nil }
        let written = lines[line - 1].trimmingCharacters(in: .whitespacesAndNewlines)
        let key = written.hasPrefix("[")
            ? written : written.split(separator: "=", maxSplits: 1).first.map { $0.trimmingCharacters(in: .whitespaces) } ?? written
        let what = message[range].replacingOccurrences(of: "cannot redefine existing ", with: "")
        return "invalid TOML: \(key) is defined twice (first as \(what == "integer" ? "an" : "a") \(what)); a key may "
            + "appear once in a table"
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

    /// Whether the value is a float (`2.0`, `1e3`).
    var isFloat: Bool {
        if case .float = self { return true }
        return false
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
        case let .other(name): return Article.indefinite(name)
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
