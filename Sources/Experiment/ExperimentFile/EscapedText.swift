/// User text made safe to print: control characters (NUL, LF, CR, ESC, ...) and invisible formatting characters
/// (bidirectional overrides such as U+202E, zero-width characters) become `\u{...}` escapes, so an echoed name can
/// neither move the cursor, colour the terminal nor reorder what is shown around it.
extension String {
    /// The text with every control and formatting character written as a Swift escape with its code point in hex
    /// (ESC as `\u{1B}`).
    public var escapingControlCharacters: String {
        escapingControlCharacters(keeping: [])
    }

    /// Like ``escapingControlCharacters``, but `kept` characters (such as `"\n"` between the lines of a report) stay.
    public func escapingControlCharacters(keeping kept: Set<Unicode.Scalar>) -> String {
        guard unicodeScalars.contains(where: { $0.needsEscaping && !kept.contains($0) }) else { return self }
        var result = ""
        for scalar in unicodeScalars {
            if scalar.needsEscaping && !kept.contains(scalar) {
                result += "\\u{" + String(scalar.value, radix: 16, uppercase: true) + "}"
            } else {
                result.unicodeScalars.append(scalar)
            }
        }
        return result
    }
}

extension Unicode.Scalar {
    /// Whether the scalar is a control character or an invisible formatting character.
    var needsEscaping: Bool {
        switch properties.generalCategory {
        case .control, .format, .lineSeparator, .paragraphSeparator: return true
        default: return false
        }
    }
}
