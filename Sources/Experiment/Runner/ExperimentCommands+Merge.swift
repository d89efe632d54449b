import ExecutorModel
import Foundation
import ResultFiles

extension ExperimentCommands {
    /// `simexec merge`: combines the partial results of all N shards of one run (found in `directories`, or given as
    /// files) into the files a single run would have written; the CSVs are byte for byte the same. Every field of
    /// every partial is checked (``MergeInput``, ``PartialValidation``) before anything is written. `experiment`
    /// names the experiment file when the path the shards recorded does not lead to it from here (a relative path
    /// given to `run` in another folder); its contents must be those the shards ran.
    public static func merge(
        _ inputs: [String], experiment: String? = nil, outputDirectory: String?, commandLine: [String],
        table: TableLayout = TableLayout()
    ) throws(ExperimentError) -> RunReport {
        let startedAt = Date()
        let partials = try partialFiles(in: inputs).map { path throws(ExperimentError) in try MergeInput(path: path) }
        guard let first = partials.first?.partial else {
            throw ExperimentError(
                .input, file: inputs.joined(separator: " "),
                message: "no partial-K-of-N.json file found; write them with `simexec run FILE --shard K/N`")
        }
        try PartialValidation.checkSameRun(partials)
        let options = ExperimentOptions(sets: first.sets, replications: first.replications, seed: first.seed)
        let path = experiment ?? first.file
        let plan: ExperimentPlan
        do {
            plan = try self.plan(path: path, options: options) { _ in }
        } catch where experiment == nil && error.message.hasPrefix("no such file") {
            throw error.suffixed(
                "; the shards recorded this path to the experiment file, relative to the folder `run` was started in: "
                    + "run merge from that folder or name the file with --experiment FILE")
        }
        guard plan.fileSHA256 == first.fileSHA256 else {
            throw ExperimentError(
                .input, file: path,
                message: "the experiment file changed since the shards ran (SHA-256 \(first.fileSHA256) then, "
                    + "\(plan.fileSHA256) now); rerun the shards or restore the file")
        }
        try PartialValidation.check(partials, against: plan)
        try table.check(against: plan)
        let results = try combine(partials, plan: plan)
        let directory = outputDirectory ?? ("results" as NSString).appendingPathComponent(plan.name)
        return try ResultFolderLock.holding(directory, writing: ResultWriter.fileNames) {
            () throws(ExperimentError) -> RunReport in
            let paths = try ResultWriter.write(
                results, to: directory, context: RunContext(commandLine: commandLine, startedAt: startedAt))
            return RunReport(results: results, table: ResultTable.render(results, layout: table), paths: paths)
        }
    }

    /// The partial files named directly, or found in the given folders, in a stable order.
    private static func partialFiles(in inputs: [String]) throws(ExperimentError) -> [String] {
        var files: [String] = []
        for input in inputs {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: input, isDirectory: &isDirectory) else {
                throw ExperimentError(.input, file: input, message: "no such file or folder")
            }
            if !isDirectory.boolValue {
                files.append(input)
                continue
            }
            let names = (try? FileManager.default.contentsOfDirectory(atPath: input)) ?? []
            files += names.filter(ResultFileName.isPartial).sorted()
                .map { (input as NSString).appendingPathComponent($0) }
        }
        return files
    }

    /// Rebuilds the results of the whole run from checked partials: per-replication values and deadlocks in place,
    /// histogram buckets summed (export buckets have fixed edges, so adding them equals exporting the merged
    /// histogram). Sums that would overflow, and shards that disagree on a bucket's edges, are input errors.
    private static func combine(_ inputs: [MergeInput], plan: ExperimentPlan) throws(ExperimentError)
        -> ExperimentResults
    {
        let points = plan.points.count
        var values = Array(repeating: Array(repeating: [Double](), count: plan.replications), count: points)
        var deadlocks = Array(repeating: [DeadlockReport?](repeating: nil, count: plan.replications), count: points)
        var counts = Array(repeating: [String: [Int64: (upper: Int64, count: UInt64)]](), count: points)
        var events: UInt64 = 0
        for input in inputs {
            func fail(_ message: String) -> ExperimentError {
                ExperimentError(.input, file: input.path, message: message)
            }
            for item in input.partial.items {
                values[item.point][item.replication] = item.values
                deadlocks[item.point][item.replication] = item.deadlock.map(DeadlockReport.init)
            }
            for histogram in input.partial.histograms {
                for bucket in histogram.buckets {
                    let place = "bucket [\(bucket.lowerNanoseconds), \(bucket.upperNanoseconds)) of the "
                        + "\(histogram.metric) histogram of point \(histogram.point)"
                    let earlier = counts[histogram.point][histogram.metric]?[bucket.lowerNanoseconds]
                    if let earlier, earlier.upper != bucket.upperNanoseconds {
                        throw fail("\(place) ends where no other shard's does (another ends it at \(earlier.upper)); "
                            + "the shards of one run share bucket edges")
                    }
                    let (sum, overflow) = (earlier?.count ?? 0).addingReportingOverflow(bucket.count)
                    guard !overflow else {
                        throw fail("the counts of \(place) sum to more than \(UInt64.max) over the shards; allowed "
                            + "are counts whose sum fits")
                    }
                    counts[histogram.point][histogram.metric, default: [:]][bucket.lowerNanoseconds] =
                        (bucket.upperNanoseconds, sum)
                }
            }
            let (sum, overflow) = events.addingReportingOverflow(input.partial.eventsProcessed)
            guard !overflow else {
                throw fail("\"events_processed\" sums to more than \(UInt64.max) over the shards; allowed are "
                    + "counts whose sum fits")
            }
            events = sum
        }
        let histograms = counts.map { byMetric in
            HistogramMetric.allCases.map { metric in
                ExperimentResults.NamedBuckets(
                    metric: metric.rawValue,
                    buckets: (byMetric[metric.rawValue] ?? [:]).sorted { $0.key < $1.key }.map { lower, bucket in
                        HistogramBucket(lowerNanoseconds: lower, upperNanoseconds: bucket.upper, count: bucket.count)
                    })
            }
        }
        return ExperimentResults(
            plan: plan, metricNames: inputs[0].partial.metricNames, values: values, deadlocks: deadlocks,
            histograms: histograms, eventsProcessed: events,
            wallSeconds: inputs.reduce(0) { $0 + $1.partial.wallSeconds }, jobs: 1, shard: nil)
    }
}
