import ExecutorModel
import Foundation
import ResultFiles

extension ExperimentCommands {
    /// `simexec merge`: combines the partial results of all N shards of one run (found in `directories`, or given as
    /// files) into the files a single run would have written; the CSVs are byte for byte the same.
    public static func merge(_ inputs: [String], outputDirectory: String?, commandLine: [String])
        throws(ExperimentError) -> RunReport
    {
        let startedAt = Date()
        let partials = try partialFiles(in: inputs).map { path throws(ExperimentError) in
            do throws(ResultFileError) {
                return try PartialResultFile.read(path: path)
            } catch {
                throw ExperimentError(error)
            }
        }
        guard let first = partials.first else {
            throw ExperimentError(
                .input, file: inputs.joined(separator: " "),
                message: "no partial-K-of-N.json file found; write them with `simexec run FILE --shard K/N`")
        }
        try checkCompleteness(partials)
        let options = ExperimentOptions(sets: first.sets, replications: first.replications, seed: first.seed)
        let plan = try plan(path: first.file, options: options) { _ in }
        guard plan.fileSHA256 == first.fileSHA256 else {
            throw ExperimentError(
                .input, file: first.file,
                message: "the experiment file changed since the shards ran (SHA-256 \(first.fileSHA256) then, "
                    + "\(plan.fileSHA256) now); rerun the shards or restore the file")
        }
        let results = try combine(partials, plan: plan)
        let directory = outputDirectory ?? ("results" as NSString).appendingPathComponent(plan.name)
        let paths = try ResultWriter.write(
            results, to: directory, context: RunContext(commandLine: commandLine, startedAt: startedAt))
        return RunReport(results: results, table: ResultTable.render(results), paths: paths)
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

    /// Every shard of one run present exactly once.
    private static func checkCompleteness(_ partials: [PartialResultFile]) throws(ExperimentError) {
        let first = partials[0]
        for partial in partials.dropFirst() {
            guard partial.fileSHA256 == first.fileSHA256, partial.sets == first.sets, partial.seed == first.seed,
                partial.replications == first.replications, partial.shard.count == first.shard.count,
                partial.metricNames == first.metricNames
            else {
                throw ExperimentError(
                    .input, file: partial.file,
                    message: "shard \(partial.shard) does not belong to the same run as shard \(first.shard) "
                        + "(different file contents, --set options, seed, replications or shard count)")
            }
        }
        let present = partials.map(\.shard.index).sorted()
        let expected = Array(1...first.shard.count)
        guard present == expected else {
            let missing = Set(expected).subtracting(present).sorted().map { "\($0)/\(first.shard.count)" }
            let duplicated = Dictionary(grouping: present, by: { $0 }).filter { $0.value.count > 1 }.keys.sorted()
            var problems: [String] = []
            if !missing.isEmpty { problems.append("missing shard(s) " + missing.joined(separator: ", ")) }
            if !duplicated.isEmpty {
                problems.append("shard(s) " + duplicated.map { "\($0)/\(first.shard.count)" }.joined(separator: ", ")
                    + " given more than once")
            }
            throw ExperimentError(.input, file: first.file, message: problems.joined(separator: "; "))
        }
    }

    /// Rebuilds the results of the whole run: per-replication values and deadlocks in place, histogram buckets
    /// summed (export buckets have fixed edges, so adding them equals exporting the merged histogram).
    private static func combine(_ partials: [PartialResultFile], plan: ExperimentPlan) throws(ExperimentError)
        -> ExperimentResults
    {
        let points = plan.points.count
        var values = Array(repeating: Array(repeating: [Double](), count: plan.replications), count: points)
        var deadlocks = Array(repeating: [DeadlockReport?](repeating: nil, count: plan.replications), count: points)
        var counts = Array(repeating: [String: [Int64: (upper: Int64, count: UInt64)]](), count: points)
        for partial in partials {
            guard partial.pointCount == points else {
                throw ExperimentError(
                    .input, file: partial.file,
                    message: "shard \(partial.shard) has \(partial.pointCount) points, the experiment now has \(points)")
            }
            for item in partial.items {
                values[item.point][item.replication] = item.values
                deadlocks[item.point][item.replication] = item.deadlock.map(DeadlockReport.init)
            }
            for histogram in partial.histograms {
                for bucket in histogram.buckets {
                    counts[histogram.point][histogram.metric, default: [:]][
                        bucket.lowerNanoseconds, default: (bucket.upperNanoseconds, 0)
                    ].count += bucket.count
                }
            }
        }
        let histograms = counts.map { byMetric in
            ["latency", "scheduled_delay"].map { metric in
                ExperimentResults.NamedBuckets(
                    metric: metric,
                    buckets: (byMetric[metric] ?? [:]).sorted { $0.key < $1.key }.map {
                        HistogramBucket(lowerNanoseconds: $0.key, upperNanoseconds: $0.value.upper, count: $0.value.count)
                    })
            }
        }
        return ExperimentResults(
            plan: plan, metricNames: partials[0].metricNames, values: values, deadlocks: deadlocks,
            histograms: histograms, eventsProcessed: partials.reduce(0) { $0 &+ $1.eventsProcessed },
            wallSeconds: partials.reduce(0) { $0 + $1.wallSeconds }, jobs: 1, shard: nil)
    }
}
