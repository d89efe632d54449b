/// A result file that cannot be read: what is wrong, and where.
///
/// Rendered like a compiler diagnostic, `FILE:LINE: message`, or `FILE: message` when no line applies, so callers
/// can show it as is or copy its parts into their own error type.
public struct ResultFileError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The file as the caller named it.
    public var file: String
    /// The 1-based line the message is about, when there is one.
    public var line: Int?
    /// What is wrong, worded for the user.
    public var message: String

    public init(file: String, line: Int? = nil, message: String) {
        self.file = file
        self.line = line
        self.message = message
    }

    public var description: String {
        guard let line else { return "\(file): \(message)" }
        return "\(file):\(line): \(message)"
    }
}
