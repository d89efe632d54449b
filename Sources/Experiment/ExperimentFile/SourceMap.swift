/// Where each key and array element of a TOML document starts in its text.
///
/// TOMLKit gives positions only for parse errors, so semantic errors ("weight must be >= 0") would have no line. This
/// scanner walks a document that TOMLKit already accepted and records the position of every key, table header and
/// array element, by path (`[[task]]` headers become `task[0]`, `task[1]`, ...). It never throws: on text it does not
/// understand it records less, and errors simply go without a line.
struct SourceMap: Sendable {
    private(set) var positions: [[PathComponent]: SourcePosition] = [:]

    init(text: String) {
        var scanner = Scanner(scalars: Array(text.unicodeScalars))
        scanner.scanDocument()
        positions = scanner.positions
    }

    /// The position of `path`, or of its longest prefix that has one.
    func position(of path: [PathComponent]) -> SourcePosition? {
        var prefix = path
        while !prefix.isEmpty {
            if let position = positions[prefix] { return position }
            prefix.removeLast()
        }
        return nil
    }

    /// The position of exactly `path`.
    func exactPosition(of path: [PathComponent]) -> SourcePosition? { positions[path] }

    private struct Scanner {
        let scalars: [Unicode.Scalar]
        var index = 0
        var line = 1
        var column = 1
        var positions: [[PathComponent]: SourcePosition] = [:]
        var arrayTableCounts: [[PathComponent]: Int] = [:]

        init(scalars: [Unicode.Scalar]) { self.scalars = scalars }

        var current: Unicode.Scalar? { index < scalars.count ? scalars[index] : nil }
        func peek(_ offset: Int) -> Unicode.Scalar? {
            index + offset < scalars.count ? scalars[index + offset] : nil
        }
        var here: SourcePosition { SourcePosition(line: line, column: column) }

        mutating func advance() {
            guard index < scalars.count else { return }
            if scalars[index] == "\n" {
                line += 1
                column = 1
            } else {
                column += 1
            }
            index += 1
        }

        mutating func record(_ path: [PathComponent], _ position: SourcePosition) {
            if positions[path] == nil { positions[path] = position }
        }

        mutating func skipSpaces() {
            while let c = current, c == " " || c == "\t" || c == "\r" { advance() }
        }

        mutating func skipComment() {
            if current == "#" { while let c = current, c != "\n" { advance() } }
        }

        /// Skips spaces, newlines and comments.
        mutating func skipBlank() {
            while let c = current {
                if c == " " || c == "\t" || c == "\r" || c == "\n" {
                    advance()
                } else if c == "#" {
                    skipComment()
                } else {
                    return
                }
            }
        }

        mutating func scanDocument() {
            var table: [PathComponent] = []
            while current != nil {
                skipBlank()
                guard let c = current else { return }
                let start = here
                let before = index
                if c == "[" {
                    let isArray = peek(1) == "["
                    advance()
                    if isArray { advance() }
                    skipSpaces()
                    let keys = scanKeyPath()
                    var path: [PathComponent] = []
                    for (offset, key) in keys.enumerated() {
                        path.append(.key(key))
                        let isLast = offset == keys.count - 1
                        if isArray && isLast {
                            let count = arrayTableCounts[path] ?? 0
                            arrayTableCounts[path] = count + 1
                            record(path, start)
                            path.append(.index(count))
                        } else if let count = arrayTableCounts[path], count > 0 {
                            path.append(.index(count - 1))
                        }
                    }
                    record(path, start)
                    table = path
                    while let c = current, c != "\n" { advance() }
                } else {
                    scanKeyValue(in: table)
                }
                if index == before { advance() }
            }
        }

        /// `a.b."c d"` → ["a", "b", "c d"].
        mutating func scanKeyPath() -> [String] {
            var keys: [String] = []
            while true {
                skipSpaces()
                guard let c = current else { return keys }
                if c == "\"" || c == "'" {
                    keys.append(scanQuotedKey(quote: c))
                } else if c.isBareKeyCharacter {
                    var key = ""
                    while let c = current, c.isBareKeyCharacter {
                        key.unicodeScalars.append(c)
                        advance()
                    }
                    keys.append(key)
                } else {
                    return keys
                }
                skipSpaces()
                if current == "." { advance() } else { return keys }
            }
        }

        mutating func scanQuotedKey(quote: Unicode.Scalar) -> String {
            advance()
            var key = ""
            while let c = current, c != quote, c != "\n" {
                if quote == "\"" && c == "\\" {
                    advance()
                    if let escaped = current {
                        switch escaped {
                        case "n": key += "\n"
                        case "t": key += "\t"
                        default: key.unicodeScalars.append(escaped)
                        }
                        advance()
                    }
                    continue
                }
                key.unicodeScalars.append(c)
                advance()
            }
            if current == quote { advance() }
            return key
        }

        mutating func scanKeyValue(in table: [PathComponent]) {
            let start = here
            let keys = scanKeyPath()
            guard !keys.isEmpty else {
                while let c = current, c != "\n" { advance() }
                return
            }
            var path = table
            for key in keys {
                path.append(.key(key))
                record(path, start)
            }
            skipSpaces()
            guard current == "=" else { return }
            advance()
            skipSpaces()
            scanValue(at: path)
        }

        mutating func scanValue(at path: [PathComponent]) {
            guard let c = current else { return }
            switch c {
            case "[":
                advance()
                var element = 0
                while true {
                    skipBlank()
                    guard let c = current else { return }
                    if c == "]" {
                        advance()
                        return
                    }
                    if c == "," {
                        advance()
                        continue
                    }
                    let before = index
                    let elementPath = path + [.index(element)]
                    record(elementPath, here)
                    scanValue(at: elementPath)
                    element += 1
                    if index == before { advance() }
                }
            case "{":
                advance()
                while true {
                    skipSpaces()
                    guard let c = current else { return }
                    if c == "}" {
                        advance()
                        return
                    }
                    if c == "," || c == "\n" {
                        advance()
                        continue
                    }
                    let before = index
                    scanKeyValue(in: path)
                    if index == before { advance() }
                }
            case "\"", "'":
                scanString(quote: c)
            default:
                while let c = current, c != ",", c != "]", c != "}", c != "\n", c != "#" { advance() }
            }
        }

        mutating func scanString(quote: Unicode.Scalar) {
            let triple = peek(1) == quote && peek(2) == quote
            if triple {
                advance()
                advance()
                advance()
                while let c = current {
                    if c == "\\" && quote == "\"" {
                        advance()
                        advance()
                        continue
                    }
                    if c == quote && peek(1) == quote && peek(2) == quote {
                        advance()
                        advance()
                        advance()
                        // Up to two more quotes may belong to the string.
                        while current == quote { advance() }
                        return
                    }
                    advance()
                }
                return
            }
            advance()
            while let c = current, c != "\n" {
                if c == "\\" && quote == "\"" {
                    advance()
                    advance()
                    continue
                }
                advance()
                if c == quote { return }
            }
        }
    }
}
