/// Writes CSV records as RFC 4180 defines them, with LF line ends; ``CSVTable/parse(_:file:)`` reads them back
/// exactly.
public enum CSVWriter {
    /// One record and its line break: the fields joined by commas, each quoted only if it must be (it holds a comma,
    /// a quote, CR or LF; quotes are doubled). A record of one empty field is written `""`, since an empty line is no
    /// record.
    public static func line(_ fields: [String]) -> String {
        if fields == [""] { return "\"\"\n" }
        return fields.map(field).joined(separator: ",") + "\n"
    }

    /// One field, quoted if it must be.
    static func field(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else {
            return text
        }
        var quoted = "\""
        for scalar in text.unicodeScalars {
            if scalar == "\"" { quoted.unicodeScalars.append("\"") }
            quoted.unicodeScalars.append(scalar)
        }
        return quoted + "\""
    }
}
