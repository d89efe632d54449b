import Foundation
import ResultFiles
import SimStats

/// What `simexec size` asks for.
public struct SizeRequest: Sendable {
    public var path: String
    /// The setting to vary, written as a sweep key (`runtime.workers`).
    public var key: String
    /// `LO..HI` or a comma-separated list, in the order of the key's values.
    public var range: String
    /// `METRIC<=VALUE` / `METRIC>=VALUE` texts; all must hold.
    public var objectives: [String]
    /// The one-sided confidence of each bound, in (0.5, 1).
    public var confidence: Double
    /// Find the largest value that meets the objectives instead of the smallest.
    public var maximizes: Bool
    public var options: ExperimentOptions
    public var jobs: Int
    /// `--out`: each evaluated value's results go to a folder of their own below it.
    public var outputDirectory: String?
    public var format: SizeFormat
    /// The widest line of the `table` format's prose, in characters (the table itself is as wide as it needs).
    public var width: Int

    public init(
        path: String, key: String, range: String, objectives: [String], confidence: Double = 0.95,
        maximizes: Bool = false, options: ExperimentOptions = ExperimentOptions(),
        jobs: Int = ProcessInfo.processInfo.activeProcessorCount, outputDirectory: String? = nil,
        format: SizeFormat = .table, width: Int = TableLayout.defaultWidth
    ) {
        self.path = path
        self.key = key
        self.range = range
        self.objectives = objectives
        self.confidence = confidence
        self.maximizes = maximizes
        self.options = options
        self.jobs = jobs
        self.outputDirectory = outputDirectory
        self.format = format
        self.width = width
    }
}

/// How `simexec size` prints its answer.
public enum SizeFormat: String, Sendable, CaseIterable {
    case table, markdown, json
}

/// One objective measured at one value: the mean across replications and its one-sided confidence bound.
public struct ObjectiveMeasurement: Sendable {
    public var mean: Double
    /// The upper bound for a `<=` objective, the lower for `>=`; NaN with fewer than two finite replications.
    public var bound: Double
    public var holds: Bool
}

/// The search at one value of the key.
public struct SizeEvaluation: Sendable {
    public var index: Int
    public var value: String
    /// Per objective, in request order.
    public var measurements: [ObjectiveMeasurement]
    /// The runtime could not keep up with the load at this value (rejected up front or stopped): it fails.
    public var isOverloaded: Bool
    public var holds: Bool { measurements.allSatisfy(\.holds) }
}

/// What `simexec size` found.
public struct SizeReport: Sendable {
    public var text: String
    /// 0: an answer; 1: no value in the range meets the objectives.
    public var exitCode: Int32
    public var answer: String?
    /// In the order evaluated.
    public var evaluated: [SizeEvaluation]
    /// False when the evaluated values contradict the assumed monotonicity.
    public var isMonotone: Bool
}

/// `simexec size`: the smallest (or, with `maximizes`, the largest) value of one setting at which every objective's
/// one-sided confidence bound is on the right side of its target, found by bisection under the assumption that the
/// objectives hold from some value on (or up to some value). Every candidate runs with the same seeds (common random
/// numbers) and the file's `[sweep]` left out; the assumption is checked on the values evaluated.
public enum SizeSearch {
    public static func run(_ request: SizeRequest, note: (String) -> Void) throws(ExperimentError) -> SizeReport {
        let start = Date()
        guard request.confidence > 0.5, request.confidence < 1 else {
            throw ExperimentError(
                keyPath: "--confidence",
                message: "expected a confidence between 0.5 and 1 (exclusive), e.g. 0.95; got \(request.confidence)")
        }
        guard !request.objectives.isEmpty else {
            throw ExperimentError(keyPath: "--objective", message: "give at least one, e.g. --objective 'p99<=10000'")
        }
        let unsearchable = ["experiment.seed": "the seed is not a setting to size; give it with --seed",
                            "experiment.replications": "replications decide the confidence; give them with --replications",
                            "experiment.name": "the name is not a setting to size"]
        if let reason = unsearchable[request.key.trimmingCharacters(in: .whitespaces)] {
            throw ExperimentError(keyPath: "--vary \(request.key)", message: "cannot be varied: \(reason)")
        }
        if let directory = request.outputDirectory, let problem = OutputPath.problem(makingFolderAt: directory) {
            throw ExperimentError(
                file: directory,
                message: "\(problem); --out names the folder below which each evaluated value's results go")
        }
        let range = try SizeRange.parse(request.range, key: request.key)
        var options = request.options
        options.ignoresSweep = true
        // The names of the metrics come from the file as it is (any value's plan has the same columns).
        let first: ExperimentPlan
        do {
            first = try candidatePlan(request, value: nil, options: options, note: note)
        } catch where error.isOverload {
            let favourable = request.maximizes ? range.values[0] : range.values[range.values.count - 1]
            first = try candidatePlan(request, value: favourable, options: options, note: note)
        }
        let metricNames = MetricSet(classNames: first.classNames, primitiveNames: first.primitiveNames).names
        var objectives: [SizeObjective] = []
        for text in request.objectives {
            objectives.append(try SizeObjective.parse(text, metrics: metricNames))
        }
        var cache: [Int: SizeEvaluation] = [:]
        var order: [Int] = []
        func evaluate(_ index: Int) throws(ExperimentError) -> SizeEvaluation {
            if let known = cache[index] { return known }
            let value = range.values[index]
            let results: ExperimentResults
            do {
                    let plan = try candidatePlan(request, value: value, options: options, note: note)
                results = try ExperimentRunner.run(plan, jobs: request.jobs)
            } catch where error.isOverload {
                // A value at which the runtime cannot keep up fails every objective.
                let failing = objectives.map { _ in ObjectiveMeasurement(mean: .infinity, bound: .infinity, holds: false) }
                let evaluation = SizeEvaluation(index: index, value: value, measurements: failing, isOverloaded: true)
                cache[index] = evaluation
                order.append(index)
                return evaluation
            }
            if let directory = request.outputDirectory {
                let folder = (directory as NSString).appendingPathComponent(safeFolderName(request.key, value))
                _ = try ResultWriter.write(
                    results, to: folder,
                    context: RunContext(commandLine: ["simexec", "size", request.path, "--set", "\(request.key)=\(value)"],
                                        startedAt: Date()))
            }
            let measurements = objectives.map { measure($0, in: results, confidence: request.confidence) }
            let evaluation = SizeEvaluation(index: index, value: value, measurements: measurements, isOverloaded: false)
            cache[index] = evaluation
            order.append(index)
            return evaluation
        }

        // Minimising assumes the objectives fail below some value and hold from it on; maximising the reverse.
        let last = range.values.count - 1
        let (good, bad) = request.maximizes ? (0, last) : (last, 0)
        var answer: Int?
        var neighbour: Int?
        if try evaluate(good).holds {
            if try evaluate(bad).holds {
                answer = bad
            } else {
                var pass = good
                var fail = bad
                while abs(pass - fail) > 1 {
                    let middle = (pass + fail) / 2
                    if try evaluate(middle).holds { pass = middle } else { fail = middle }
                }
                answer = pass
                neighbour = fail
            }
        }
        let evaluated = order.map { cache[$0]! }
        let isMonotone = checkMonotone(evaluated, objectives: objectives.count)
        let report = SizeReportRenderer(
            request: request, range: range, objectives: objectives, evaluated: evaluated,
            answer: answer.flatMap { cache[$0] }, neighbour: neighbour.flatMap { cache[$0] },
            closest: answer == nil ? cache[good] : nil, isMonotone: isMonotone,
            replications: first.replications, seed: first.seed, wallSeconds: Date().timeIntervalSince(start))
        return SizeReport(
            text: report.render(), exitCode: answer == nil ? 1 : 0, answer: answer.map { range.values[$0] },
            evaluated: evaluated, isMonotone: isMonotone)
    }

    /// The experiment with `key` set to `value` and its sweep left out: one point.
    private static func candidatePlan(
        _ request: SizeRequest, value: String?, options: ExperimentOptions, note: (String) -> Void
    ) throws(ExperimentError) -> ExperimentPlan {
        var options = options
        if let value { options.sets.append("\(request.key)=\(value)") }
        do {
            return try ExperimentCommands.plan(path: request.path, options: options, note: note)
        } catch {
            // Name the candidate (or the key) as the user wrote it: --vary, not the --set it becomes.
            var error = error
            if let value {
                let set = "--set \(request.key)=\(value)"
                let vary = "--vary \(request.key)=\(value)"
                error.message = error.message.contains(set)
                    ? error.message.replacingOccurrences(of: set, with: vary) : vary + ": " + error.message
            } else if error.message.contains(request.key) {
                error.message = "--vary \(request.key): " + error.message
            }
            throw error
        }
    }

    /// The mean of `objective`'s metric across replications and its one-sided bound at the request's confidence
    /// (the two-sided Student-t interval at level 2c − 1).
    private static func measure(_ objective: SizeObjective, in results: ExperimentResults, confidence: Double)
        -> ObjectiveMeasurement
    {
        guard let metric = results.metricIndex(objective.metric) else {
            return ObjectiveMeasurement(mean: .nan, bound: .nan, holds: false)
        }
        let samples = results.values[0].compactMap { metric < $0.count ? $0[metric] : nil }.filter(\.isFinite)
        guard samples.count >= 2, let interval = try? ConfidenceInterval.studentT(samples, level: 2 * confidence - 1)
        else {
            let mean = samples.first ?? .nan
            return ObjectiveMeasurement(mean: mean, bound: .nan, holds: false)
        }
        let bound = objective.isUpperLimit ? interval.upper : interval.lower
        let holds = objective.isUpperLimit ? bound <= objective.target : bound >= objective.target
        return ObjectiveMeasurement(mean: interval.mean, bound: bound, holds: holds)
    }

    /// Whether the evaluated values are consistent with the assumption that the objectives move one way along the
    /// range: for each objective, the means at the evaluated values (in range order) never change direction by more
    /// than their confidence intervals' half-widths.
    private static func checkMonotone(_ evaluated: [SizeEvaluation], objectives: Int) -> Bool {
        let sorted = evaluated.filter { !$0.isOverloaded }.sorted { $0.index < $1.index }
        for objective in 0..<objectives {
            let points = sorted.map(\.measurements[objective]).filter { $0.mean.isFinite && $0.bound.isFinite }
            var rises = false
            var falls = false
            for (a, b) in zip(points, points.dropFirst()) {
                let noise = max(abs(a.bound - a.mean), abs(b.bound - b.mean))
                if b.mean - a.mean > noise { rises = true }
                if a.mean - b.mean > noise { falls = true }
            }
            if rises && falls { return false }
        }
        return true
    }

    private static func safeFolderName(_ key: String, _ value: String) -> String {
        let text = "\(key)=\(value)"
        return String(text.map { $0.isLetter || $0.isNumber || "._=-".contains($0) ? $0 : "_" })
    }
}
