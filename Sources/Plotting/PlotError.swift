/// Why plots could not be drawn: a results file is missing or malformed, or a file could not be written.
public struct PlotError: Error, CustomStringConvertible, Sendable, Equatable {
    /// The file the message is about.
    public var file: String
    /// One sentence saying what is wrong.
    public var message: String

    public init(file: String, message: String) {
        self.file = file
        self.message = message
    }

    public var description: String { "\(file): \(message)" }
}
