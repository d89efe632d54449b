/// Reads CSV text as RFC 4180 defines it, leniently where simexec's own files cannot be affected.
///
/// - Fields are separated by commas. A field that starts with `"` is quoted: it ends at the next lone `"`, and may
///   hold commas, line breaks and quotes written as `""`. Text between a closing quote and the next comma or line
///   break is an error. A `"` inside an unquoted field is kept as it is.
/// - Records end with LF, CRLF or a lone CR, each counting as one line; the last record needs no line break.
/// - Empty lines are not records (a record of one empty field is written `""`).
enum CSVReader {
    /// The records of `text`, in order. `file` names the file in errors, which give the line of the problem.
    static func records(_ text: String, file: String) throws(ResultFileError) -> [CSVRecord] {
        var records: [CSVRecord] = []
        var fields: [String] = []
        var field = ""
        var line = 1
        var recordLine = 1
        /// Whether the current record has any text yet (an empty line has none).
        var recordStarted = false
        var inQuotes = false
        var quoteLine = 1
        var afterClosingQuote = false
        var scalars = text.unicodeScalars.makeIterator()
        var pending: Unicode.Scalar? = nil

        /// The next scalar, with a line break (LF, CRLF or CR) returned as one "\n".
        func next() -> (scalar: Unicode.Scalar, text: String)? {
            guard let scalar = pending ?? scalars.next() else { return nil }
            pending = nil
            guard scalar == "\r" else { return (scalar, String(scalar)) }
            let following = scalars.next()
            if following == "\n" { return ("\n", "\r\n") }
            pending = following
            return ("\n", "\r")
        }

        while let token = next() {
            let scalar = token.scalar
            if inQuotes {
                switch scalar {
                case "\"":
                    // `""` is a quote; a lone `"` closes the field.
                    let following = pending ?? scalars.next()
                    pending = nil
                    if following == "\"" {
                        field.unicodeScalars.append("\"")
                    } else {
                        inQuotes = false
                        afterClosingQuote = true
                        pending = following
                    }
                case "\n":
                    line += 1
                    field += token.text
                default:
                    field.unicodeScalars.append(scalar)
                }
                continue
            }
            switch scalar {
            case ",":
                fields.append(field)
                field = ""
                recordStarted = true
                afterClosingQuote = false
            case "\n":
                if recordStarted {
                    fields.append(field)
                    records.append(CSVRecord(line: recordLine, fields: fields))
                }
                fields = []
                field = ""
                recordStarted = false
                afterClosingQuote = false
                line += 1
                recordLine = line
            case "\"" where field.isEmpty && !afterClosingQuote:
                inQuotes = true
                quoteLine = line
                recordStarted = true
            default:
                if afterClosingQuote {
                    throw ResultFileError(
                        file: file, line: line,
                        message: "unexpected text after a closing quote; quote a whole cell, and write a quote inside "
                            + "it as \"\"")
                }
                field.unicodeScalars.append(scalar)
                recordStarted = true
            }
        }
        if inQuotes {
            throw ResultFileError(file: file, line: quoteLine, message: "a quoted cell is never closed")
        }
        if recordStarted {
            fields.append(field)
            records.append(CSVRecord(line: recordLine, fields: fields))
        }
        return records
    }
}
