import Plotting
import ResultFiles

/// Why a report could not be made: the results folder is missing, incomplete or damaged, or report.html could not
/// be written.
public struct ReportError: Error, CustomStringConvertible, Sendable, Equatable {
    /// Whether the results folder is at fault (nothing was written) or writing the report failed.
    public enum Kind: Sendable, Equatable {
        /// The folder is missing, incomplete or damaged.
        case input
        /// report.html could not be written.
        case write
    }

    public var kind: Kind
    /// The file or folder the message is about.
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
    init(_ error: ResultFileError) {
        self.init(file: error.file, line: error.line, message: error.message)
    }

    /// A results folder the plots could not read, at the same file, line and message.
    init(_ error: PlotError) {
        self.init(file: error.file, line: error.line, message: error.message)
    }

    public var description: String {
        guard let line else { return "\(file): \(message)" }
        return "\(file):\(line): \(message)"
    }
}
