import ExecutorModel
import Foundation
import Testing

@testable import Experiment

/// Every kind of mistake gets one message naming the file, the line (or key path), what was found and what is allowed.
@Suite struct ErrorMessageTests {
    @Test func unknownKeySuggestsTheClosestAndListsTheAllowed() {
        let message = errorMessage(replacing("workers = 2", with: "wokers = 2"))
        #expect(message.hasPrefix("test.toml:9:1: runtime.wokers: unknown key \"wokers\" in [runtime]"))
        #expect(message.contains("(did you mean \"workers\"?)"))
        #expect(message.contains("allowed keys: profile, flavor, workers, cores, max_blocking_threads"))
    }

    @Test func unknownSectionAndTaskKey() {
        #expect(errorMessage(baseExperiment + "[sweeps]\n").contains("unknown key \"sweeps\" in the file (did you mean \"sweep\"?)"))
        let message = errorMessage(replacing("weight = 2", with: "wieght = 2"))
        #expect(message.hasPrefix("test.toml:21:1: task.sync_call.wieght: unknown key \"wieght\" in [[task]]"))
        #expect(message.contains("did you mean \"weight\""))
    }

    @Test func wrongTypeSaysWhatWasFound() {
        let message = errorMessage(replacing("workers = 2", with: "workers = \"4\""))
        #expect(message == "test.toml:9:1: runtime.workers: expected an integer from 1 to 1024, found string \"4\"")
        #expect(errorMessage(replacing("workers = 2", with: "lifo_slot = 1")).contains("expected true or false, found integer 1"))
        #expect(
            errorMessage(replacing("workers = 2", with: "flavor = \"multithread\"")).contains(
                "found string \"multithread\" (did you mean \"multi_thread\"?); allowed: \"multi_thread\" or \"current_thread\""))
        #expect(errorMessage(replacing("rate = 1000", with: "rate = \"fast\"")).contains(
            "arrivals.rate: expected a positive number of tasks per second"))
    }

    @Test func whatIfPoliciesNeedAMultiThreadRuntime() {
        // Fails if the flavor check in Schema.runtimeConfiguration is removed: the policy is then accepted and ignored.
        let message = errorMessage(
            replacing("workers = 2", with: "flavor = \"current_thread\"\neager_driver_handoff = true"))
        #expect(message.hasPrefix("test.toml:10:1: runtime.eager_driver_handoff: a current_thread runtime has one thread"))
        #expect(message.contains("it needs flavor = \"multi_thread\""))
        // Switched off, the key is harmless.
        let off = replacing("workers = 2", with: "flavor = \"current_thread\"\nlifo_stealable = false")
        #expect(throws: Never.self) { try ExperimentPlan.make(text: off, file: "test.toml", options: ExperimentOptions()) }
    }

    @Test func zeroAndNegativeDurations() {
        let zero = errorMessage(replacing("duration = \"50ms\"", with: "duration = \"0ms\""))
        #expect(zero == "test.toml:5:1: experiment.duration: expected a positive duration such as \"5ms\", found string \"0ms\"")
        let negative = errorMessage(replacing("{ cpu = \"20us\" }, { yield", with: "{ cpu = \"-20us\" }, { yield"))
        #expect(negative.contains("task.sync_call.steps[2].cpu: "))
        #expect(negative.contains("negative duration \"-20us\""))
        let zeroStep = errorMessage(replacing("{ block = \"5ms\" }", with: "{ block = \"0ms\" }"))
        #expect(zeroStep.contains("task.sync_call.steps[1].block: a block step needs a positive duration"))
        let noUnit = errorMessage(replacing("warmup = \"10ms\"", with: "warmup = 10"))
        #expect(noUnit.contains("experiment.warmup: expected a duration >= 0"))
        #expect(noUnit.contains("durations are strings with a unit"))
        // Zero is fine where it is allowed, written 0 or "0" (it needs no unit).
        #expect((try? makePlan(replacing("warmup = \"10ms\"", with: "warmup = 0"))) != nil)
        #expect((try? makePlan(replacing("warmup = \"10ms\"", with: "warmup = \"0\""))) != nil)
        #expect(
            (try? makePlan(replacing("rate = 1000", with: "process = \"closed\"\nclients = 4\nthink = 0"))) != nil)
        #expect(errorMessage(replacing("duration = \"50ms\"", with: "duration = \"0\"")).contains(
            "experiment.duration: expected a positive duration such as \"5ms\""))
        #expect(errorMessage(replacing("{ block = \"5ms\" }", with: "{ block = 0 }")).contains(
            "task.sync_call.steps[1].block: a block step needs a positive duration"))
        #expect(errorMessage(replacing("{ io = \"exp(1ms)\" }", with: "{ io = \"0ms\" }")).contains(
            "task.handler.steps[1].io: an io step needs a positive duration"))
    }

    @Test func anOverloadCausedByASetNamesIt() {
        // The load check blames arrivals.rate's line; a --set that raised the load is named with it.
        let message = errorMessage(
            baseExperiment, options: ExperimentOptions(sets: ["task.handler.steps[0].duration=5ms"]))
        #expect(message.hasPrefix("test.toml:12:1: arrivals.rate: with --set task.handler.steps[0].duration=5ms: "
            + "the offered load is "), "\(message)")
    }

    @Test func theLoadMessageDoesItsArithmetic() {
        // 1000/s × (2 ms of cpu + 0.5 us of overhead) on 2 workers: 1.00025, which 3 digits would print as "1".
        let justOver = errorMessage(
            replacing("steps = [ { cpu = \"50us\" }, { io = \"exp(1ms)\" }, { cpu = \"20us\" } ]",
                      with: "steps = [ { cpu = \"2ms\" } ]").replacingOccurrences(of: "weight = 98", with: "weight = 100")
                .replacingOccurrences(of: "weight = 2\n", with: "weight = 0\n"))
        #expect(justOver.contains("the offered load is 1.0003 per worker (1000 tasks/s × (2ms of cpu and block time + "
            + "500ns of poll overhead)"), "\(justOver)")
        // With shared cores the binding load is per core, the blocking pool's cpu included.
        let cores = errorMessage(
            replacing("workers = 2", with: "workers = 4\ncores = 1")
                .replacingOccurrences(of: "{ block = \"5ms\" }", with: "{ spawn_blocking = [ { cpu = \"50ms\" } ] }"))
        #expect(cores.contains("per core (1000 tasks/s × ("), "\(cores)")
        #expect(cores.contains("of cpu time, blocking-pool closures included, + ") && cores.contains("/ 1 core)"),
                "\(cores)")
    }

    @Test func aTaskLongerThanTheHistogramsRangeIsRefused() {
        // Two sleeps under the 1 h limit each, 3601 s in all: every latency would have been recorded as 1 hour.
        let message = errorMessage(replacing("{ block = \"5ms\" }", with: "{ sleep = \"3599s\" }, { sleep = \"2s\" }"))
        #expect(message.contains("task.sync_call: a task of class sync_call spends at least 3601s in its steps on average"),
                "\(message)")
        #expect(message.contains("latencies are recorded up to 1 hour"), "\(message)")
        // A timeout group counts at most its deadline: 1 s, however long the io inside it.
        #expect(throws: Never.self) {
            try makePlan(replacing(
                "{ block = \"5ms\" }", with: "{ timeout = \"1s\", steps = [ { io = \"3000s\" }, { io = \"1000s\" } ] }"))
        }
    }

    @Test func weightsThatSumToInfinityAreRefused() {
        // Fails without the finiteness check: the running sum of 1e308 + 1e308 is infinite and every arrival chose
        // the last class.
        let message = errorMessage(
            replacing("weight = 98", with: "weight = 1e308").replacingOccurrences(of: "weight = 2\n", with: "weight = 1e308\n"))
        #expect(message.contains("the task weights sum to more than the largest number"), "\(message)")
    }

    @Test func aSweepValueGivenTwiceIsNamed() {
        // Fails without Sweep.checkDistinct: the run made two identical points that `compare` could not tell apart.
        let single = errorMessage(baseExperiment + "[sweep]\n\"runtime.workers\" = [1, 2, 1]\n")
        #expect(single.hasPrefix("test.toml:24:1: sweep.\"runtime.workers\": sweep key \"runtime.workers\" lists 1 twice "
            + "(values [0] and [2]); each value makes a sweep point, so give each once"), "\(single)")
        // In a zip group a value may repeat in one list, but not a whole row.
        let zipped = baseExperiment + "[sweep.zip.mix]\n\"runtime.workers\" = [1, 1, 2]\n\"arrivals.rate\" = [100, 200, 100]\n"
        #expect((try? makePlan(zipped)) != nil)
        // 0 and "0" are the same value, as the results would show them.
        #expect(errorMessage(baseExperiment + "[sweep]\n\"experiment.warmup\" = [0, \"0\"]\n").contains("lists 0 twice"))
        let twice = errorMessage(replacing("[100, 200, 100]", with: "[100, 200, 200]", in: zipped.replacingOccurrences(
            of: "[1, 1, 2]", with: "[1, 2, 2]")))
        #expect(twice.contains("zip group \"mix\" lists 2, 200 twice (values [1] and [2])"), "\(twice)")
    }

    @Test func weightsMustSumToAPositiveNumber() {
        var text = replacing("weight = 98", with: "weight = 0")
        text = replacing("weight = 2", with: "weight = 0", in: text)
        #expect(
            errorMessage(text)
                == "test.toml:14:1: task: the task weights sum to 0 (handler = 0, sync_call = 0); "
                + "at least one task class needs a positive weight")
        #expect(errorMessage(replacing("weight = 2", with: "weight = -1")).contains(
            "task.sync_call.weight: expected a number >= 0 (a relative share of arrivals; 0 for a class only spawned by other tasks), found integer -1"))
    }

    @Test func unknownStepKind() {
        let message = errorMessage(replacing("{ block = \"5ms\" }", with: "{ blocking = \"5ms\" }"))
        #expect(message.hasPrefix("test.toml:22:29: task.sync_call.steps[1]: unknown step kind \"blocking\""))
        #expect(message.contains("(did you mean \"block\"?)"))
        #expect(message.contains("allowed kinds: cpu, block, io, sleep, spawn_blocking, yield"))
        #expect(errorMessage(replacing("{ yield = true }", with: "{ yield = false }")).contains("expected { yield = true }, found boolean false"))
        #expect(errorMessage(replacing("{ yield = true }", with: "{ cpu = \"1us\", io = \"1ms\" }")).contains(
            "found a step with 2 keys (cpu, io); a step has exactly one kind"))
        #expect(errorMessage(replacing("{ yield = true }", with: "\"yield\"")).contains("a step is written { KIND = DURATION }"))
    }

    @Test func unknownDistribution() {
        let message = errorMessage(replacing("io = \"exp(1ms)\"", with: "io = \"expo(1ms)\""))
        #expect(message.hasPrefix("test.toml:17:31: task.handler.steps[1].io: found \"expo(1ms)\": unknown distribution \"expo\""))
        #expect(message.contains("did you mean \"exp\""))
        #expect(message.contains("\"weibull(shape=1.5, scale=1ms)\""))
        let badArgument = errorMessage(replacing("io = \"exp(1ms)\"", with: "io = \"normal(mean=1ms, sdev=1ms)\""))
        #expect(badArgument.contains("normal has no argument \"sdev\""))
        #expect(badArgument.contains("it takes mean, sd"))
    }

    @Test func parseErrorsKeepTOMLKitsPosition() {
        let message = errorMessage("[experiment\nname = \"x\"\n")
        #expect(message.hasPrefix("test.toml:1:12: invalid TOML: "))
        #expect(message.contains("expected ']'"))
        #expect(errorMessage("a = 1\na = 2\n").hasPrefix("test.toml:2:"))
    }

    @Test func missingSectionsAndNames() {
        #expect(errorMessage("[[task]]\nname = \"a\"\nsteps = [ { cpu = \"1us\" } ]\n").contains("missing [arrivals] section"))
        #expect(errorMessage("[arrivals]\nrate = 5\n").contains("task: missing: describe at least one task class"))
        #expect(errorMessage("[arrivals]\nrate = 5\n[task]\nname = \"a\"\n").contains("task must be written as [[task]] sections"))
        #expect(errorMessage(replacing("name = \"sync_call\"", with: "name = \"handler\"")).contains(
            "task name \"handler\" is already used by task[0]"))
        #expect(errorMessage(replacing("name = \"sync_call\"", with: "name = \"sync call\"")).contains(
            "a task name may use ASCII letters, digits, _ and -, not starting with -"))
    }

    @Test func emptySweepList() {
        let message = errorMessage(baseExperiment + "[sweep]\n\"runtime.workers\" = []\n")
        #expect(message == "test.toml:24:1: sweep.\"runtime.workers\": sweep key \"runtime.workers\" has an empty list; give at least one value")
        #expect(errorMessage(baseExperiment + "[sweep]\n\"runtime.workers\" = 4\n").contains(
            "sweep values must be a list, found integer 4; write \"runtime.workers\" = [4] for one value"))
    }

    @Test func sweepKeyMatchingNothing() {
        #expect(errorMessage(baseExperiment + "[sweep]\n\"runtime.wokers\" = [1]\n").contains(
            "sweep key \"runtime.wokers\" matches no setting (did you mean \"runtime.workers\"?)"))
        #expect(errorMessage(baseExperiment + "[sweep]\n\"task.sync.weight\" = [1]\n").contains(
            "there is no task named \"sync\" (did you mean \"sync_call\"?); tasks: handler, sync_call"))
        #expect(errorMessage(baseExperiment + "[sweep]\n\"task.sync_call.steps[4].kind\" = [\"io\"]\n").contains(
            "matches no step: the task has 4 steps, steps[0] to steps[3] (0-based)"))
        #expect(errorMessage(baseExperiment + "[sweep]\n\"task[7].weight\" = [1]\n").contains("there are 2 tasks"))
        #expect(errorMessage(baseExperiment + "[sweep]\n\"experiment.seed\" = [1, 2]\n").contains(
            "sweep key \"experiment.seed\" cannot be swept; of [experiment], only experiment.duration, "))
        #expect(errorMessage(baseExperiment + "[sweep]\n\"runtime workers\" = [1]\n").contains("is not a setting key"))
    }

    @Test func badSweepValuesPointAtTheValue() {
        let message = errorMessage(baseExperiment + "[sweep]\n\"runtime.workers\" = [2, 0]\n")
        #expect(
            message == "test.toml:24:25: runtime.workers: expected an integer from 1 to 1024, found integer 0 "
                + "(value [1] of sweep key \"runtime.workers\")")
        let kind = errorMessage(baseExperiment + "[sweep]\n\"task.sync_call.steps[1].kind\" = [\"io\", \"blok\"]\n")
        #expect(kind.hasPrefix("test.toml:24:41: sweep.\"task.sync_call.steps[1].kind\"[1]: unknown step kind \"blok\""))
        #expect(kind.contains("did you mean \"block\""))
        let yield = errorMessage(baseExperiment + "[sweep]\n\"task.sync_call.steps[3].kind\" = [\"io\"]\n")
        #expect(yield.contains("has no duration to keep"))
    }

    @Test func sweepCombinationsAreCheckedPointByPoint() {
        let text = replacing("weight = 98", with: "weight = 0") + "[sweep]\n\"task.sync_call.weight\" = [2, 0]\n"
        let message = errorMessage(text)
        #expect(message.contains("the task weights sum to 0"))
        #expect(message.contains("value [1] of sweep key \"task.sync_call.weight\""))
    }

    @Test func zipGroupsOfUnequalLength() {
        let text = baseExperiment + """
            [sweep.zip.mix]
            "task.handler.weight" = [100, 98, 95]
            "task.sync_call.weight" = [0, 2]

            """
        let message = errorMessage(text)
        #expect(message.hasPrefix("test.toml:25:1: sweep.zip.mix.\"task.sync_call.weight\": zip group \"mix\""))
        #expect(message.contains("\"task.sync_call.weight\" has 2 values but \"task.handler.weight\" has 3"))
    }

    @Test func sameSettingSweptTwice() {
        let text = baseExperiment + """
            [sweep]
            "runtime.workers" = [1, 2]
            "task[1].weight" = [1]
            "task.sync_call.weight" = [2]

            """
        #expect(errorMessage(text).contains("changes the same setting as"))
    }

    @Test func arrivalRateTooHighForTheWorkers() {
        let message = errorMessage(replacing("rate = 1000", with: "rate = 100000"))
        #expect(message.hasPrefix("test.toml:12:1: arrivals.rate: the offered load is 8.55 per worker"))
        #expect(message.contains("100000 tasks/s"))
        #expect(message.contains("/ 2 workers"))
        #expect(message.contains("it must be below 1"))
        let swept = errorMessage(baseExperiment + "[sweep]\n\"arrivals.rate\" = [1000, 20000]\n")
        #expect(swept.contains("sweep point 1 (arrivals.rate = 20000): the offered load is 1.71 per worker"))
    }

    @Test func tooManyTasksToSimulate() {
        let text = """
            [experiment]
            duration = "20s"
            [arrivals]
            rate = 2000000
            [[task]]
            name = "a"
            steps = [ { io = "1ms" } ]
            """
        let message = errorMessage(text)
        #expect(message.hasPrefix("test.toml:4:1: arrivals.rate: one replication would simulate about 4.4e+07 tasks"))
        #expect(message.contains("Shorten experiment.duration or lower arrivals.rate"))
    }

    @Test func blockingPoolTooSmall() {
        var text = replacing("{ block = \"5ms\" }", with: "{ spawn_blocking = \"5ms\" }")
        text = replacing("workers = 2", with: "workers = 2\nmax_blocking_threads = 1", in: text)
        text = replacing("weight = 98", with: "weight = 70", in: text)
        text = replacing("weight = 2", with: "weight = 30", in: text)
        let message = errorMessage(text)
        #expect(message.contains("the blocking pool's load is 1.5 per thread"))
        #expect(message.contains("max_blocking_threads = 1"))
    }

    @Test func setErrorsNameTheOption() {
        #expect(
            errorMessage(baseExperiment, options: ExperimentOptions(sets: ["runtime.workers=abc"]))
                == "--set runtime.workers=abc: runtime.workers: expected an integer from 1 to 1024, found string \"abc\"")
        #expect(errorMessage(baseExperiment, options: ExperimentOptions(sets: ["runtime.wrkers=3"])).contains(
            "--set runtime.wrkers=3: runtime.wrkers matches no setting (did you mean \"runtime.workers\"?)"))
        #expect(errorMessage(baseExperiment, options: ExperimentOptions(sets: ["workers"])).contains("expected KEY=VALUE"))
        #expect(errorMessage(baseExperiment, options: ExperimentOptions(replications: 1)).contains(
            "--replications 1: expected an integer from 2"))
        let swept = baseExperiment + "[sweep]\n\"runtime.workers\" = [1, 2]\n"
        #expect(errorMessage(swept, options: ExperimentOptions(sets: ["runtime.workers=3"])).contains("is swept in [sweep]"))
    }

    @Test func missingFile() throws {
        do {
            _ = try ExperimentPlan.load(path: "/nonexistent/blocking.toml")
            Issue.record("a missing file was accepted")
        } catch {
            #expect(error.description == "/nonexistent/blocking.toml: no such file")
            #expect(error.exitCode == 2)
        }
        do {
            _ = try PathResolver.resolve("/nonexistent/blocking.toml")
            Issue.record("a missing path was resolved")
        } catch {
            #expect(error.description.contains("no such file"))
        }
    }

    @Test func overloadedRunIsARunFailure() throws {
        let text = replacing("duration = \"50ms\"", with: "duration = \"50ms\"\nmax_live_tasks = 2")
        let plan = try makePlan(replacing("io = \"exp(1ms)\"", with: "io = \"20ms\"", in: text))
        do {
            _ = try ExperimentRunner.run(plan, jobs: 2)
            Issue.record("the run should have been overloaded")
        } catch {
            #expect(error.kind == .run)
            #expect(error.exitCode == 1)
            #expect(error.description.hasPrefix("test.toml: replication 0: the runtime is overloaded"))
            #expect(error.description.contains("experiment.max_live_tasks = 2"))
        }
    }
}
