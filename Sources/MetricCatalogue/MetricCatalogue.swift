/// Every metric simexec reports, each declared once, in column order.
///
/// Adding a metric: a ``Metric`` entry in ``all`` (and, for a new count, a case of ``RuntimeCounter`` or
/// ``WorkerCounter`` below) plus the one line in the model where it is counted.
public enum MetricCatalogue {
    /// The catalogue in column order. Consecutive entries of one family repeat for each class or primitive, so the
    /// columns read `latency_a_p50_us, latency_a_p99_us, latency_b_p50_us, ...`.
    public static let all: [Metric] = [
        deadlocked,
        m("throughput_per_s", .perSecond, .higher, .throughput,
          "requests completed per second of the window (a task ended by a timeout counts; child tasks do not)"),
        m("latency_p50_us", .microseconds, .lower, .histogram(.latency, .percentile(50)), "a request's arrival to its completion, median (child tasks count in their class only)"),
        m("latency_p90_us", .microseconds, .lower, .histogram(.latency, .percentile(90)), "arrival to completion, 90th percentile"),
        m("latency_p99_us", .microseconds, .lower, .histogram(.latency, .percentile(99)), "arrival to completion, 99th percentile"),
        m("latency_p999_us", .microseconds, .lower, .histogram(.latency, .percentile(99.9)),
          "arrival to completion, 99.9th percentile"),
        m("latency_max_us", .microseconds, .lower, .histogram(.latency, .max), "arrival to completion, the longest"),
        m("latency_mean_us", .microseconds, .lower, .histogram(.latency, .mean), "arrival to completion, mean"),
        m("latency_<class>_p50_us", .microseconds, .lower, .classLatency(.percentile(50)),
          "median latency of one task class, child tasks from their spawn (`nan` when the class had no tasks)", family: .taskClass),
        m("latency_<class>_p99_us", .microseconds, .lower, .classLatency(.percentile(99)),
          "99th-percentile latency of one task class (`nan` when the class had no tasks)", family: .taskClass),
        m("first_poll_delay_mean_us", .microseconds, .lower, .histogram(.firstPollDelay, .mean),
          "arrival (spawn) to first poll, mean"),
        m("first_poll_delay_p99_us", .microseconds, .lower, .histogram(.firstPollDelay, .percentile(99)),
          "arrival (spawn) to first poll, 99th percentile"),
        m("scheduled_delay_mean_us", .microseconds, .lower, .histogram(.scheduledDelay, .mean), "wake to poll, every poll, mean"),
        m("scheduled_delay_p99_us", .microseconds, .lower, .histogram(.scheduledDelay, .percentile(99)),
          "wake to poll, every poll, 99th percentile"),
        m("poll_duration_mean_us", .microseconds, .lower, .histogram(.pollDuration, .mean), "duration of every poll, mean"),
        m("poll_duration_p99_us", .microseconds, .lower, .histogram(.pollDuration, .percentile(99)),
          "duration of every poll, 99th percentile"),
        m("slow_poll_ratio", .ratio, .lower, .share(.slowPolls, of: .pollDuration), "polls over 50 µs / polls"),
        m("long_delay_ratio", .ratio, .lower, .share(.longDelays, of: .scheduledDelay),
          "wake-to-poll delays over 50 µs / scheduled polls"),
        m("worker_busy_ratio", .ratio, .neither, .workerTimeShare(.busy), "worker time polling on a core / (window × workers)"),
        m("worker_blocked_ratio", .ratio, .lower, .workerTimeShare(.blocked),
          "worker time blocked inside a poll (a `block` step, a std `lock()`) / (window × workers)"),
        m("worker_parked_ratio", .ratio, .neither, .workerTimeShare(.parked),
          "worker time parked, wake-up latency included / (window × workers)"),
        m("worker_busy_imbalance_ratio", .ratio, .lower, .busyImbalance,
          "the busiest worker's busy time / the mean worker's: 1 when even, more when `local` tasks pin work"),
        m("stall_ratio", .ratio, .lower, .stall(.ratio),
          "time during which a worker was blocked while runnable tasks waited / window"),
        m("stall_time_ms", .milliseconds, .lower, .stall(.time),
          "time during which a worker was blocked while runnable tasks waited"),
        m("longest_stall_ms", .milliseconds, .lower, .stall(.longest), "the longest stretch of stall time"),
        m("all_workers_blocked_ms", .milliseconds, .lower, .stall(.allWorkersBlocked), "time with every worker blocked"),
        m("stalled_task_wait_task_ms", .milliseconds, .lower, .stall(.stalledTaskWait),
          "task-milliseconds runnable tasks waited during stalls"),
        m("worker_poll_count", .count, .neither, .workerCount(.poll), "polls, summed over workers (`worker_poll_count`)"),
        m("worker_steal_count", .count, .neither, .workerCount(.steal), "tasks stolen (`worker_steal_count`)"),
        m("worker_steal_operations_count", .count, .neither, .workerCount(.stealOperation),
          "successful steal operations (`worker_steal_operations`)"),
        m("worker_overflow_count", .count, .lower, .workerCount(.overflow),
          "local queues overflowing half into the inject queue (`worker_overflow_count`)"),
        m("worker_park_count", .count, .neither, .workerCount(.park), "parks (`worker_park_count`)"),
        m("worker_noop_count", .count, .neither, .workerCount(.noop),
          "unparks after which the worker found nothing to poll (`worker_noop_count`)"),
        m("worker_local_schedule_count", .count, .neither, .workerCount(.localSchedule),
          "tasks scheduled onto a worker from itself (`worker_local_schedule_count`)"),
        m("budget_forced_yield_count", .count, .neither, .count(.budgetForcedYield),
          "polls cut short because the coop budget ran out (`budget_forced_yield_count`)"),
        m("remote_schedule_count", .count, .neither, .count(.remoteSchedule),
          "tasks scheduled from outside a worker: arrivals, blocking-pool completions (`remote_schedule_count`)"),
        m("io_driver_ready_count", .count, .neither, .count(.ioDriverReady),
          "I/O readiness events the driver processed, those of dropped awaits included (`io_driver_ready_count`)"),
        m("global_queue_depth_peak_count", .count, .neither, .peak(.globalQueueDepth), "the inject queue's longest length"),
        m("blocking_threads_spawned_count", .count, .neither, .count(.blockingThreadsSpawned), "blocking-pool threads created"),
        m("blocking_threads_peak_count", .count, .neither, .peak(.blockingThreads), "most blocking-pool threads alive at once"),
        m("blocking_queue_depth_peak_count", .count, .lower, .peak(.blockingQueueDepth),
          "the blocking pool queue's longest length"),
        m("blocking_queue_wait_mean_us", .microseconds, .lower, .histogram(.blockingQueueWait, .mean),
          "a `spawn_blocking` closure's wait for a pool thread, mean"),
        m("blocking_queue_wait_p99_us", .microseconds, .lower, .histogram(.blockingQueueWait, .percentile(99)),
          "a `spawn_blocking` closure's wait for a pool thread, 99th percentile"),
        m("lock_<name>_acquisitions_count", .count, .neither, .primitive(.acquisitions),
          "successful acquisitions of the mutex or semaphore", family: .primitive),
        m("lock_<name>_contended_ratio", .ratio, .lower, .primitive(.contendedRatio),
          "acquisitions that had to wait / acquisitions", family: .primitive),
        m("lock_<name>_wait_p50_us", .microseconds, .lower, .primitive(.wait(.percentile(50))),
          "asking to getting, every acquisition (0 when free), median", family: .primitive),
        m("lock_<name>_wait_p99_us", .microseconds, .lower, .primitive(.wait(.percentile(99))),
          "asking to getting, 99th percentile", family: .primitive),
        m("lock_<name>_wait_max_us", .microseconds, .lower, .primitive(.wait(.max)),
          "asking to getting, the longest", family: .primitive),
        m("lock_<name>_hold_p50_us", .microseconds, .lower, .primitive(.hold(.percentile(50))),
          "getting to giving back (a FIFO hand-off includes the woken waiter's wait for its turn), median",
          family: .primitive),
        m("lock_<name>_hold_p99_us", .microseconds, .lower, .primitive(.hold(.percentile(99))),
          "getting to giving back, 99th percentile", family: .primitive),
        m("lock_<name>_hold_max_us", .microseconds, .lower, .primitive(.hold(.max)),
          "getting to giving back, the longest", family: .primitive),
        m("lock_<name>_longest_queue_count", .count, .lower, .primitive(.longestQueue),
          "the most waiters queued at once", family: .primitive),
        m("lock_<name>_worker_blocked_ms", .milliseconds, .lower, .primitive(.workerBlockedTime),
          "worker-thread time blocked in a std `lock()` (0 for `async` and semaphores)", family: .primitive),
        m("lock_<name>_leaked_count", .count, .lower, .primitive(.leaked),
          "guards or permits never given back because a timeout skipped an `after_await` release", family: .primitive),
        m("tasks_timed_out_count", .count, .lower, .count(.tasksTimedOut), "timeouts that fired"),
        m("tasks_cancelled_count", .count, .lower, .count(.tasksCancelled),
          "timeouts that ended their task (`on_timeout = \"end\"`)"),
        m("work_discarded_ms", .milliseconds, .lower, .count(.workDiscarded), "sampled duration of the steps a cancellation skipped"),
        m("blocking_jobs_detached_count", .count, .neither, .count(.blockingJobsDetached),
          "`spawn_blocking` closures whose awaiting group was cancelled: they ran to the end anyway"),
        m("resources_leaked_count", .count, .lower, .count(.resourcesLeaked), "guards and permits leaked, over all primitives"),
        m("block_in_place_count", .count, .neither, .count(.blockInPlace), "`block_in_place` calls"),
        m("select_branches_dropped_count", .count, .neither, .count(.selectBranchesDropped),
          "`select` branches dropped because the other finished first"),
        m("child_tasks_spawned_count", .count, .neither, .count(.childTasksSpawned),
          "tasks spawned by tasks (`spawn` and `join` steps)"),
        m("accept_loop_poll_count", .count, .neither, .count(.acceptLoopPolls),
          "polls of the accept loop (`spawned_by = \"accept_loop\"`)"),
        m("accept_loop_busy_ms", .milliseconds, .lower, .count(.acceptLoopTime),
          "worker time spent polling the accept loop: accepting connections and spawning their tasks"),
        m("lifo_blocked_task_count", .count, .lower, .count(.lifoBlockedTasks),
          "tasks that waited in the LIFO slot of a worker while it was blocked (tokio#4941: no one can steal them)"),
        m("lifo_blocked_wait_ms", .milliseconds, .lower, .count(.lifoBlockedWait),
          "time tasks waited in the LIFO slot of a blocked worker, summed over tasks"),
        m("stranded_task_count", .count, .lower, .count(.strandedTasks),
          "tasks that waited in the LIFO slot or local queue of a busy or blocked worker while another worker was "
            + "parked (tokio#4941: a design that let the idle worker take them would have run them sooner)"),
        m("stranded_wait_ms", .milliseconds, .lower, .count(.strandedWait),
          "the part of those tasks' waits during which another worker was parked, summed over tasks"),
        m("timer_stall_count", .count, .lower, .count(.timerStalls),
          "blocked periods of a worker that ended with a timer due and no thread parked in the driver to fire it "
            + "(tokio#4730)"),
        m("timer_stall_ms", .milliseconds, .lower, .count(.timerStallTime),
          "time from the due timer (or the block's start, if later) to the end of those blocked periods, summed"),
        m("io_delivery_delay_mean_us", .microseconds, .lower, .histogram(.ioDeliveryDelay, .mean),
          "an I/O readiness to its delivery by a thread turning the driver, mean (long when the driver sits idle "
            + "while its last poller is blocked, tokio#4730)"),
        m("io_delivery_delay_p99_us", .microseconds, .lower, .histogram(.ioDeliveryDelay, .percentile(99)),
          "an I/O readiness to its delivery, 99th percentile"),
        m("timer_delivery_delay_p99_us", .microseconds, .lower, .histogram(.timerDeliveryDelay, .percentile(99)),
          "a timer's deadline tick to its firing by a thread turning the driver, 99th percentile"),
        m("blocked_worker_handoff_count", .count, .neither, .count(.blockedWorkerHandoffs),
          "cores the blocked-worker monitor handed to a new thread (`blocked_worker_handoff`)"),
        m("tasks_arrived_count", .count, .neither, .tasksArrived, "requests that arrived in the window"),
        m("tasks_completed_count", .count, .higher, .tasksCompleted, "of those, tasks that completed"),
        m("tasks_unfinished_count", .count, .lower, .tasksUnfinished, "of those, tasks still running when the run stopped"),
        m("events_count", .count, .neither, .events, "events the simulation processed (warm-up and drain included)"),
    ]

    /// The per-replication deadlock flag, the first column: its mean is the share of replications that deadlocked.
    /// In replications.csv, where each value is a yes (1) or no (0), its column is called `deadlocked`.
    public static let deadlocked = m(
        "deadlocked_ratio", .ratio, .lower, .deadlocked,
        "1 if the replication stopped in a deadlock, else 0: its mean is the share of replications that deadlocked "
            + "(in replications.csv the column is `deadlocked`)")

    private static func m(
        _ name: String, _ unit: MetricUnit, _ better: BetterDirection, _ source: MetricSource, _ meaning: String,
        family: MetricFamily = .runtime
    ) -> Metric {
        Metric(name: name, unit: unit, better: better, family: family, source: source, meaning: meaning)
    }
}

/// A runtime-wide count or total, kept by the measurement recorder.
public enum RuntimeCounter: Int, Sendable, Hashable, CaseIterable {
    /// Polls cut short because the coop budget ran out (`budget_forced_yield_count`).
    case budgetForcedYield
    /// Tasks scheduled from outside a worker: arrivals, blocking-pool completions (`remote_schedule_count`).
    case remoteSchedule
    /// I/O readiness events the driver processed when a thread turned it (`io_driver_ready_count`).
    case ioDriverReady
    /// Blocking-pool threads created.
    case blockingThreadsSpawned
    /// `block_in_place` calls.
    case blockInPlace
    /// `spawn_blocking` closures whose awaiting scope was cancelled: they ran to their end anyway.
    case blockingJobsDetached
    /// `select` branches dropped because the other branch finished first.
    case selectBranchesDropped
    /// Timeouts that fired and cancelled their group.
    case tasksTimedOut
    /// Tasks that ended because of a timeout (`on_timeout = "end"`).
    case tasksCancelled
    /// Sampled duration of the steps cancellations skipped, in ns.
    case workDiscarded
    /// Guards and permits never given back, over all primitives. Whole run: the loss carries over.
    case resourcesLeaked
    /// Polls longer than 50 µs (tokio-metrics `DEFAULT_SLOW_POLL_THRESHOLD`).
    case slowPolls
    /// Tasks spawned by tasks (`spawn`, `join`).
    case childTasksSpawned
    /// Polls of the accept loop.
    case acceptLoopPolls
    /// Worker time of the accept loop's polls, in ns.
    case acceptLoopTime
    /// Tasks that waited in the LIFO slot of a blocked worker.
    case lifoBlockedTasks
    /// Time tasks waited in the LIFO slot of a blocked worker, summed, in ns.
    case lifoBlockedWait
    /// Tasks that waited on a busy or blocked worker while another worker was parked.
    case strandedTasks
    /// The part of their waits during which another worker was parked, summed, in ns.
    case strandedWait
    /// Blocked periods that ended with a timer due and no thread parked in the driver.
    case timerStalls
    /// Time from the due timer (or the block's start) to the end of those blocked periods, summed, in ns.
    case timerStallTime
    /// Cores the blocked-worker monitor handed to a new thread.
    case blockedWorkerHandoffs
    /// Wake-to-poll delays longer than 50 µs (tokio-metrics `DEFAULT_LONG_DELAY_THRESHOLD`).
    case longDelays

    /// Which part of the run the counter covers.
    public var window: WindowRule {
        switch self {
        case .resourcesLeaked: .wholeRun
        case .budgetForcedYield, .remoteSchedule, .ioDriverReady, .blockingThreadsSpawned, .blockInPlace, .blockingJobsDetached,
            .selectBranchesDropped, .tasksTimedOut, .tasksCancelled, .workDiscarded, .slowPolls, .longDelays,
            .childTasksSpawned, .acceptLoopPolls, .acceptLoopTime, .lifoBlockedTasks, .lifoBlockedWait, .strandedTasks, .strandedWait, .timerStalls, .timerStallTime,
            .blockedWorkerHandoffs:
            .window
        }
    }
}
/// A count kept per worker, over the window.
public enum WorkerCounter: Int, Sendable, Hashable, CaseIterable {
    /// `worker_poll_count` (Tokio 1.24 counts every LIFO poll).
    case poll
    /// `worker_steal_count`: tasks stolen by this worker.
    case steal
    /// `worker_steal_operations`: successful steal operations.
    case stealOperation
    /// `worker_overflow_count`: times the local queue overflowed into the inject queue.
    case overflow
    /// `worker_park_count`.
    case park
    /// `worker_noop_count`: unparks after which the worker found nothing to poll before parking again.
    case noop
    /// `worker_local_schedule_count`: tasks scheduled onto this worker from itself.
    case localSchedule
}
