import Foundation

/// Finds an experiment file when its path's case is off: the README says `experiments/blocking.toml` while the folder
/// is `Experiments/`, and Linux file systems are case-sensitive.
public enum PathResolver {
    /// The resolved path and, when it differs from `path`, a one-line note saying which file is used.
    public struct Resolution: Sendable, Hashable {
        public var path: String
        public var note: String?
    }

    /// Returns `path` if it exists; otherwise resolves each missing component case-insensitively.
    /// No match, or several, is an error naming the candidates.
    public static func resolve(_ path: String, fileManager: FileManager = .default) throws(ExperimentError) -> Resolution {
        if path.isEmpty { throw ExperimentError(message: "no file given") }
        if fileManager.fileExists(atPath: path) { return Resolution(path: path, note: nil) }

        let isAbsolute = path.hasPrefix("/")
        let components = path.split(separator: "/", omittingEmptySubsequences: true).map(String.init)
        var resolved = isAbsolute ? "/" : ""
        func join(_ base: String, _ name: String) -> String {
            if base.isEmpty { return name }
            return base.hasSuffix("/") ? base + name : base + "/" + name
        }
        for component in components {
            let candidate = join(resolved, component)
            if component == "." || component == ".." || fileManager.fileExists(atPath: candidate) {
                resolved = candidate
                continue
            }
            let directory = resolved.isEmpty ? "." : resolved
            let entries = (try? fileManager.contentsOfDirectory(atPath: directory)) ?? []
            let matches = entries.filter { $0.lowercased() == component.lowercased() }.sorted()
            if matches.count == 1 {
                resolved = join(resolved, matches[0])
                continue
            }
            if matches.isEmpty {
                let close = entries.filter { Suggestions.editDistance($0, component) <= 2 }.sorted()
                var message = "no such file (nothing named \"\(component)\" in \(directory == "." ? "the current folder" : directory)"
                if !close.isEmpty { message += "; did you mean \(close.map { join(resolved, $0) }.joined(separator: " or "))?" }
                throw ExperimentError(file: path, message: message + ")")
            }
            throw ExperimentError(
                file: path,
                message: "no such file, and \"\(component)\" matches several names when case is ignored: "
                    + matches.map { join(resolved, $0) }.joined(separator: ", ") + "; give the exact path")
        }
        guard fileManager.fileExists(atPath: resolved) else {
            throw ExperimentError(file: path, message: "no such file")
        }
        return Resolution(path: resolved, note: "note: \(path) not found; using \(resolved)")
    }
}
