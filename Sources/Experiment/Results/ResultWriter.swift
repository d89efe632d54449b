import Foundation
import ResultFiles

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The version written into run.json.
public enum SimExecVersion {
    public static let current = "0.1.0"
}

/// Facts about the invocation that only run.json records (never the CSVs, which must be byte-identical across runs).
public struct RunContext: Sendable {
    public var commandLine: [String]
    public var startedAt: Date

    public init(commandLine: [String], startedAt: Date) {
        self.commandLine = commandLine
        self.startedAt = startedAt
    }
}

/// Writes summary.csv, replications.csv, histograms.csv and run.json.
public enum ResultWriter {
    public static let fileNames = ResultFileName.runOutputs

    /// The CSV files' contents, by file name. Pure: identical results give identical bytes.
    static func csvFiles(_ results: ExperimentResults) -> [(name: String, text: String)] {
        [
            (ResultFileName.summary, summaryCSV(results)),
            (ResultFileName.replications, replicationsCSV(results)),
            (ResultFileName.histograms, histogramsCSV(results)),
        ]
    }

    /// Writes every file and run.json, then the `derived` files made from them, as one result set (see
    /// ``writeAtomically(_:to:deriving:dropping:)``). run.json lists the derived files among its outputs. The
    /// earlier set's report.html and figures are not kept: they would describe other results. Returns the paths
    /// written.
    public static func write(
        _ results: ExperimentResults, to directory: String, context: RunContext,
        deriving derived: [DerivedResultFile] = []
    ) throws(ExperimentError) -> [String] {
        var files = csvFiles(results)
        files.append(
            (ResultFileName.runManifest,
             runJSON(results, directory: directory, context: context, derivedFiles: derived.map(\.name))))
        return try writeAtomically(files, to: directory, deriving: derived, dropping: Set(ResultFileName.figures + [ResultFileName.report]))
    }

    /// Replaces `directory`'s files named in `files` as a unit, keeping its other entries. The new set is built in
    /// the sibling staging folder `.NAME.staging-PID` (``ResultFolderPaths``): the folder's other entries hard-linked
    /// in, then the files written and flushed to disk. One `renameat2(RENAME_EXCHANGE)` then swaps the staging folder
    /// and `directory` (a plain rename when `directory` does not exist yet), and the old set, now under the staging
    /// name, is removed. A reader of `directory` sees the old set or the new one, never a mix, whatever fails or is
    /// killed; a staging folder left behind is removed by the next run (``ResultFolderLock``). Where the exchange is
    /// unavailable, the old folder is renamed to `.NAME.old-PID` and the new one into place; a crash between the two
    /// renames leaves no `directory` for that moment, and the next run puts the old set back.
    /// The `derived` files are made from the staging folder once `files` are in it, and written there too, so
    /// they are swapped in with the rest or not at all. Files named in `dropping` are not kept from the old set
    /// (anything else of that name is).
    /// Returns the paths written.
    static func writeAtomically(
        _ files: [(name: String, text: String)], to directory: String, deriving derived: [DerivedResultFile] = [],
        dropping dropped: Set<String> = []
    ) throws(ExperimentError) -> [String] {
        let paths = try ResultFolderPaths(directory, kind: .run)
        let fileManager = FileManager.default
        if let reason = OutputPath.makeFolders(paths.parent) {
            throw ExperimentError(.run, file: directory, message: "cannot create the results folder (\(reason))")
        }
        let names = files.map(\.name) + derived.map(\.name)
        if let name = paths.folderInTheWay(of: names) {
            throw ExperimentError(
                .run, file: (directory as NSString).appendingPathComponent(name),
                message: "is a folder, where simexec writes a file; nothing was changed")
        }
        let pid = getpid()
        let staging = paths.staging(pid: pid)
        try? fileManager.removeItem(atPath: staging)
        guard mkdir(staging, 0o755) == 0 else {
            throw ExperimentError(
                .run, file: directory, message: "cannot be written: \(String(cString: strerror(errno)))")
        }
        do throws(ExperimentError) {
            try stage(files, in: staging, keepingOthersOf: paths, deriving: derived, dropping: dropped)
            try swap(staging, into: paths, pid: pid)
        } catch {
            try? fileManager.removeItem(atPath: staging)
            throw error
        }
        try? fileManager.removeItem(atPath: staging)
        return names.map { (directory as NSString).appendingPathComponent($0) }
    }

    /// Fills the staging folder: `paths.folder`'s entries not in `files`, `derived` or `dropped` as hard links,
    /// then `files`, then the `derived` files made from them, on disk.
    private static func stage(
        _ files: [(name: String, text: String)], in staging: String, keepingOthersOf paths: ResultFolderPaths,
        deriving derived: [DerivedResultFile], dropping dropped: Set<String>
    ) throws(ExperimentError) {
        var folderStatus = stat()
        if lstat(paths.folder, &folderStatus) == 0 {
            chmod(staging, folderStatus.st_mode & 0o7777)
            do {
                try FolderLinks.link(
                    contentsOf: paths.folder, into: staging,
                    // Only a file of a dropped name is the old set's: a folder called report.html is the user's.
                    skipping: Set(files.map(\.name) + derived.map(\.name)).union(dropped.filter {
                        OutputPath.isFile((paths.folder as NSString).appendingPathComponent($0))
                    }))
            } catch {
                throw ExperimentError(
                    .run, file: error.path,
                    message: "cannot be kept in the new result set (\(error.reason)); nothing was changed")
            }
        }
        for file in files {
            let path = (staging as NSString).appendingPathComponent(file.name)
            if let reason = DurableFile.create(path, holding: file.text) {
                throw ExperimentError(
                    .run, file: (paths.given as NSString).appendingPathComponent(file.name),
                    message: "cannot be written: \(reason); nothing was changed")
            }
        }
        for file in derived {
            let text = try file.make(staging)
            let path = (staging as NSString).appendingPathComponent(file.name)
            if let reason = DurableFile.create(path, holding: text) {
                throw ExperimentError(
                    .run, file: (paths.given as NSString).appendingPathComponent(file.name),
                    message: "cannot be written: \(reason); nothing was changed")
            }
        }
    }

    /// Puts the staging folder in place of `paths.folder`; afterwards `staging` holds the old set, if any.
    private static func swap(_ staging: String, into paths: ResultFolderPaths, pid: Int32) throws(ExperimentError) {
        func fail(_ code: Int32) -> ExperimentError {
            ExperimentError(.run, file: paths.given, message: "cannot be replaced: \(String(cString: strerror(code)))")
        }
        var folderStatus = stat()
        guard lstat(paths.folder, &folderStatus) == 0 else {
            guard rename(staging, paths.folder) == 0 else { throw fail(errno) }
            return
        }
        switch DirectoryExchange.exchange(staging, paths.folder) {
        case .exchanged:
            return
        case let .failed(code):
            throw fail(code)
        case .unsupported:
            let displaced = paths.displaced(pid: pid)
            guard rename(paths.folder, displaced) == 0 else { throw fail(errno) }
            guard rename(staging, paths.folder) == 0 else {
                let code = errno
                rename(displaced, paths.folder)
                throw fail(code)
            }
            try? FileManager.default.removeItem(atPath: displaced)
        }
    }

    // MARK: CSV

    static func summaryCSV(_ results: ExperimentResults) -> String {
        let plan = results.plan
        var header = [ResultColumn.point] + plan.sweepColumns + [ResultColumn.replications]
        for name in results.metricNames { header += SummaryStatistic.columns(for: name) }
        var text = CSVWriter.line(header)
        for point in plan.points {
            var cells = [String(point.index)] + point.sweptValues + [String(plan.replications)]
            for metric in results.metricNames.indices {
                let interval = results.summary(point: point.index, metric: metric)
                cells += [
                    NumberFormatting.csv(interval.mean), NumberFormatting.csv(interval.lower),
                    NumberFormatting.csv(interval.upper),
                ]
            }
            text += CSVWriter.line(cells)
        }
        return text
    }

    /// One row per replication; the deadlock flag is called `deadlocked` here (see
    /// ``ResultColumn/replicationsColumn(forMetric:)``).
    static func replicationsCSV(_ results: ExperimentResults) -> String {
        let plan = results.plan
        let metricColumns = results.metricNames.map(ResultColumn.replicationsColumn(forMetric:))
        var text = CSVWriter.line(
            [ResultColumn.point] + plan.sweepColumns + [ResultColumn.replication, ResultColumn.seed] + metricColumns)
        for point in plan.points {
            for (replication, row) in results.values[point.index].enumerated() {
                text += CSVWriter.line(
                    [String(point.index)] + point.sweptValues + [String(replication), String(plan.seed)]
                        + row.map(NumberFormatting.csv))
            }
        }
        return text
    }

    static func histogramsCSV(_ results: ExperimentResults) -> String {
        var text = CSVWriter.line(HistogramsColumn.header)
        for (point, histograms) in results.histograms.enumerated() {
            for histogram in histograms {
                for bucket in histogram.buckets {
                    text += CSVWriter.line([
                        String(point), histogram.metric, NumberFormatting.csv(bucket.lowerMicroseconds),
                        NumberFormatting.csv(bucket.upperMicroseconds), String(bucket.count),
                    ])
                }
            }
        }
        return text
    }

    // MARK: run.json

    /// run.json's text; `derivedFiles` are the names of the files made from the set and committed with it.
    static func runJSON(
        _ results: ExperimentResults, directory: String, context: RunContext, derivedFiles: [String] = []
    ) -> String {
        let plan = results.plan
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        let seeds = (0..<plan.replications).map { replication in
            JSONValue.object([
                ("replication", .integer(Int64(replication))),
                ("experiment_seed", .unsigned(plan.seed)),
                ("point", .integer(0)),
            ])
        }
        let points = plan.points.map { point in
            let deadlocks = results.deadlockedReplications(point: point.index).map { replication, report in
                JSONValue.object([
                    ("replication", .integer(Int64(replication))),
                    ("time_ns", .integer(report.time)),
                    ("primitive", .string(report.primitive)),
                    ("holder", .string(report.holder)),
                    ("waiters", .array(report.waiters.map(JSONValue.string))),
                    ("report", .string(report.description)),
                ])
            }
            return JSONValue.object([
                ("point", .integer(Int64(point.index))),
                ("swept", .object(zip(plan.sweepColumns, point.sweptNodes).map { ($0, JSONValue($1)) })),
                ("deadlocks", .array(deadlocks)),
                ("settings", point.settings),
            ])
        }
        let eventsPerSecond = results.wallSeconds > 0 ? Double(results.eventsProcessed) / results.wallSeconds : 0
        let manifest = JSONValue.object([
            ("simexec_version", .string(SimExecVersion.current)),
            ("experiment", .string(plan.name)),
            ("description", .string(plan.description)),
            ("file", .string(plan.file)),
            ("file_sha256", .string(plan.fileSHA256)),
            ("command_line", .array(context.commandLine.map(JSONValue.string))),
            ("started_at", .string(formatter.string(from: context.startedAt))),
            ("wall_time_s", .double((results.wallSeconds * 1000).rounded() / 1000)),
            ("jobs", .integer(Int64(results.jobs))),
            ("events_processed", .integer(Int64(clamping: results.eventsProcessed))),
            ("events_per_s", .double(eventsPerSecond.rounded())),
            ("seed", .unsigned(plan.seed)),
            ("replications", .integer(Int64(plan.replications))),
            (
                "common_random_numbers",
                .string(
                    "every point's replication r uses the random streams of (experiment_seed, point 0, replication r), "
                        + "so all points see the same arrivals and step durations")
            ),
            ("replication_seeds", .array(seeds)),
            ("sweep_columns", .array(plan.sweepColumns.map(JSONValue.string))),
            ("metrics", .array(results.metricNames.map(JSONValue.string))),
            ("outputs", .array((fileNames + derivedFiles).map { .string(($0 as String)) })),
            ("results_folder", .string(directory)),
            ("points", .array(points)),
        ])
        return manifest.serialized() + "\n"
    }
}

extension JSONValue {
    /// A swept value as JSON: numbers, strings and booleans as themselves, tables (whole steps) as their TOML text.
    init(_ node: TOMLNode) {
        switch node {
        case let .integer(value): self = .integer(Int64(value))
        case let .float(value): self = .double(value)
        case let .string(value): self = .string(value)
        case let .bool(value): self = .bool(value)
        case .table, .array, .other: self = .string(node.literal)
        }
    }
}
