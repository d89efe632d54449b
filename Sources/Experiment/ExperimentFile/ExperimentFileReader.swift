import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads an experiment file's bytes, with messages in simexec's words: only a regular file is read (a FIFO would
/// block for ever, a device never ends), and a failure says what the system said.
enum ExperimentFileReader {
    /// The bytes of the regular file at `path`; `shown` names it in messages.
    static func read(_ path: String, shown: String) throws(ExperimentError) -> Data {
        var info = stat()
        guard stat(path, &info) == 0 else {
            let code = errno
            if code == ENOENT || code == ENOTDIR { throw ExperimentError(file: shown, message: "no such file") }
            throw ExperimentError(file: shown, message: "cannot be read: \(systemMessage(code))")
        }
        switch info.st_mode & S_IFMT {
        case S_IFREG: break
        case S_IFDIR: throw ExperimentError(file: shown, message: "is a directory, not an experiment file")
        case S_IFIFO: throw notRegular(shown, "a named pipe (FIFO)")
        case S_IFCHR, S_IFBLK: throw notRegular(shown, "a device")
        case S_IFSOCK: throw notRegular(shown, "a socket")
        default: throw notRegular(shown, "a special file")
        }
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw ExperimentError(file: shown, message: "cannot be read: \(systemMessage(errno))")
        }
        defer { try? handle.close() }
        do {
            return try handle.readToEnd() ?? Data()
        } catch {
            throw ExperimentError(file: shown, message: "cannot be read: \(systemMessage(EIO))")
        }
    }

    private static func notRegular(_ shown: String, _ what: String) -> ExperimentError {
        ExperimentError(file: shown, message: "is \(what), not a regular file; an experiment file is a TOML text file")
    }

    /// The system's words for `code`, lower-cased to continue a sentence ("permission denied").
    private static func systemMessage(_ code: Int32) -> String {
        let text = String(cString: strerror(code))
        guard let first = text.first else { return "error \(code)" }
        return first.lowercased() + text.dropFirst()
    }

    /// The 0-based byte offset, 1-based line and column (in bytes) of the first byte that is not valid UTF-8.
    static func firstInvalidUTF8(in data: Data) -> (offset: Int, line: Int, column: Int)? {
        var iterator = data.makeIterator()
        var parser = Unicode.UTF8.ForwardParser()
        var offset = 0
        while true {
            switch parser.parseScalar(from: &iterator) {
            case let .valid(encoded): offset += encoded.count
            case .emptyInput: return nil
            case .error:
                let before = data.prefix(offset)
                let line = before.count { $0 == UInt8(ascii: "\n") } + 1
                let lineStart = before.lastIndex(of: UInt8(ascii: "\n")).map { $0 - data.startIndex + 1 } ?? 0
                return (offset, line, offset - lineStart + 1)
            }
        }
    }
}
