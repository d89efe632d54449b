import Testing

@testable import Experiment

/// Issue 15, overload: a mutex or semaphore offered a load of 1 or more is refused like an overloaded worker, and
/// live tasks that would not fit in `experiment.max_memory` are refused before the run.
@Suite struct PrimitiveLoadTests {
    func file(rate: Int = 1000, primitive: String, step: String) -> String {
        """
        [arrivals]
        rate = \(rate)
        \(primitive)
        [[task]]
        name = "t"
        steps = [ \(step) ]
        """
    }

    let mutex = "[[mutex]]\nname = \"db\"\nkind = \"async\""
    let semaphore = "[[semaphore]]\nname = \"pool\"\npermits = 4"

    @Test func aMutexOfferedMoreThanItCanServeIsRefused() {
        let message = errorMessage(file(primitive: mutex, step: "{ lock = \"db\", hold = [ { io = \"1.2ms\" } ] }"))
        #expect(message.hasPrefix("test.toml:3:1: mutex.db: "), "\(message)")
        #expect(message.contains("the offered load of mutex \"db\" is 1.2 (1000 tasks/s × 1.2ms held per request"))
        #expect(message.contains("/ 1 holder at a time); it must be below 1"))
        #expect(experimentError(file(primitive: mutex, step: "{ lock = \"db\", hold = [ { io = \"1.2ms\" } ] }"))?.isOverload == true)
    }

    @Test func aSemaphoreCountsItsPermits() throws {
        let message = errorMessage(file(primitive: semaphore, step: "{ acquire = \"pool\", hold = [ { io = \"5ms\" } ] }"))
        #expect(message.contains("semaphore.pool: the offered load of semaphore \"pool\" is 1.25"), "\(message)")
        #expect(message.contains("/ 4 permits)"))
        #expect(message.contains("raise its permits"))
        _ = try makePlan(file(primitive: semaphore, step: "{ acquire = \"pool\", hold = [ { io = \"3ms\" } ] }"))
    }

    @Test func aTimeoutCapsTheHoldTime() throws {
        let step = "{ timeout = \"500us\", steps = [ { lock = \"db\", hold = [ { io = \"5ms\" } ] } ] }"
        _ = try makePlan(file(primitive: mutex, step: step))
    }

    @Test func childTasksHoldsCount() {
        let text = """
            [arrivals]
            rate = 1000
            [[mutex]]
            name = "db"
            kind = "async"
            [[task]]
            name = "parent"
            steps = [ { join = ["child", "child"] } ]
            [[task]]
            name = "child"
            weight = 0
            steps = [ { lock = "db", hold = [ { io = "600us" } ] } ]
            """
        let message = errorMessage(text)
        #expect(message.contains("the offered load of mutex \"db\" is 1.2"), "\(message)")
    }

    @Test func liveTasksBeyondMaxMemoryAreRefused() throws {
        let steps = Array(repeating: "{ io = \"exp(10s)\" }", count: 100).joined(separator: ", ")
        let text = """
            [experiment]
            duration = "100s"
            max_live_tasks = 100000000
            [runtime.costs]
            poll_overhead = 0
            [arrivals]
            rate = 100000
            [[task]]
            name = "t"
            steps = [ \(steps) ]
            """
        let message = errorMessage(text)
        #expect(message.hasPrefix("test.toml:3:1: experiment.max_live_tasks: one replication would need about"), "\(message)")
        #expect(message.contains("the limit is experiment.max_memory = \"4GB\""))
        #expect(message.contains("Lower experiment.max_live_tasks, arrivals.rate or experiment.duration"))
        let plan = try makePlan(text.replacingOccurrences(of: "[experiment]", with: "[experiment]\nmax_memory = \"100GB\""))
        #expect(plan.points.count == 1)
    }

    @Test func maxMemoryIsASize() {
        let message = errorMessage("[experiment]\nmax_memory = \"4 parsecs\"\n" + baseExperiment.replacingOccurrences(of: "[experiment]\n", with: ""))
        #expect(message.contains("experiment.max_memory: expected a size from \"1MB\""), "\(message)")
        #expect(ByteSize.parse("1.5GB") == 1.5e9 && ByteSize.parse("512MB") == 512e6 && ByteSize.parse("GB") == nil)
    }
}

extension PrimitiveLoadTests {
    /// The issue's case: within every other limit (19.8 million tasks, all alive at once), about 6 GB per replication.
    @Test func theSixGigabyteRunOfTheIssueIsRefusedByDefault() {
        let text = """
            [experiment]
            duration = "180s"
            max_live_tasks = 100000000
            [runtime.costs]
            poll_overhead = 0
            [arrivals]
            rate = 100000
            [[task]]
            name = "t"
            steps = [ { io = "exp(1000s)" } ]
            """
        let message = errorMessage(text)
        // 300 bytes: the task record's stride plus its one sampled step duration.
        #expect(message.contains("one replication would need about 5.94 GB for its live tasks (at least 19800000 alive"), "\(message)")
        #expect(message.contains("300 bytes each"))
    }
}
