import ResultFiles

/// Why plots could not be drawn: a results file is missing or malformed, or a file could not be written.
public struct PlotError: Error, CustomStringConvertible, Sendable, Equatable {
    /// Whose fault it is.
    public enum Kind: Sendable, Equatable {
        /// The folder or a file in it is missing, malformed or in the way (exit 2).
        case input
        /// A figure could not be written or removed (exit 1).
        case write
    }

    /// Whether it is the input's fault or a write that failed.
    public var kind: Kind
    /// The file the message is about.
    public var file: String
    /// The 1-based line of `file` the message is about, when there is one.
    public var line: Int?
    /// One sentence saying what is wrong.
    public var message: String

    public init(_ kind: Kind = .input, file: String, line: Int? = nil, message: String) {
        self.kind = kind
        self.file = file
        self.line = line
        self.message = message
    }

    /// A malformed result file, at the same file, line and message.
    public init(_ error: ResultFileError) {
        self.init(file: error.file, line: error.line, message: error.message)
    }

    public var description: String {
        guard let line else { return "\(file): \(message)" }
        return "\(file):\(line): \(message)"
    }
}
