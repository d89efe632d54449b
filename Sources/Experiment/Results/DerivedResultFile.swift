/// A file made from a complete result set and committed with it, in the same swap: `simexec run --report`'s
/// report.html. It is made from the staged folder, which then holds every result file and run.json, so it describes
/// exactly the set it is committed with; if making it fails, nothing is committed.
public struct DerivedResultFile: Sendable {
    /// The file's name in the results folder.
    public var name: String
    /// Makes the file's text from the staged folder's path. An error stops the commit; the old set stays.
    public var make: @Sendable (_ stagedFolder: String) throws(ExperimentError) -> String

    public init(name: String, make: @escaping @Sendable (_ stagedFolder: String) throws(ExperimentError) -> String) {
        self.name = name
        self.make = make
    }
}
