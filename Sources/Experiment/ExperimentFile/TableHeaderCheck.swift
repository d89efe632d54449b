/// Rejects the table headers that toml++ (inside TOMLKit) cannot report but aborts on.
///
/// toml++ 3 asserts, and so aborts the process, when a `[table]` or `[[array]]` header's first key starts with neither
/// a bare-key character nor a quote (`[{`, `[=]`, `[.]`, `[[{x]]`). This scan finds every header (a `[` that begins a
/// line outside strings, comments, arrays and inline tables) and reports such a header as a parse error with its
/// line and column, before the text reaches toml++. Anything else it leaves to toml++.
enum TableHeaderCheck {
    /// The position of the first header whose first key cannot start there, and what was found.
    static func firstBadHeader(in text: String) -> (line: Int, column: Int, found: Character)? {
        var scanner = HeaderScanner(characters: Array(text))
        return scanner.firstBadHeader()
    }

    private struct HeaderScanner {
        let characters: [Character]
        var index = 0
        var line = 1
        var column = 1
        /// Open `[` and `{` of values (not of headers).
        var depth = 0
        var atLineStart = true

        init(characters: [Character]) { self.characters = characters }

        func peek(_ offset: Int = 0) -> Character? {
            index + offset < characters.count ? characters[index + offset] : nil
        }

        mutating func advance(_ count: Int = 1) {
            for _ in 0..<count where index < characters.count {
                if characters[index] == "\n" || characters[index] == "\r\n" {
                    line += 1
                    column = 1
                    atLineStart = true
                } else {
                    column += 1
                    if characters[index] != " " && characters[index] != "\t" { atLineStart = false }
                }
                index += 1
            }
        }

        mutating func firstBadHeader() -> (line: Int, column: Int, found: Character)? {
            while let character = peek() {
                switch character {
                case "#":
                    while let next = peek(), next != "\n", next != "\r\n" { advance() }
                case "\"", "'":
                    skipString(quote: character)
                case "[" where depth == 0 && atLineStart:
                    advance(peek(1) == "[" ? 2 : 1)
                    while peek() == " " || peek() == "\t" { advance() }
                    if let first = peek(), !Self.canStartKey(first) { return (line, column, first) }
                    while let next = peek(), next != "\n", next != "\r\n", next != "#" { advance() }
                case "[", "{":
                    depth += 1
                    advance()
                case "]", "}":
                    depth = max(0, depth - 1)
                    advance()
                default:
                    advance()
                }
            }
            return nil
        }

        /// Skips a basic or literal string, one-line or multi-line, from its opening quote.
        mutating func skipString(quote: Character) {
            let isMultiline = peek(1) == quote && peek(2) == quote
            advance(isMultiline ? 3 : 1)
            while let next = peek() {
                if quote == "\"", next == "\\" {
                    advance(2)
                } else if next == quote, !isMultiline || (peek(1) == quote && peek(2) == quote) {
                    advance(isMultiline ? 3 : 1)
                    // A multi-line string may end with up to two more quotes.
                    while isMultiline, peek() == quote { advance() }
                    return
                } else if !isMultiline, next == "\n" || next == "\r\n" {
                    return
                } else {
                    advance()
                }
            }
        }

        static func canStartKey(_ character: Character) -> Bool {
            character == "\"" || character == "'" || character == "_" || character == "-"
                || (character.isASCII && (character.isLetter || character.isNumber))
        }
    }
}
