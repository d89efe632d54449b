import SimKernel

/// What a scenario asks of its primitives and of memory, for the checks that refuse it before it runs.
extension Scenario {
    /// The offered load of `Workload.primitives[primitive]`: mean arrival rate × mean hold time per request (see
    /// `Workload.meanHoldTimePerTask(ofPrimitive:)`) / holders allowed at once (1 for a mutex, its permits for a
    /// semaphore). At 1 or more its wait queue grows without bound. 0 for a closed process, which cannot overload.
    public func offeredLoad(ofPrimitive primitive: Int) -> Double {
        guard let rate = workload.arrivals.meanRatePerSecond else { return 0 }
        let capacity = Double(workload.primitives[primitive].capacity)
        return rate * workload.meanHoldTimePerTask(ofPrimitive: primitive) / 1e9 / capacity
    }

    /// The number of tasks a run can be expected to keep alive at once, at least: the fewest of `maxLiveTasks` (past
    /// it the run stops), every task one run spawns, and Little's law (arrival rate × the lifetime of a request's
    /// tasks, poll overhead included). 0 for a closed process, whose clients bound it.
    public var expectedLiveTasks: Double {
        guard let rate = workload.arrivals.meanRatePerSecond else { return 0 }
        let lifetime = workload.meanTaskTimePerRequest
            + workload.meanPollsPerTask * Double(runtime.costs.pollOverhead)
        let simulated = Double(warmup) + Double(duration)
        let tasksPerRequest = max(1, tasksSpawnedPerRequest)
        return min(Double(maxLiveTasks), rate * simulated / 1e9 * tasksPerRequest, rate * lifetime / 1e9)
    }

    /// The bytes one live task takes in the model: its record, the step durations sampled for it (the most random
    /// durations in one program), its held-resource and timeout-group storage, and its share of queues and events,
    /// × 1.5 for the spare capacity of arrays that grow by doubling.
    public var bytesPerLiveTask: Int {
        func most(_ counts: (TaskClass) -> Int) -> Int { workload.classes.map(counts).max() ?? 0 }
        let samples = most { taskClass in
            taskClass.steps.count { step in
                guard let duration = step.duration else { return false }
                if case .constant = duration { return false }
                return true
            }
        }
        let held = most { $0.steps.count { if case .acquire = $0 { true } else { false } } }
        let scopes = most { $0.steps.count { if case .timeout = $0 { true } else { false } } }
        let stored = MemoryLayout<TaskRecord>.stride + samples * MemoryLayout<Nanoseconds>.stride
            + held * MemoryLayout<HeldResource>.stride + scopes * MemoryLayout<TimeoutScope>.stride
            + Self.queueBytesPerLiveTask
        return stored * 3 / 2
    }

    /// A live task's share of run queues, the event queue and free-slot lists, in bytes (a generous round figure).
    static let queueBytesPerLiveTask = 64

    /// The mean number of tasks one request spawns, itself included.
    private var tasksSpawnedPerRequest: Double {
        func count(_ index: Int, depth: Int) -> Double {
            guard depth < workload.classes.count else { return 0 }
            return workload.classes[index].steps.reduce(1.0) { total, step in
                switch step {
                case let .spawn(child): return total + count(child, depth: depth + 1)
                case let .join(children): return total + children.reduce(0.0) { $0 + count($1, depth: depth + 1) }
                default: return total
                }
            }
        }
        return workload.weightedMean { count($0, depth: 0) }
    }
}
