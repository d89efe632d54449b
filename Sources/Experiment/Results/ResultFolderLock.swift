import Foundation
import ResultFiles

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One run's exclusive claim on its results folder, taken before simulating and held until the result set is
/// committed: an exclusive `flock` on `.NAME.lock` next to the folder. A second run on the same folder stops at once
/// (an input error, exit 2: the two command lines conflict) instead of interleaving its files with the first's.
///
/// Taking the lock also checks that the folder can be written (so a bad `--out` is found before the simulation, not
/// after it) and removes what runs killed mid-write left behind (see ``ResultWriter/writeAtomically(_:to:)``).
enum ResultFolderLock {
    /// Runs `body` holding the lock on `directory`, in which the files `names` are to be written.
    static func holding<T>(_ directory: String, writing names: [String], _ body: () throws(ExperimentError) -> T)
        throws(ExperimentError) -> T
    {
        let paths = try ResultFolderPaths(directory, kind: .input)
        try check(paths, writing: names)
        let descriptor = try lock(paths)
        defer {
            unlink(paths.lock)
            close(descriptor)
        }
        removeLeftovers(paths)
        return try body()
    }

    /// The folder's parent exists or can be made, and the folder is a folder on the same file system with no folder
    /// where a result file goes, and either empty or a results folder: a run never rebuilds a folder it did not write
    /// (`--out .` or `--out ~` would otherwise have every entry of the tree relinked into the new set).
    private static func check(_ paths: ResultFolderPaths, writing names: [String]) throws(ExperimentError) {
        func fail(_ message: String) -> ExperimentError { ExperimentError(.input, file: paths.given, message: message) }
        if let reason = OutputPath.makeFolders(paths.parent) {
            throw fail("cannot create the folder \(paths.parent) to hold the results (\(reason)); --out must "
                + "name a folder that exists or can be created")
        }
        var folderStatus = stat()
        guard lstat(paths.folder, &folderStatus) == 0 else { return }
        guard folderStatus.st_mode & S_IFMT == S_IFDIR else {
            throw fail("is not a folder; --out must name a folder (an existing one or a new one)")
        }
        var parentStatus = stat()
        guard stat(paths.parent, &parentStatus) == 0, parentStatus.st_dev == folderStatus.st_dev else {
            throw fail("is a mount point; simexec replaces a results folder as a whole by renaming a sibling folder "
                + "over it, which cannot cross file systems; use a folder inside it, e.g. --out \(paths.given)/results")
        }
        if let name = paths.folderInTheWay(of: names) {
            throw fail("\(name) in it is a folder, where simexec writes the file \(name); move it away or choose "
                + "another --out")
        }
        if !paths.canHoldResults {
            throw fail("is a folder that holds other things and no simexec results (no \(ResultFileName.runManifest) "
                + "or partial result file), or cannot be listed; simexec replaces a results folder as a whole, so --out "
                + "must name a new folder, an empty one or one with earlier results, e.g. --out \(paths.given)/results")
        }
    }

    /// An open descriptor of the lock file, locked; retried when another run removed the file while this one opened
    /// it (the lock would then be on a file nobody else can find).
    private static func lock(_ paths: ResultFolderPaths) throws(ExperimentError) -> Int32 {
        while true {
            let descriptor = open(paths.lock, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
            guard descriptor >= 0 else {
                throw ExperimentError(
                    .input, file: paths.given,
                    message: "cannot write the lock file \(paths.lock) (\(String(cString: strerror(errno)))); the "
                        + "folder holding the results folder must be writable")
            }
            guard flock(descriptor, LOCK_EX | LOCK_NB) == 0 else {
                let code = errno
                close(descriptor)
                guard code == EWOULDBLOCK else {
                    throw ExperimentError(
                        .input, file: paths.given,
                        message: "cannot lock \(paths.lock) (\(String(cString: strerror(code))))")
                }
                throw ExperimentError(
                    .input, file: paths.given,
                    message: "another simexec run is writing to this results folder (it holds \(paths.lock)); wait "
                        + "for it to finish or choose another --out")
            }
            var opened = stat()
            var named = stat()
            if fstat(descriptor, &opened) == 0, stat(paths.lock, &named) == 0, opened.st_dev == named.st_dev,
                opened.st_ino == named.st_ino
            {
                return descriptor
            }
            close(descriptor)
        }
    }

    /// Removes the staging folders of killed runs, and puts back an old set that a swap without an atomic exchange
    /// parked and did not restore (or removes it when the folder is there). Safe under the lock: no other run on
    /// this folder is writing.
    private static func removeLeftovers(_ paths: ResultFolderPaths) {
        let fileManager = FileManager.default
        let entries = (try? fileManager.contentsOfDirectory(atPath: paths.parent)) ?? []
        for entry in entries where paths.isStaging(entry) {
            try? fileManager.removeItem(atPath: paths.sibling(entry))
        }
        for entry in entries where paths.isDisplaced(entry) {
            if !fileManager.fileExists(atPath: paths.folder), rename(paths.sibling(entry), paths.folder) == 0 {
                continue
            }
            try? fileManager.removeItem(atPath: paths.sibling(entry))
        }
    }
}
