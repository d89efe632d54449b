import ExecutorModel
import Foundation
import ResultFiles
import SimStats

/// What running an experiment produced, in deterministic order whatever `--jobs` was.
public struct ExperimentResults: Sendable {
    public let plan: ExperimentPlan
    /// Metric column names, with units (`latency_p99_us`).
    public let metricNames: [String]
    /// `values[point][replication][metric]`.
    public let values: [[[Double]]]
    /// `deadlocks[point][replication]`: why the replication stopped early, or nil if it ran to the end. A deadlock is
    /// a result, not a failure: the point is marked (`deadlocked_ratio`) and the experiment goes on.
    public let deadlocks: [[DeadlockReport?]]
    /// Per point: the latency and scheduled-delay histograms merged over replications, as export buckets.
    let histograms: [[NamedBuckets]]
    /// Kernel events processed over all runs.
    public let eventsProcessed: UInt64
    /// Wall-clock seconds spent running (not in any CSV).
    public let wallSeconds: Double
    public let jobs: Int
    /// The slice of the work this run did, or nil for all of it.
    public let shard: Shard?

    struct NamedBuckets: Sendable {
        let metric: String
        let buckets: [HistogramBucket]
    }

    /// Mean and 95% Student-t interval across replications, per point and metric. Non-finite values (a percentile of a
    /// class with no tasks) are left out; with fewer than two values the interval bounds are NaN.
    public func summary(point: Int, metric: Int) -> MetricSummary {
        let samples = values[point].compactMap { metric < $0.count ? $0[metric] : nil }.filter(\.isFinite)
        guard !samples.isEmpty, let interval = try? ConfidenceInterval.studentT(samples, level: 0.95) else {
            return MetricSummary(mean: .nan, halfWidth: .nan, count: 0)
        }
        return MetricSummary(mean: interval.mean, halfWidth: interval.halfWidth, count: interval.count)
    }

    public func metricIndex(_ name: String) -> Int? { metricNames.firstIndex(of: name) }

    /// The replications of `point` that deadlocked, in replication order.
    public func deadlockedReplications(point: Int) -> [(replication: Int, report: DeadlockReport)] {
        deadlocks[point].enumerated().compactMap { replication, report in report.map { (replication, $0) } }
    }
}

/// A metric's mean across replications with its 95% Student-t confidence interval.
public struct MetricSummary: Sendable, Hashable {
    public var mean: Double
    /// NaN when fewer than two replications gave a value.
    public var halfWidth: Double
    /// Replications that gave a finite value.
    public var count: Int
    public var lower: Double { mean - halfWidth }
    public var upper: Double { mean + halfWidth }
}

/// Reports progress; called from worker threads.
public protocol ProgressReporting: Sendable {
    func update(pointsDone: Int, points: Int, replicationsDone: Int, replications: Int)
    func finish()
}

/// Runs every replication of every sweep point on `jobs` threads.
public enum ExperimentRunner {
    /// Seeds: replication r of every point uses `ReplicationSeed(experimentSeed: seed, point: 0, replication: r)`, so
    /// all points see the same arrivals and step durations (common random numbers).
    /// With a `shard`, only that slice of the points × replications runs; the others stay empty.
    public static func run(
        _ plan: ExperimentPlan, jobs requestedJobs: Int, shard: Shard? = nil, progress: (any ProgressReporting)? = nil
    ) throws(ExperimentError) -> ExperimentResults {
        let start = Date()
        let metricSet = MetricSet(classNames: plan.classNames, primitiveNames: plan.primitiveNames)
        let replications = plan.replications
        let items = (0..<(plan.points.count * replications)).filter { shard?.contains(item: $0) ?? true }
        let total = items.count
        let jobs = max(1, min(requestedJobs, total))
        let state = RunState(points: plan.points.count, replications: replications, items: items)

        let group = DispatchGroup()
        for _ in 0..<jobs {
            group.enter()
            let thread = Thread {
                defer { group.leave() }
                worker(plan: plan, metricSet: metricSet, state: state, items: items, progress: progress)
            }
            thread.stackSize = 16 << 20
            thread.start()
        }
        group.wait()
        progress?.finish()

        let outcome = state.outcome()
        if let failure = outcome.failure { throw failure }
        return ExperimentResults(
            plan: plan, metricNames: metricSet.names, values: outcome.values, deadlocks: outcome.deadlocks,
            histograms: outcome.histograms,
            eventsProcessed: outcome.events, wallSeconds: Date().timeIntervalSince(start), jobs: jobs, shard: shard)
    }

    private static func worker(
        plan: ExperimentPlan, metricSet: MetricSet, state: RunState, items: [Int], progress: (any ProgressReporting)?
    ) {
        let replications = plan.replications
        let total = items.count
        while let next = state.take(total: total) {
            let item = items[next]
            let pointIndex = item / replications
            let replication = item % replications
            let point = plan.points[pointIndex]
            let seed = ReplicationSeed(experimentSeed: plan.seed, point: 0, replication: replication)
            do {
                let metrics = try ExecutorSimulation.run(point.scenario, seed: seed)
                let row = metricSet.values(of: metrics, workers: point.scenario.runtime.effectiveWorkerCount)
                let counts = state.deliver(
                    point: pointIndex, replication: replication, row: row, deadlock: metrics.deadlock, latency: metrics.latency,
                    scheduledDelay: metrics.scheduledDelay, events: metrics.eventsProcessed)
                progress?.update(
                    pointsDone: counts.pointsDone, points: plan.points.count, replicationsDone: counts.replicationsDone,
                    replications: total)
            } catch {
                let context = plan.sweepColumns.isEmpty
                    ? ""
                    : "sweep point \(pointIndex) ("
                        + zip(plan.sweepColumns, point.sweptValues).map { "\($0) = \($1)" }.joined(separator: ", ") + "), "
                let message = "\(context)replication \(replication): \(error)"
                var failure = ExperimentError(.run, file: plan.file, message: message)
                if case .overloaded = error {
                    failure.message += " (the limit is experiment.max_live_tasks = \(point.scenario.maxLiveTasks))"
                    failure.isOverload = true
                }
                state.fail(item: item, failure)
            }
        }
    }
}

/// The shared state of a run. All access goes through `lock`.
private final class RunState: @unchecked Sendable {
    private let lock = NSLock()
    private var next = 0
    private var rows: [[[Double]?]]
    private var deadlocks: [[DeadlockReport?]]
    private var remaining: [Int]
    private var latency: [LatencyHistogram?]
    private var scheduledDelay: [LatencyHistogram?]
    private var exported: [[ExperimentResults.NamedBuckets]]
    private var pointsDone = 0
    private var replicationsDone = 0
    private var events: UInt64 = 0
    private var failure: (item: Int, error: ExperimentError)?

    /// `items` are the work items this run will deliver (all of them, or one shard's).
    init(points: Int, replications: Int, items: [Int]) {
        rows = Array(repeating: Array(repeating: nil, count: replications), count: points)
        deadlocks = Array(repeating: Array(repeating: nil, count: replications), count: points)
        remaining = Array(repeating: 0, count: points)
        for item in items { remaining[item / replications] += 1 }
        latency = Array(repeating: nil, count: points)
        scheduledDelay = Array(repeating: nil, count: points)
        exported = Array(repeating: [], count: points)
    }

    /// The next work item, or nil when all are taken or the run failed.
    func take(total: Int) -> Int? {
        lock.lock()
        defer { lock.unlock() }
        guard failure == nil, next < total else { return nil }
        next += 1
        return next - 1
    }

    /// Stores one replication's results; merges its histograms into the point's, and exports them once the point
    /// is complete so memory stays bounded by the points in flight.
    func deliver(
        point: Int, replication: Int, row: [Double], deadlock: DeadlockReport?, latency newLatency: LatencyHistogram,
        scheduledDelay newScheduled: LatencyHistogram, events newEvents: UInt64
    ) -> (pointsDone: Int, replicationsDone: Int) {
        lock.lock()
        defer { lock.unlock() }
        rows[point][replication] = row
        deadlocks[point][replication] = deadlock
        if latency[point] == nil {
            latency[point] = newLatency
            scheduledDelay[point] = newScheduled
        } else {
            latency[point]?.merge(newLatency)
            scheduledDelay[point]?.merge(newScheduled)
        }
        events &+= newEvents
        remaining[point] -= 1
        replicationsDone += 1
        if remaining[point] == 0 {
            pointsDone += 1
            exported[point] = [
                .init(metric: HistogramMetric.latency.rawValue, buckets: latency[point]?.resultBuckets() ?? []),
                .init(
                    metric: HistogramMetric.scheduledDelay.rawValue,
                    buckets: scheduledDelay[point]?.resultBuckets() ?? []),
            ]
            latency[point] = nil
            scheduledDelay[point] = nil
        }
        return (pointsDone, replicationsDone)
    }

    /// Records a failure; the one of the earliest work item wins, so the message does not depend on `--jobs`.
    func fail(item: Int, _ error: ExperimentError) {
        lock.lock()
        defer { lock.unlock() }
        if let current = failure, current.item < item { return }
        failure = (item, error)
    }

    func outcome() -> (
        values: [[[Double]]], deadlocks: [[DeadlockReport?]], histograms: [[ExperimentResults.NamedBuckets]],
        events: UInt64, failure: ExperimentError?
    ) {
        lock.lock()
        defer { lock.unlock() }
        if let failure { return ([], [], [], events, failure.error) }
        let values = rows.map { $0.map { $0 ?? [] } }
        return (values, deadlocks, exported, events, nil)
    }
}
