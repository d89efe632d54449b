import ExecutorModel
import Foundation
import SimStats
import Testing

@testable import Experiment

@Suite struct DurationParsingTests {
    @Test(arguments: [
        ("250us", 250_000.0), ("5ms", 5_000_000), ("2s", 2_000_000_000), ("1.5ms", 1_500_000), ("10ns", 10),
        ("3\u{00B5}s", 3_000), ("3\u{03BC}s", 3_000), ("1_000us", 1_000_000), (" 7 ms ", 7_000_000), ("1e3us", 1_000_000),
        ("0s", 0),
    ])
    func durations(text: String, nanoseconds: Double) throws {
        #expect(try DurationSyntax.parse(text) == nanoseconds)
    }

    @Test func badDurationsExplainTheSyntax() {
        let missingUnit = message { try DurationSyntax.parse("5") }
        #expect(missingUnit.contains("without a unit"))
        #expect(missingUnit.contains("\"5ms\""))
        #expect(message { try DurationSyntax.parse("5 mins") }.contains("unknown unit \"mins\""))
        #expect(message { try DurationSyntax.parse("-5ms") }.contains("negative"))
        #expect(message { try DurationSyntax.parse("fast") }.contains("not a duration"))
        #expect(message { try DurationSyntax.parse("5msec") }.contains("unknown unit"))
    }

    @Test func distributionsConvertToNanoseconds() throws {
        #expect(try DurationSyntax.parseDistribution("5ms") == .constant(5e6))
        #expect(try DurationSyntax.parseDistribution("constant(5ms)") == .constant(5e6))
        #expect(try DurationSyntax.parseDistribution("exp(1ms)") == .exponential(mean: 1e6))
        #expect(try DurationSyntax.parseDistribution("exp(mean=250us)") == .exponential(mean: 2.5e5))
        #expect(try DurationSyntax.parseDistribution("uniform(1ms, 3ms)") == .uniform(low: 1e6, high: 3e6))
        #expect(try DurationSyntax.parseDistribution("uniform(low=1ms, high=3ms)") == .uniform(low: 1e6, high: 3e6))
        #expect(
            try DurationSyntax.parseDistribution("normal(mean=2ms, sd=500us)")
                == .normal(mean: 2e6, standardDeviation: 5e5))
        #expect(
            try DurationSyntax.parseDistribution("lognormal(median=1ms, p99=20ms)")
                == Distribution.lognormal(median: 1e6, p99: 2e7))
        #expect(
            try DurationSyntax.parseDistribution("lognormal(mean=1ms, cv=2)")
                == Distribution.lognormal(mean: 1e6, coefficientOfVariation: 2))
        #expect(try DurationSyntax.parseDistribution("gamma(shape=2, scale=1ms)") == .gamma(shape: 2, scale: 1e6))
        #expect(
            try DurationSyntax.parseDistribution("weibull(shape=1.5, scale=1ms)") == .weibull(scale: 1e6, shape: 1.5))
        #expect(
            try DurationSyntax.parseDistribution("pareto(shape=2.5, min=1ms)") == .pareto(shape: 2.5, minimum: 1e6))
        #expect(try DurationSyntax.parseDistribution("empirical(1ms, 2ms, 5ms)") == .empirical([1e6, 2e6, 5e6]))
    }

    @Test func badDistributionsNameTheProblem() {
        let unknown = message { try DurationSyntax.parseDistribution("expo(1ms)") }
        #expect(unknown.contains("unknown distribution \"expo\""))
        #expect(unknown.contains("did you mean \"exp\""))
        #expect(unknown.contains("lognormal(median=1ms, p99=20ms)"))
        #expect(message { try DurationSyntax.parseDistribution("lognormal(1ms, 2ms)") }.contains("lognormal takes either"))
        #expect(message { try DurationSyntax.parseDistribution("gamma(2, 1ms)") }.contains("name the arguments"))
        #expect(message { try DurationSyntax.parseDistribution("uniform(3ms, 1ms)") }.contains("low must be below high"))
        #expect(message { try DurationSyntax.parseDistribution("exp(1ms") }.contains("closing parenthesis"))
        #expect(message { try DurationSyntax.parseDistribution("exp(1ms, 2ms)") }.contains("takes 1 argument"))
        #expect(message { try DurationSyntax.parseDistribution("pareto(shape=2.5)") }.contains("needs min"))
        #expect(message { try DurationSyntax.parseDistribution("exp(0ms)") }.contains("exponential mean"))
        #expect(message { try DurationSyntax.parseDistribution("exp") }.contains("unknown distribution"))
        #expect(message { try DurationSyntax.parseDistribution("pareto(shape=1, min=1ms)") }.contains("mean is infinite"))
    }

    private func message(_ body: () throws -> Any) -> String {
        do {
            _ = try body()
            return ""
        } catch {
            return (error as? SyntaxError)?.message ?? "\(error)"
        }
    }
}

@Suite struct SchemaTests {
    @Test func everyConstructIsRead() throws {
        let text = """
            [experiment]
            name = "all-keys"
            description = "every key"
            seed = 42
            replications = 4
            duration = "2s"
            warmup = "300ms"
            max_live_tasks = 5000

            [runtime]
            flavor = "multi_thread"
            workers = 3
            max_blocking_threads = 16
            thread_keep_alive = "5s"
            event_interval = 31
            global_queue_interval = 41
            local_queue_capacity = 128
            coop_budget = 64
            lifo_slot = false
            timer_resolution = "2ms"

            [runtime.costs]
            poll_overhead = "1us"
            unpark_latency = 0
            timed_wake_overshoot = "50us"
            thread_spawn_cost = "10us"

            [arrivals]
            process = "constant"
            rate = 250.5

            [[task]]
            name = "everything"
            weight = 1.5
            steps = [
              { cpu = "50us" }, { block = "uniform(1ms, 2ms)" }, { io = "exp(2ms)" }, { sleep = "3ms" },
              { spawn_blocking = "lognormal(median=1ms, p99=20ms)" }, { yield = true },
            ]
            """
        let plan = try makePlan(text)
        #expect(plan.name == "all-keys")
        #expect(plan.description == "every key")
        #expect(plan.seed == 42)
        #expect(plan.replications == 4)
        #expect(plan.points.count == 1)
        #expect(plan.classNames == ["everything"])
        let scenario = plan.points[0].scenario
        #expect(scenario.duration == 2_000_000_000)
        #expect(scenario.warmup == 300_000_000)
        #expect(scenario.maxLiveTasks == 5000)
        let runtime = scenario.runtime
        #expect(runtime.flavor == .multiThread)
        #expect(runtime.workerThreads == 3)
        #expect(runtime.maxBlockingThreads == 16)
        #expect(runtime.threadKeepAlive == 5_000_000_000)
        #expect(runtime.eventInterval == 31)
        #expect(runtime.globalQueueInterval == 41)
        #expect(runtime.localQueueCapacity == 128)
        #expect(runtime.coopBudget == 64)
        #expect(runtime.lifoSlotEnabled == false)
        #expect(runtime.timerResolution == 2_000_000)
        #expect(runtime.costs == CostModel(pollOverhead: 1_000, unparkLatency: 0, timedWakeOvershoot: 50_000, threadSpawnCost: 10_000))
        #expect(scenario.workload.arrivals == .constantRate(ratePerSecond: 250.5))
        let taskClass = try #require(scenario.workload.classes.first)
        #expect(taskClass.name == "everything")
        #expect(taskClass.weight == 1.5)
        #expect(
            taskClass.steps == [
                .cpu(.constant(50_000)), .block(.uniform(low: 1e6, high: 2e6)), .io(.exponential(mean: 2e6)),
                .sleep(.constant(3e6)), .spawnBlocking(try Distribution.lognormal(median: 1e6, p99: 2e7)), .yield,
            ])
    }

    @Test func defaults() throws {
        let text = """
            [arrivals]
            rate = 100
            [[task]]
            name = "a"
            steps = [ { cpu = "10us" } ]
            """
        let plan = try ExperimentPlan.make(text: text, file: "x.toml", defaultName: "from_file_name")
        #expect(plan.name == "from_file_name")
        #expect(plan.seed == 1)
        #expect(plan.replications == 10)
        let scenario = plan.points[0].scenario
        #expect(scenario.duration == 1_000_000_000)
        #expect(scenario.warmup == 100_000_000)
        #expect(scenario.runtime == RuntimeConfiguration())
        #expect(scenario.workload.arrivals == .poisson(ratePerSecond: 100))
        #expect(scenario.workload.classes[0].weight == 1)
    }

    @Test func currentThreadUsesItsOwnDefaults() throws {
        let plan = try makePlan(replacing("workers = 2", with: "flavor = \"current_thread\""))
        let runtime = plan.points[0].scenario.runtime
        #expect(runtime.flavor == .currentThread)
        #expect(runtime.effectiveWorkerCount == 1)
        #expect(runtime.globalQueueInterval == 31)
    }

    @Test func stepsAsArrayOfTables() throws {
        let text = """
            [arrivals]
            rate = 100
            [[task]]
            name = "a"
            [[task.steps]]
            cpu = "10us"
            [[task.steps]]
            io = "1ms"
            """
        let plan = try makePlan(text)
        #expect(plan.points[0].scenario.workload.classes[0].steps == [.cpu(.constant(10_000)), .io(.constant(1e6))])
    }

    @Test func settingKeys() {
        #expect(SettingKey("runtime.workers")?.components == [.key("runtime"), .key("workers")])
        #expect(
            SettingKey("task.sync_call.steps[1].kind")?.components
                == [.key("task"), .key("sync_call"), .key("steps"), .index(1), .key("kind")])
        #expect(SettingKey("task[0].weight")?.components == [.key("task"), .index(0), .key("weight")])
        #expect(SettingKey("runtime..workers") == nil)
        #expect(SettingKey("runtime.workers.") == nil)
        #expect(SettingKey("task[x].weight") == nil)
        #expect(SettingKey("") == nil)
    }

    @Test func setValuesParseAsTOMLOrPlainText() {
        #expect(Overrides.parseValue("8") == .integer(8))
        #expect(Overrides.parseValue("2.5") == .float(2.5))
        #expect(Overrides.parseValue("true") == .bool(true))
        #expect(Overrides.parseValue("\"5ms\"") == .string("5ms"))
        #expect(Overrides.parseValue("5ms") == .string("5ms"))
        #expect(Overrides.parseValue("spawn_blocking") == .string("spawn_blocking"))
        #expect(Overrides.parseValue("{ io = \"5ms\" }") == .table(["io": .string("5ms")]))
    }

    @Test func setChangesSettings() throws {
        let plan = try makePlan(
            baseExperiment,
            options: ExperimentOptions(
                sets: [
                    "runtime.workers=8", "arrivals.rate=1500", "task.sync_call.steps[1].kind=spawn_blocking",
                    "task.handler.steps[1].duration=exp(3ms)", "task.sync_call.steps[3]={ sleep = \"2ms\" }",
                    "runtime.costs.poll_overhead=1us",
                ],
                replications: 5, seed: 9))
        let scenario = plan.points[0].scenario
        #expect(plan.replications == 5)
        #expect(plan.seed == 9)
        #expect(scenario.runtime.workerThreads == 8)
        #expect(scenario.runtime.costs.pollOverhead == 1_000)
        #expect(scenario.workload.arrivals.meanRatePerSecond == 1500)
        #expect(scenario.workload.classes[0].steps[1] == .io(.exponential(mean: 3e6)))
        #expect(scenario.workload.classes[1].steps[1] == .spawnBlocking(.constant(5e6)))
        #expect(scenario.workload.classes[1].steps[3] == .sleep(.constant(2e6)))
    }

    @Test func sourceMapFindsKeysHeadersAndElements() {
        let map = SourceMap(text: baseExperiment)
        #expect(map.exactPosition(of: [.key("runtime"), .key("workers")]) == SourcePosition(line: 9, column: 1))
        #expect(map.exactPosition(of: [.key("task"), .index(1)]) == SourcePosition(line: 19, column: 1))
        #expect(map.exactPosition(of: [.key("task"), .index(1), .key("weight")]) == SourcePosition(line: 21, column: 1))
        // `steps = [ { cpu = "50us" }, { block = "5ms" }, ...`: the second element starts at column 29.
        #expect(map.exactPosition(of: [.key("task"), .index(1), .key("steps"), .index(1)]) == SourcePosition(line: 22, column: 29))
        #expect(
            map.exactPosition(of: [.key("task"), .index(1), .key("steps"), .index(1), .key("block")])
                == SourcePosition(line: 22, column: 31))
        #expect(map.position(of: [.key("runtime"), .key("missing")]) == SourcePosition(line: 8, column: 1))
    }

    @Test func sha256MatchesTheNISTVectors() {
        #expect(SHA256.hex(of: Data()) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(SHA256.hex(of: Data("abc".utf8)) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(
            SHA256.hex(of: Data("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8))
                == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
        #expect(
            SHA256.hex(of: Data(repeating: UInt8(ascii: "a"), count: 1_000_000))
                == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
    }

    @Test func numberFormattingIsDeterministic() {
        #expect(NumberFormatting.csv(2000) == "2000")
        #expect(NumberFormatting.csv(5123.456789) == "5123.46")
        #expect(NumberFormatting.csv(0.0123456789) == "0.0123457")
        #expect(NumberFormatting.csv(1_234_567.89) == "1234568")
        #expect(NumberFormatting.csv(.nan) == "nan")
        #expect(NumberFormatting.csv(-0.0) == "0")
        #expect(NumberFormatting.readable(1.4962) == "1.496")
        #expect(NumberFormatting.readable(0.0213, digits: 2) == "0.021")
        #expect(NumberFormatting.readable(2008.2) == "2008")
    }
}
