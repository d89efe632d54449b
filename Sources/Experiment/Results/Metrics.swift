import ExecutorModel
import SimStats

/// The per-replication numbers written to the CSV files, with units in their names.
///
/// Latencies come from the run's histograms (µs); a percentile of a histogram with no values is NaN (written `nan`),
/// so a task class with weight 0 shows no latency rather than a fake 0. Worker ratios are time over
/// (window × workers); counts are sums over workers.
///
/// `deadlocked_ratio` comes first: 1 for a replication that stopped in a deadlock, else 0, so its mean is the share of
/// replications that deadlocked. The other metrics of such a replication cover the time until it stopped. The
/// `lock_<name>_` columns exist only when the workload declares mutexes or semaphores.
struct MetricSet: Sendable {
    struct Definition: Sendable {
        let name: String
        let value: @Sendable (RunMetrics, Int) -> Double
    }

    let definitions: [Definition]
    var names: [String] { definitions.map(\.name) }

    func values(of metrics: RunMetrics, workers: Int) -> [Double] {
        definitions.map { $0.value(metrics, workers) }
    }

    /// The name of the per-replication deadlock flag.
    static let deadlockedRatio = "deadlocked_ratio"

    init(classNames: [String], primitiveNames: [String] = []) {
        var d: [Definition] = []
        func add(_ name: String, _ value: @escaping @Sendable (RunMetrics, Int) -> Double) {
            d.append(Definition(name: name, value: value))
        }
        add(Self.deadlockedRatio) { m, _ in m.deadlock == nil ? 0 : 1 }
        add("throughput_per_s") { m, _ in m.throughputPerSecond }
        add("latency_p50_us") { m, _ in MetricSet.micros(m.latency, 50) }
        add("latency_p90_us") { m, _ in MetricSet.micros(m.latency, 90) }
        add("latency_p99_us") { m, _ in MetricSet.micros(m.latency, 99) }
        add("latency_p999_us") { m, _ in MetricSet.micros(m.latency, 99.9) }
        add("latency_max_us") { m, _ in m.latency.count == 0 ? .nan : Double(m.latency.max) / 1e3 }
        add("latency_mean_us") { m, _ in MetricSet.meanMicros(m.latency) }
        for (index, name) in classNames.enumerated() {
            add("latency_\(name)_p50_us") { m, _ in
                index < m.latencyByClass.count ? MetricSet.micros(m.latencyByClass[index], 50) : .nan
            }
            add("latency_\(name)_p99_us") { m, _ in
                index < m.latencyByClass.count ? MetricSet.micros(m.latencyByClass[index], 99) : .nan
            }
        }
        add("first_poll_delay_mean_us") { m, _ in MetricSet.meanMicros(m.firstPollDelay) }
        add("first_poll_delay_p99_us") { m, _ in MetricSet.micros(m.firstPollDelay, 99) }
        add("scheduled_delay_mean_us") { m, _ in MetricSet.meanMicros(m.scheduledDelay) }
        add("scheduled_delay_p99_us") { m, _ in MetricSet.micros(m.scheduledDelay, 99) }
        add("poll_duration_mean_us") { m, _ in MetricSet.meanMicros(m.pollDuration) }
        add("poll_duration_p99_us") { m, _ in MetricSet.micros(m.pollDuration, 99) }
        add("slow_poll_ratio") { m, _ in m.slowPollRatio }
        add("long_delay_ratio") { m, _ in m.longDelayRatio }
        add("worker_busy_ratio") { m, w in MetricSet.workerRatio(m, w, \.busyTime) }
        add("worker_blocked_ratio") { m, w in MetricSet.workerRatio(m, w, \.blockedTime) }
        add("worker_parked_ratio") { m, w in MetricSet.workerRatio(m, w, \.parkedTime) }
        add("worker_busy_imbalance_ratio") { m, _ in MetricSet.busyImbalance(m) }
        add("stall_ratio") { m, _ in MetricSet.window(m) > 0 ? Double(m.stalls.stallTime) / MetricSet.window(m) : .nan }
        add("stall_time_ms") { m, _ in Double(m.stalls.stallTime) / 1e6 }
        add("longest_stall_ms") { m, _ in Double(m.stalls.longestStall) / 1e6 }
        add("all_workers_blocked_ms") { m, _ in Double(m.stalls.allWorkersBlockedTime) / 1e6 }
        add("stalled_task_wait_task_ms") { m, _ in m.stalls.stalledTaskWait / 1e6 }
        add("worker_poll_count") { m, _ in MetricSet.workerSum(m, \.pollCount) }
        add("worker_steal_count") { m, _ in MetricSet.workerSum(m, \.stealCount) }
        add("worker_steal_operations_count") { m, _ in MetricSet.workerSum(m, \.stealOperations) }
        add("worker_overflow_count") { m, _ in MetricSet.workerSum(m, \.overflowCount) }
        add("worker_park_count") { m, _ in MetricSet.workerSum(m, \.parkCount) }
        add("worker_noop_count") { m, _ in MetricSet.workerSum(m, \.noopCount) }
        add("worker_local_schedule_count") { m, _ in MetricSet.workerSum(m, \.localScheduleCount) }
        add("budget_forced_yield_count") { m, _ in Double(m.budgetForcedYieldCount) }
        add("remote_schedule_count") { m, _ in Double(m.remoteScheduleCount) }
        add("global_queue_depth_peak_count") { m, _ in Double(m.globalQueueDepthPeak) }
        add("blocking_threads_spawned_count") { m, _ in Double(m.blockingThreadsSpawned) }
        add("blocking_threads_peak_count") { m, _ in Double(m.blockingThreadsPeak) }
        add("blocking_queue_depth_peak_count") { m, _ in Double(m.blockingQueueDepthPeak) }
        add("blocking_queue_wait_mean_us") { m, _ in MetricSet.meanMicros(m.blockingQueueWait) }
        add("blocking_queue_wait_p99_us") { m, _ in MetricSet.micros(m.blockingQueueWait, 99) }
        for (index, name) in primitiveNames.enumerated() {
            let primitive: @Sendable (RunMetrics) -> PrimitiveMetrics? = { m in
                index < m.primitives.count ? m.primitives[index] : nil
            }
            let prefix = "lock_\(name)_"
            add(prefix + "acquisitions_count") { m, _ in primitive(m).map { Double($0.acquisitions) } ?? .nan }
            add(prefix + "contended_ratio") { m, _ in primitive(m).map(\.contendedRatio) ?? .nan }
            add(prefix + "wait_p50_us") { m, _ in primitive(m).map { MetricSet.micros($0.waitTime, 50) } ?? .nan }
            add(prefix + "wait_p99_us") { m, _ in primitive(m).map { MetricSet.micros($0.waitTime, 99) } ?? .nan }
            add(prefix + "wait_max_us") { m, _ in primitive(m).map { MetricSet.maxMicros($0.waitTime) } ?? .nan }
            add(prefix + "hold_p50_us") { m, _ in primitive(m).map { MetricSet.micros($0.holdTime, 50) } ?? .nan }
            add(prefix + "hold_p99_us") { m, _ in primitive(m).map { MetricSet.micros($0.holdTime, 99) } ?? .nan }
            add(prefix + "hold_max_us") { m, _ in primitive(m).map { MetricSet.maxMicros($0.holdTime) } ?? .nan }
            add(prefix + "longest_queue_count") { m, _ in primitive(m).map { Double($0.longestQueue) } ?? .nan }
            add(prefix + "worker_blocked_ms") { m, _ in primitive(m).map { Double($0.workerBlockedTime) / 1e6 } ?? .nan }
            add(prefix + "leaked_count") { m, _ in primitive(m).map { Double($0.leaked) } ?? .nan }
        }
        add("tasks_timed_out_count") { m, _ in Double(m.tasksTimedOut) }
        add("tasks_cancelled_count") { m, _ in Double(m.tasksCancelled) }
        add("work_discarded_ms") { m, _ in Double(m.workDiscarded) / 1e6 }
        add("blocking_jobs_detached_count") { m, _ in Double(m.blockingJobsDetached) }
        add("resources_leaked_count") { m, _ in Double(m.resourcesLeaked) }
        add("block_in_place_count") { m, _ in Double(m.blockInPlaceCount) }
        add("select_branches_dropped_count") { m, _ in Double(m.selectBranchesDropped) }
        add("tasks_arrived_count") { m, _ in Double(m.tasksArrived) }
        add("tasks_completed_count") { m, _ in Double(m.tasksCompleted) }
        add("tasks_unfinished_count") { m, _ in Double(m.tasksUnfinished) }
        add("events_count") { m, _ in Double(m.eventsProcessed) }
        definitions = d
    }

    private static func micros(_ histogram: LatencyHistogram, _ percentile: Double) -> Double {
        histogram.count == 0 ? .nan : Double(histogram.valueAtPercentile(percentile)) / 1e3
    }

    private static func meanMicros(_ histogram: LatencyHistogram) -> Double {
        histogram.count == 0 ? .nan : histogram.mean / 1e3
    }

    private static func maxMicros(_ histogram: LatencyHistogram) -> Double {
        histogram.count == 0 ? .nan : Double(histogram.max) / 1e3
    }

    /// The busiest worker's busy time over the mean busy time of all workers: 1 when the load is spread evenly, up to
    /// the number of workers when one worker does everything (what pinning `local` tasks can cost).
    private static func busyImbalance(_ m: RunMetrics) -> Double {
        guard !m.workers.isEmpty else { return .nan }
        let busy = m.workers.map { Double($0.busyTime) }
        let mean = busy.reduce(0, +) / Double(busy.count)
        guard mean > 0 else { return .nan }
        return (busy.max() ?? 0) / mean
    }

    private static func window(_ m: RunMetrics) -> Double { Double(m.measuredDuration) }

    private static func workerRatio(_ m: RunMetrics, _ workers: Int, _ time: (WorkerMetrics) -> Int64) -> Double {
        let denominator = MetricSet.window(m) * Double(max(workers, 1))
        guard denominator > 0 else { return .nan }
        return Double(m.workers.reduce(Int64(0)) { $0 + time($1) }) / denominator
    }

    private static func workerSum(_ m: RunMetrics, _ count: (WorkerMetrics) -> Int) -> Double {
        Double(m.workers.reduce(0) { $0 + count($1) })
    }
}
