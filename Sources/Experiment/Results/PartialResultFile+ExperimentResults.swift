import ExecutorModel
import ResultFiles

extension PartialResultFile {
    /// What `shard` of `results` computed: its work items, and the histograms of every point it touched.
    init(results: ExperimentResults, shard: Shard, sets: [String]) {
        let plan = results.plan
        var items: [Item] = []
        var histograms: [Histogram] = []
        for point in plan.points.indices {
            let firstItem = point * plan.replications
            for replication in 0..<plan.replications where shard.contains(item: firstItem + replication) {
                items.append(Item(
                    point: point, replication: replication, values: results.values[point][replication],
                    deadlock: results.deadlocks[point][replication].map(Deadlock.init)))
            }
            for named in results.histograms[point] where !named.buckets.isEmpty {
                histograms.append(Histogram(point: point, metric: named.metric, buckets: named.buckets))
            }
        }
        self.init(
            file: plan.file, fileSHA256: plan.fileSHA256, sets: sets, seed: plan.seed, replications: plan.replications,
            shardIndex: shard.index, shardCount: shard.count, pointCount: plan.points.count,
            metricNames: results.metricNames, items: items, histograms: histograms,
            eventsProcessed: results.eventsProcessed, wallSeconds: results.wallSeconds)
    }
}

extension PartialResultFile.Deadlock {
    init(_ report: DeadlockReport) {
        self.init(
            timeNanoseconds: report.time, primitive: report.primitive, holder: report.holder, waiters: report.waiters)
    }
}

extension DeadlockReport {
    init(_ deadlock: PartialResultFile.Deadlock) {
        self.init(
            time: deadlock.timeNanoseconds, primitive: deadlock.primitive, holder: deadlock.holder,
            waiters: deadlock.waiters)
    }
}
