import Foundation
import ResultFiles

/// What `simexec run` asks for.
public struct RunRequest: Sendable {
    /// The experiment file as the user typed it (resolved case-insensitively if missing).
    public var path: String
    /// `--out`; nil means `results/<experiment name>`.
    public var outputDirectory: String?
    /// `--jobs`: worker threads for replications.
    public var jobs: Int
    public var options: ExperimentOptions
    /// Draw a progress bar on stderr this many characters wide (the terminal's width); nil: no bar.
    public var progressWidth: Int?
    /// The command line, for run.json.
    public var commandLine: [String]
    /// `--shard K/N`: run only that slice and write a partial result for `simexec merge`.
    public var shard: Shard?
    /// The end-of-run table's columns and width.
    public var table: TableLayout
    /// Files made from the complete result set and committed with it (`--report`'s report.html); none for a shard.
    public var derivedFiles: [DerivedResultFile]

    public init(
        path: String, outputDirectory: String? = nil, jobs: Int = ProcessInfo.processInfo.activeProcessorCount,
        options: ExperimentOptions = ExperimentOptions(), progressWidth: Int? = nil, commandLine: [String] = [],
        shard: Shard? = nil, table: TableLayout = TableLayout(), derivedFiles: [DerivedResultFile] = []
    ) {
        self.shard = shard
        self.table = table
        self.derivedFiles = derivedFiles
        self.path = path
        self.outputDirectory = outputDirectory
        self.jobs = jobs
        self.options = options
        self.progressWidth = progressWidth
        self.commandLine = commandLine
    }
}

/// What `simexec run` produced.
public struct RunReport: Sendable {
    public var results: ExperimentResults
    /// The table printed on stdout (empty for a shard, whose points are incomplete).
    public var table: String
    /// The files written.
    public var paths: [String]
}

/// The commands behind the CLI, callable in-process (the CLI only parses arguments and prints).
public enum ExperimentCommands {
    /// Resolves the path (printing a note through `note` when its case had to be fixed), then loads and checks.
    public static func plan(path: String, options: ExperimentOptions, note: (String) -> Void) throws(ExperimentError)
        -> ExperimentPlan
    {
        let resolution = try PathResolver.resolve(path)
        if let message = resolution.note { note(message) }
        return try ExperimentPlan.load(path: resolution.path, options: options)
    }

    /// `simexec validate`: checks the file and describes what `run` would do.
    public static func validate(path: String, options: ExperimentOptions = ExperimentOptions(), note: (String) -> Void)
        throws(ExperimentError) -> String
    {
        let plan = try plan(path: path, options: options, note: note)
        return describe(plan)
    }

    /// A few lines saying what a plan will run.
    public static func describe(_ plan: ExperimentPlan) -> String {
        let loads = plan.points.map(\.scenario.offeredLoadPerWorker)
        let low = loads.min() ?? 0
        let high = loads.max() ?? 0
        var text = "\(plan.file): ok\n"
        text += "experiment \(plan.name): \(plan.points.count) point\(plan.points.count == 1 ? "" : "s") × "
            + "\(plan.replications) replications, seed \(plan.seed)\n"
        if !plan.sweepColumns.isEmpty {
            text += "sweep (first key varies slowest): \(plan.sweepColumns.joined(separator: ", "))\n"
        }
        text += "task classes: \(plan.classNames.joined(separator: ", "))\n"
        if !plan.primitiveNames.isEmpty {
            // A mutex's kind and a semaphore's permits may differ between points: list every value.
            let described = plan.primitiveNames.indices.map { index -> String in
                var values: [String] = []
                var isSemaphore = false
                for point in plan.points where index < point.scenario.workload.primitives.count {
                    let primitive = point.scenario.workload.primitives[index]
                    var value = primitive.kindName
                    if case let .semaphore(permits) = primitive.kind {
                        isSemaphore = true
                        value = String(permits)
                    }
                    if !values.contains(value) { values.append(value) }
                }
                let list = Suggestions.list(values)
                let what = isSemaphore ? "semaphore of \(list) permit\(values == ["1"] ? "" : "s")" : "\(list) mutex"
                return "\(plan.primitiveNames[index]) (\(what))"
            }
            text += "mutexes and semaphores: \(described.joined(separator: ", "))\n"
        }
        let range = low == high
            ? NumberFormatting.significant(low, digits: 3)
            : "\(NumberFormatting.significant(low, digits: 3)) to \(NumberFormatting.significant(high, digits: 3))"
        text += "offered load per worker: \(range)\n"
        return text
    }

    /// `simexec run`: plan, lock the results folder, run every replication, write the files, render the table.
    public static func run(_ request: RunRequest, note: (String) -> Void) throws(ExperimentError) -> RunReport {
        let startedAt = Date()
        let plan = try plan(path: request.path, options: request.options, note: note)
        if let shard = request.shard { try check(shard, against: plan) }
        try request.table.check(against: plan)
        let directory = request.outputDirectory ?? ("results" as NSString).appendingPathComponent(plan.name)
        let names = request.shard.map { [$0.fileName] } ?? (ResultWriter.fileNames + request.derivedFiles.map(\.name))
        return try ResultFolderLock.holding(directory, writing: names) { () throws(ExperimentError) -> RunReport in
            let progress: (any ProgressReporting)? = request.progressWidth.map(ProgressBar.init(columns:))
            let results = try ExperimentRunner.run(plan, jobs: request.jobs, shard: request.shard, progress: progress)
            if let shard = request.shard {
                let partial = PartialResultFile(results: results, shard: shard, sets: request.options.sets)
                let paths = try ResultWriter.writeAtomically([(shard.fileName, partial.serialized())], to: directory)
                return RunReport(results: results, table: "", paths: paths)
            }
            let paths = try ResultWriter.write(
                results, to: directory, context: RunContext(commandLine: request.commandLine, startedAt: startedAt),
                deriving: request.derivedFiles)
            return RunReport(results: results, table: ResultTable.render(results, layout: request.table), paths: paths)
        }
    }

    /// A shard count above the number of work items would leave shards with nothing to run.
    private static func check(_ shard: Shard, against plan: ExperimentPlan) throws(ExperimentError) {
        let items = plan.points.count * plan.replications
        guard shard.count <= items else {
            throw ExperimentError(
                .input, file: plan.file,
                message: "--shard \(shard): the experiment has \(items) work items (\(plan.points.count) points × "
                    + "\(plan.replications) replications), so N must be from 1 to \(items)")
        }
    }
}
