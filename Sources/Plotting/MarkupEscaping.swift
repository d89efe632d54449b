/// Escaping for text put into SVG or HTML (the report inlines the SVG figures into its HTML page, so one rule serves
/// both): every piece of user text (a description, a swept value, a class name, a deadlock report) goes through it,
/// so none of it can open a tag, close an attribute or start a script.
public enum MarkupEscaping {
    /// `text` as element content or a quoted attribute value: `&`, `<`, `>`, `"` and `'` as character references,
    /// control characters other than tab, line feed and carriage return dropped (neither XML nor HTML allows them).
    public static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            case "\t", "\n", "\r": out.unicodeScalars.append(scalar)
            default:
                if scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value) { continue }
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}
