/// One record (row) of a CSV file as read, with the line it starts on for error messages.
struct CSVRecord: Sendable, Equatable {
    /// The 1-based line on which the record starts; a quoted field with line breaks makes it span several.
    var line: Int
    /// The fields, unquoted.
    var fields: [String]
}
