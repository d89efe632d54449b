import Foundation
import ResultFiles

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Copies a folder's entries into another folder as hard links: the same files under a second name, so nothing is
/// copied and the original stays exactly as it was. Subfolders are recreated and their entries linked in turn;
/// symbolic links are linked themselves, not followed.
enum FolderLinks {
    /// Links every entry of `source` except `skipping` into `destination`, which exists; throws the entry that
    /// could not be linked and the `errno` text.
    static func link(contentsOf source: String, into destination: String, skipping: Set<String> = [])
        throws(LinkFailure)
    {
        let entries: [String]
        do {
            entries = try FileManager.default.contentsOfDirectory(atPath: source)
        } catch {
            throw LinkFailure(path: source, reason: error.localizedDescription)
        }
        // A file half-written by a killed `DurableFile.replace` is left behind with the old set.
        for entry in entries.sorted() where !skipping.contains(entry) && !DurableFile.isTemporary(entry) {
            let from = (source as NSString).appendingPathComponent(entry)
            let to = (destination as NSString).appendingPathComponent(entry)
            var status = stat()
            guard lstat(from, &status) == 0 else { throw LinkFailure(path: from, errno: errno) }
            if status.st_mode & S_IFMT == S_IFDIR {
                guard mkdir(to, status.st_mode & 0o7777) == 0 else { throw LinkFailure(path: from, errno: errno) }
                try link(contentsOf: from, into: to)
            } else if linkat(AT_FDCWD, from, AT_FDCWD, to, 0) != 0 {
                throw LinkFailure(path: from, errno: errno)
            }
        }
    }

    /// An entry that could not be linked, and why.
    struct LinkFailure: Error {
        let path: String
        let reason: String

        init(path: String, reason: String) {
            self.path = path
            self.reason = reason
        }

        init(path: String, errno code: Int32) {
            self.init(path: path, reason: String(cString: strerror(code)))
        }
    }
}
