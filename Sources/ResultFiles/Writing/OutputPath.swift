#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Checks and prepares a path simexec is to write: the folders it goes into, and whether a file can go there.
public enum OutputPath {
    /// The longest file name a written file may have, in bytes: 255, the most a file system allows, less room for the
    /// suffix of the hidden sibling it is first written to (``DurableFile/replace(_:holding:)``).
    public static let longestFileName = 230

    /// Makes `path` and the folders above it that are missing (`mkdir -p`); nil when it is a folder then, else why
    /// not, in the system's words.
    public static func makeFolders(_ path: String) -> String? {
        var status = stat()
        if stat(path, &status) == 0 {
            return status.st_mode & S_IFMT == S_IFDIR ? nil : "\(path) is not a folder"
        }
        guard errno == ENOENT else { return "\(path): \(String(cString: strerror(errno)))" }
        let parent = self.parent(of: path)
        if !parent.isEmpty, parent != path, let reason = makeFolders(parent) { return reason }
        guard mkdir(path, 0o777) == 0 || errno == EEXIST else { return "\(path): \(String(cString: strerror(errno)))" }
        return nil
    }

    /// Why a file cannot be written at `path`, checked before any work is done: it is a folder, its name is too
    /// long, or a path above it is a file; nil when none of these holds.
    public static func problem(writingFileAt path: String) -> String? {
        if path.isEmpty { return "is empty: no file named" }
        if path.hasSuffix("/") { return "ends in /, which names a folder" }
        var status = stat()
        if stat(path, &status) == 0, status.st_mode & S_IFMT == S_IFDIR { return "is a folder" }
        let name = path.split(separator: "/").last.map(String.init) ?? path
        if name.utf8.count > longestFileName {
            return "the file name is \(name.utf8.count) bytes long; at most \(longestFileName)"
        }
        return problemAbove(path)
    }

    /// Why `path` cannot be a folder to write in, checked before any work is done: it is a file, or a path above it
    /// is; nil when it is a folder or can be made one.
    public static func problem(makingFolderAt path: String) -> String? {
        var status = stat()
        if stat(path, &status) == 0 { return status.st_mode & S_IFMT == S_IFDIR ? nil : "is not a folder" }
        return problemAbove(path)
    }

    /// The first existing path above `path`, when it is not a folder.
    private static func problemAbove(_ path: String) -> String? {
        var status = stat()
        var folder = parent(of: path)
        while !folder.isEmpty {
            if stat(folder, &status) == 0 {
                return status.st_mode & S_IFMT == S_IFDIR ? nil : "\(folder) is not a folder"
            }
            let above = parent(of: folder)
            guard above != folder else { break }
            folder = above
        }
        return nil
    }

    /// Whether `path` is a regular file itself (a symbolic link, even to one, is not).
    public static func isFile(_ path: String) -> Bool {
        var status = stat()
        return lstat(path, &status) == 0 && status.st_mode & S_IFMT == S_IFREG
    }

    /// `path` without its last component ("" for a bare name, "/" kept for a file in the root).
    private static func parent(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "" }
        return slash == path.startIndex ? "/" : String(path[..<slash])
    }
}
