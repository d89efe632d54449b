import ResultFiles

extension ExperimentError {
    /// An input error about a result file, at the same file, line and message.
    init(_ error: ResultFileError) {
        self.init(.input, file: error.file, line: error.line, message: error.message)
    }
}
