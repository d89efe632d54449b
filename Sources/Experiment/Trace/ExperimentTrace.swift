import ExecutorModel
import Foundation
import ResultFiles
import SimKernel

/// What `simexec trace` asks for.
public struct TraceRequest: Sendable {
    /// The experiment file.
    public var path: String
    /// The sweep point (0-based, as in summary.csv).
    public var point: Int
    /// The replication whose random streams are used (0-based).
    public var replication: Int
    /// `--from` and `--to` as written (`"1s"`, `"1.1s"`); nil: the first 100 ms after the warm-up.
    public var from: String?
    public var to: String?
    public var options: ExperimentOptions
    /// `--out`: the trace file; nil: `results/<experiment name>/trace_point<N>.json`. Checked before the run.
    public var output: String?

    public init(
        path: String, point: Int = 0, replication: Int = 0, from: String? = nil, to: String? = nil,
        options: ExperimentOptions = ExperimentOptions(), output: String? = nil
    ) {
        self.path = path
        self.point = point
        self.replication = replication
        self.from = from
        self.to = to
        self.options = options
        self.output = output
    }
}

/// A trace made by `simexec trace`.
public struct TraceReport: Sendable {
    /// Chrome trace-event JSON.
    public var json: String
    /// The experiment's name, for the default file name.
    public var experiment: String
    /// The recorded window, in ns of simulated time.
    public var window: TraceWindow
    /// How many model events the window held.
    public var eventCount: Int
    /// The deadlock that stopped the replication, if one did (the trace marks it).
    public var deadlock: DeadlockReport?

    /// A line for the terminal about the deadlock: when, what, and how to see the time before it.
    public var deadlockNote: String? {
        guard let deadlock else { return nil }
        var text = "DEADLOCK (marked in the trace; the replication stops there): \(deadlock)"
        if deadlock.time < window.from {
            text += "; it came before the window, which is therefore empty: trace it with --from 0ms --to "
                + DurationSyntax.format(Double(deadlock.time + 1_000_000))
        }
        return text
    }
}

/// `simexec trace`: runs one replication of one sweep point with tracing on and converts the trace.
public enum ExperimentTrace {
    /// The default window's length after the warm-up.
    public static let defaultLength: Nanoseconds = 100_000_000

    public static func run(_ request: TraceRequest, note: (String) -> Void) throws(ExperimentError) -> TraceReport {
        if let output = request.output, let problem = OutputPath.problem(writingFileAt: output) {
            throw ExperimentError(
                file: output.isEmpty ? nil : output, keyPath: output.isEmpty ? "--out" : nil,
                message: "\(problem); --out names the trace file to write, e.g. --out /tmp/trace.json")
        }
        let plan = try ExperimentCommands.plan(path: request.path, options: request.options, note: note)
        guard request.point >= 0, request.point < plan.points.count else {
            throw ExperimentError(
                file: plan.file,
                message: "--point \(request.point) does not exist; the sweep has points 0 to \(plan.points.count - 1)")
        }
        guard request.replication >= 0, request.replication < plan.replications else {
            throw ExperimentError(
                file: plan.file,
                message: "--replication \(request.replication) does not exist; the run has replications 0 to "
                    + "\(plan.replications - 1) (experiment.replications or --replications)")
        }
        let point = plan.points[request.point]
        var scenario = point.scenario
        let from = try duration(request.from, option: "--from") ?? scenario.warmup
        let to = try duration(request.to, option: "--to") ?? (from + defaultLength)
        guard to > from else {
            throw ExperimentError(message: "--to (\(DurationSyntax.format(Double(to)))) must be after --from "
                + "(\(DurationSyntax.format(Double(from))))")
        }
        let end = scenario.warmup + scenario.duration
        guard from < end else {
            throw ExperimentError(
                message: "--from \(DurationSyntax.format(Double(from))) is after the run's end "
                    + "(warm-up + duration = \(DurationSyntax.format(Double(end))))")
        }
        let window = TraceWindow(from: from, to: min(to, end))
        scenario.trace = window
        // Nothing after the window is needed: stop the run there.
        scenario.duration = max(1, window.to - scenario.warmup)
        let seed = ReplicationSeed(experimentSeed: plan.seed, point: 0, replication: request.replication)
        let metrics: RunMetrics
        do {
            metrics = try ExecutorSimulation.run(scenario, seed: seed)
        } catch {
            throw ExperimentError(.run, file: plan.file, message: "point \(request.point): \(error)")
        }
        let swept = zip(plan.sweepColumns, point.sweptValues).map { "\($0) = \($1)" }.joined(separator: ", ")
        let title = "simexec \(plan.name), point \(request.point)" + (swept.isEmpty ? "" : " (\(swept))")
            + ", replication \(request.replication)"
        let names = ChromeTrace.Names(
            title: title, workers: scenario.runtime.effectiveWorkerCount, classes: plan.classNames,
            primitives: plan.primitiveNames)
        return TraceReport(
            json: ChromeTrace.json(metrics.trace, window: window, names: names, deadlock: metrics.deadlock),
            experiment: plan.name, window: window, eventCount: metrics.trace.count, deadlock: metrics.deadlock)
    }

    /// Writes `report` to the request's `--out`, else to `results/<experiment name>/trace_point<N>.json`, replacing
    /// any earlier file in one step. Returns the path.
    public static func write(_ report: TraceReport, for request: TraceRequest) throws(ExperimentError) -> String {
        let path = request.output
            ?? ("results/\(report.experiment)" as NSString).appendingPathComponent(ResultFileName.trace(point: request.point))
        let folder = (path as NSString).deletingLastPathComponent
        if !folder.isEmpty, let reason = OutputPath.makeFolders(folder) {
            throw ExperimentError(
                request.output == nil ? .run : .input, file: path, message: "cannot create its folder (\(reason))")
        }
        do throws(DurableFile.Failure) {
            try DurableFile.replace(path, holding: report.json)
        } catch {
            switch error {
            case .isFolder:
                throw ExperimentError(file: path, message: "is a folder, where simexec writes the trace; move it away or give --out")
            case let .refused(reason):
                throw ExperimentError(.run, file: path, message: "cannot be written: \(reason)")
            }
        }
        return path
    }

    /// `--from` or `--to` in nanoseconds: a duration with a unit, or a plain zero (`--from 0`), which needs none.
    private static func duration(_ text: String?, option: String) throws(ExperimentError) -> Nanoseconds? {
        guard let text else { return nil }
        do {
            return Nanoseconds(try DurationSyntax.parse(text).rounded())
        } catch {
            throw ExperimentError(message: "\(option) \(text): \(error.message)")
        }
    }
}
