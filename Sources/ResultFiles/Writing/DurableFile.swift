#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A file whose contents are on disk before it is used: written, then flushed with `fsync`, so a result set
/// swapped in after a crash of the machine never holds files the disk had not received yet.
public enum DurableFile {
    /// Why a file could not be written.
    public enum Failure: Error, Sendable, Equatable {
        /// The path names a folder, where a file was to be written.
        case isFolder
        /// The system refused, in its words (`strerror`).
        case refused(reason: String)
    }

    /// Whether `name` is a hidden sibling ``replace(_:holding:)`` writes first, left behind by a process killed
    /// before its rename: `.NAME.tmp-PID`.
    public static func isTemporary(_ name: String) -> Bool {
        guard name.hasPrefix("."), let range = name.range(of: temporarySuffix, options: .backwards) else { return false }
        let pid = name[range.upperBound...]
        return !pid.isEmpty && pid.allSatisfy { $0.isASCII && $0.isNumber }
    }

    private static let temporarySuffix = ".tmp-"

    /// Creates the file at `path` (which must not exist) holding `text`; returns why it failed, or nil.
    public static func create(_ path: String, holding text: String) -> String? {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { return String(cString: strerror(errno)) }
        defer { close(descriptor) }
        let bytes = Array(text.utf8)
        var written = 0
        while written < bytes.count {
            let count = bytes[written...].withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
            if count < 0, errno == EINTR { continue }
            guard count > 0 else { return String(cString: strerror(errno)) }
            written += count
        }
        guard fsync(descriptor) == 0 else { return String(cString: strerror(errno)) }
        return nil
    }

    /// Replaces the file at `path` (or creates it) with one holding `text`, in one step: the text goes to the hidden
    /// sibling `.NAME.tmp-PID` on disk, which is then renamed over `path`. A reader sees the old file or the new one;
    /// on failure the old file is left as it was.
    public static func replace(_ path: String, holding text: String) throws(Failure) {
        var status = stat()
        if stat(path, &status) == 0, status.st_mode & S_IFMT == S_IFDIR { throw .isFolder }
        let slash = path.lastIndex(of: "/")
        let folder = slash.map { String(path[...$0]) } ?? ""
        let name = slash.map { String(path[path.index(after: $0)...]) } ?? path
        let temporary = folder + "." + name + temporarySuffix + String(getpid())
        unlink(temporary)
        if let reason = create(temporary, holding: text) {
            unlink(temporary)
            throw .refused(reason: reason)
        }
        guard rename(temporary, path) == 0 else {
            let reason = String(cString: strerror(errno))
            unlink(temporary)
            throw .refused(reason: reason)
        }
    }
}
