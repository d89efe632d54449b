import Foundation
import ResultFiles

/// A results folder and its hidden siblings: the lock file a run holds while it owns the folder, and the staging
/// folder in which it builds the new result set before swapping it in (see ``ResultWriter/writeAtomically(_:to:)``).
/// Siblings rather than entries, so a reader of the folder never sees them and a swap moves the folder as a whole.
struct ResultFolderPaths {
    /// The folder as the user named it, for messages.
    let given: String
    /// The folder as an absolute path without `.`, `..` or symbolic links.
    let folder: String
    /// The folder holding ``folder`` and its siblings.
    let parent: String
    /// The folder's own name.
    let name: String

    /// `kind` is what a bad path is: an input error before a run, a run failure when writing.
    init(_ directory: String, kind: ExperimentError.Kind) throws(ExperimentError) {
        guard !directory.isEmpty else {
            throw ExperimentError(
                kind, message: "the results folder (--out) is empty; name a folder, e.g. --out results/x")
        }
        // A symbolic link to a results folder stays one: the folder it points to is the one replaced.
        let url = URL(fileURLWithPath: directory).standardizedFileURL.resolvingSymlinksInPath()
        guard url.path != "/", !url.lastPathComponent.isEmpty else {
            throw ExperimentError(
                kind, file: directory, message: "the root folder cannot be a results folder; name a folder inside it")
        }
        guard url.lastPathComponent.utf8.count <= SchemaResolver.longestExperimentName else {
            throw ExperimentError(
                kind, file: directory,
                message: "the results folder's name is \(url.lastPathComponent.utf8.count) bytes long; with the suffix of "
                    + "its staging folder it must fit the 255 bytes a file system allows, so at most "
                    + "\(SchemaResolver.longestExperimentName) (--out)")
        }
        given = directory
        folder = url.path
        parent = url.deletingLastPathComponent().path
        name = url.lastPathComponent
    }

    /// The lock file a run holds for its whole length: `.NAME.lock` next to the folder.
    var lock: String { sibling(".\(name).lock") }

    /// The folder in which process `pid` stages a new result set: `.NAME.staging-PID`.
    func staging(pid: Int32) -> String { sibling(Self.stagingPrefix(name) + String(pid)) }

    /// Where process `pid` parks the old set while swapping without an atomic exchange: `.NAME.old-PID`.
    func displaced(pid: Int32) -> String { sibling(Self.displacedPrefix(name) + String(pid)) }

    /// Whether `entry` of ``parent`` is a staging folder of this folder, of any process.
    func isStaging(_ entry: String) -> Bool { Self.hasPIDSuffix(entry, after: Self.stagingPrefix(name)) }

    /// Whether `entry` of ``parent`` is an old set parked by a swap without an atomic exchange, of any process.
    func isDisplaced(_ entry: String) -> Bool { Self.hasPIDSuffix(entry, after: Self.displacedPrefix(name)) }

    /// The first of `names` that is a folder inside ``folder``, where a result file of that name is to go.
    func folderInTheWay(of names: [String]) -> String? {
        names.first { name in
            var isDirectory: ObjCBool = false
            let path = (folder as NSString).appendingPathComponent(name)
            return FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) && isDirectory.boolValue
        }
    }

    /// Whether ``folder`` (which exists) can be a results folder: it holds a result set (its run.json or a partial
    /// result file of a shard), or nothing but files simexec writes there (figures, a trace). A folder that cannot
    /// be listed is not; nor is one with anything else, hidden files included (`~` and a fresh repository hold only
    /// those).
    var canHoldResults: Bool {
        guard let entries = try? FileManager.default.contentsOfDirectory(atPath: folder) else { return false }
        return entries.contains { $0 == ResultFileName.runManifest || ResultFileName.isPartial($0) }
            || entries.allSatisfy(ResultFileName.isWrittenBySimexec)
    }

    func sibling(_ entry: String) -> String { (parent as NSString).appendingPathComponent(entry) }

    private static func stagingPrefix(_ name: String) -> String { ".\(name).staging-" }
    private static func displacedPrefix(_ name: String) -> String { ".\(name).old-" }

    private static func hasPIDSuffix(_ entry: String, after prefix: String) -> Bool {
        guard entry.hasPrefix(prefix) else { return false }
        let suffix = entry.dropFirst(prefix.count)
        return !suffix.isEmpty && suffix.allSatisfy(\.isASCII) && suffix.allSatisfy(\.isNumber)
    }
}
