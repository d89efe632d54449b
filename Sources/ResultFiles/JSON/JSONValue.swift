/// A JSON value whose objects keep their keys in insertion order, so run.json and the partial result files read top
/// to bottom in the order they were written.
public enum JSONValue: Sendable, Hashable {
    /// Keys and values, written in this order.
    case object([(String, JSONValue)])
    /// Written on one line when every element is a scalar, else one element per line.
    case array([JSONValue])
    case string(String)
    case integer(Int64)
    case unsigned(UInt64)
    /// Written as an integer when it is one (below 10^15), `null` when not finite.
    case double(Double)
    case bool(Bool)
    case null

    /// Whether the two values serialize to the same text.
    public static func == (a: JSONValue, b: JSONValue) -> Bool { a.serialized() == b.serialized() }
    /// Hashes the serialized text, consistently with ``==(_:_:)``.
    public func hash(into hasher: inout Hasher) { hasher.combine(serialized()) }

    /// Pretty-printed JSON with two-space indentation, `indent` levels deep; no final line break.
    public func serialized(indent: Int = 0) -> String {
        let pad = String(repeating: "  ", count: indent)
        let innerPad = String(repeating: "  ", count: indent + 1)
        switch self {
        case let .object(entries):
            if entries.isEmpty { return "{}" }
            let body = entries.map { innerPad + JSONValue.quote($0.0) + ": " + $0.1.serialized(indent: indent + 1) }
            return "{\n" + body.joined(separator: ",\n") + "\n" + pad + "}"
        case let .array(items):
            if items.isEmpty { return "[]" }
            if items.allSatisfy(\.isScalar) {
                return "[" + items.map { $0.serialized(indent: indent + 1) }.joined(separator: ", ") + "]"
            }
            let body = items.map { innerPad + $0.serialized(indent: indent + 1) }
            return "[\n" + body.joined(separator: ",\n") + "\n" + pad + "]"
        case let .string(text):
            return JSONValue.quote(text)
        case let .integer(value):
            return String(value)
        case let .unsigned(value):
            return String(value)
        case let .double(value):
            guard value.isFinite else { return "null" }
            if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
            return String(value)
        case let .bool(value):
            return value ? "true" : "false"
        case .null:
            return "null"
        }
    }

    private var isScalar: Bool {
        switch self {
        case .object, .array: return false
        case .string, .integer, .unsigned, .double, .bool, .null: return true
        }
    }

    /// `text` as a JSON string literal, quotes included.
    public static func quote(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if scalar.value < 0x20 {
                    let hex = String(scalar.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }
}
