import ExecutorModel
import Foundation
import Testing

@testable import Experiment

/// The server syntax: `spawned_by`, `spawn`/`join`, `spawn_blocking` closures, `cores`, and the closed, on/off and
/// replayed arrival processes, with their bad-input messages.
@Suite struct ServerSchemaTests {
    /// `baseExperiment` with a `db` class only spawned as a child.
    let serverExperiment = replacing(
        "steps = [ { cpu = \"50us\" }, { io = \"exp(1ms)\" }, { cpu = \"20us\" } ]",
        with: "steps = [ { cpu = \"50us\" }, { join = [\"db\", \"db\"] }, { spawn = \"db\" }, { cpu = \"20us\" } ]")
        + """

        [[task]]
        name = "db"
        weight = 0
        steps = [ { io = "exp(1ms)" }, { spawn_blocking = [ { cpu = "100us" }, { block = "200us" } ] } ]

        """

    @Test func serverConstructsAreRead() throws {
        let text = replacing("rate = 1000", with: "rate = 1000\nspawned_by = \"accept_loop\"", in: serverExperiment)
        let plan = try makePlan(replacing("workers = 2", with: "workers = 2\ncores = 1", in: text))
        let scenario = plan.points[0].scenario
        #expect(scenario.workload.spawnedBy == .acceptLoop)
        #expect(scenario.runtime.cores == 1)
        #expect(scenario.workload.classes[0].steps[1] == .join(taskClasses: [2, 2]))
        #expect(scenario.workload.classes[0].steps[2] == .spawn(taskClass: 2))
        #expect(scenario.workload.classes[2].steps[1] == .spawnBlockingClosure(steps: 2))
        #expect(scenario.workload.classes[2].steps[2] == .cpu(.constant(100_000)))
        #expect(scenario.workload.classes[2].steps[3] == .block(.constant(200_000)))
    }

    @Test func arrivalProcessesAreRead() throws {
        let closed = try makePlan(replacing("rate = 1000", with: "process = \"closed\"\nclients = 16\nthink = \"exp(2ms)\""))
        #expect(closed.points[0].scenario.workload.arrivals == .closed(clients: 16, think: .exponential(mean: 2_000_000)))
        let onOff = try makePlan(replacing(
            "rate = 1000", with: "process = \"onoff\"\nrate = 4000\non = \"exp(20ms)\"\noff = \"60ms\""))
        #expect(onOff.points[0].scenario.workload.arrivals == .onOff(
            ratePerSecond: 4_000, on: .exponential(mean: 20_000_000), off: .constant(60_000_000)))
        #expect(onOff.points[0].scenario.workload.arrivals.meanRatePerSecond == 1_000)
    }

    @Test func requestLogIsReadRelativeToTheExperiment() throws {
        let folder = try temporaryDirectory()
        try "arrival_us,class\n0,handler\n1500.5,\n3000,sync_call\n".write(
            to: folder.appendingPathComponent("requests.csv"), atomically: true, encoding: .utf8)
        let text = replacing("rate = 1000", with: "process = \"trace\"\nfile = \"requests.csv\"")
        let plan = try ExperimentPlan.make(text: text, file: folder.appendingPathComponent("x.toml").path)
        #expect(plan.points[0].scenario.workload.arrivals == .replay([
            ReplayedRequest(arrival: 0, taskClass: 0), ReplayedRequest(arrival: 1_500_500, taskClass: nil),
            ReplayedRequest(arrival: 3_000_000, taskClass: 1),
        ]))
        func logError(_ csv: String) throws -> String {
            try csv.write(to: folder.appendingPathComponent("requests.csv"), atomically: true, encoding: .utf8)
            do {
                _ = try ExperimentPlan.make(text: text, file: folder.appendingPathComponent("x.toml").path)
                return ""
            } catch {
                return error.description
            }
        }
        let log = folder.appendingPathComponent("requests.csv").path
        #expect(try logError("arrival_us\n10\n5\n") == "\(log):3: arrival_us 5 is earlier than the row before; rows must be sorted by arrival_us")
        #expect(try logError("arrival_us\nsoon\n").hasPrefix("\(log):2: arrival_us is \"soon\""))
        #expect(try logError("arrival_us,class\n1,handlr\n").contains("\(log):2: class \"handlr\" is not a [[task]] class (did you mean \"handler\"?)"))
        #expect(try logError("time\n1\n").hasPrefix("\(log):1: has no arrival_us column"))
        #expect(try logError("arrival_us\n").contains("holds no requests"))
        try FileManager.default.removeItem(at: folder.appendingPathComponent("requests.csv"))
        #expect(try logError("").isEmpty == false)
    }

    @Test func badServerInputNamesTheKey() {
        #expect(errorMessage(replacing("{ spawn = \"db\" }", with: "{ spawn = \"dbb\" }", in: serverExperiment))
            .contains("task.handler.steps[2].spawn: no task class named \"dbb\" (did you mean \"db\"?); classes: handler, sync_call, db"))
        #expect(errorMessage(replacing("{ join = [\"db\", \"db\"] }", with: "{ join = [] }", in: serverExperiment))
            .contains("task.handler.steps[1].join: expected a non-empty list of task class names"))
        let cycle = errorMessage(replacing("steps = [ { io = \"exp(1ms)\" },", with: "steps = [ { spawn = \"handler\" },", in: serverExperiment))
        #expect(cycle.contains("tasks would spawn without end"), "\(cycle)")
        #expect(errorMessage(replacing("workers = 2", with: "cores = 0")).contains("runtime.cores: expected an integer from 1 to 1024"))
        #expect(errorMessage(replacing("rate = 1000", with: "process = \"closed\"\nclients = 0\nthink = \"1ms\""))
            .contains("arrivals.clients: expected an integer from 1 to 100000"))
        #expect(errorMessage(replacing("rate = 1000", with: "process = \"closed\"\nclients = 4"))
            .contains("arrivals.think: missing: process = \"closed\" needs think"))
        #expect(errorMessage(replacing("rate = 1000", with: "process = \"closed\"\nclients = 4\nthink = \"1ms\"\nrate = 5"))
            .contains("arrivals.rate: rate applies to process = \"poisson\" or \"constant\" or \"onoff\", not to \"closed\""))
        #expect(errorMessage(replacing("rate = 1000", with: "process = \"onoff\"\nrate = 10\non = \"0ms\"\noff = \"1ms\""))
            .contains("arrivals.on: on needs a positive mean duration"))
        #expect(errorMessage(replacing("rate = 1000", with: "process = \"trace\"\nfile = \"nope.csv\""))
            .contains("arrivals.file: cannot read the request log"))
        #expect(errorMessage(replacing("rate = 1000", with: "rate = 1000\nspawned_by = \"acept_loop\""))
            .contains("did you mean \"accept_loop\""))
        #expect(errorMessage(replacing("{ cpu = \"100us\" }, { block", with: "{ io = \"100us\" }, { block", in: serverExperiment))
            .contains("a spawn_blocking closure's steps are { cpu = DURATION }"))
    }

    @Test func aClosedLoopWhoseRequestsTakeNoTimeIsRejected() throws {
        // Fails if the check counts any step with a duration: `empirical(0ns, 0ns)` is 0 every time, and clients with
        // no think time would then spin at one instant for ever (the run hung).
        let text = """
            [experiment]
            duration = "10ms"
            [runtime]
            workers = 1
            [runtime.costs]
            poll_overhead = 0
            [arrivals]
            process = "closed"
            clients = 1
            think = "0ms"
            [[task]]
            name = "h"
            steps = [ { cpu = "empirical(0ns, 0ns)" }, { yield = true } ]

            """
        let message = errorMessage(text)
        #expect(message.hasPrefix("test.toml:10:1: arrivals.think: with no think time"), "\(message)")
        #expect(message.contains("closed-loop clients would send requests for ever without time passing"))
        #expect(throws: Never.self) {
            try ExperimentPlan.make(
                text: replacing("empirical(0ns, 0ns)", with: "exp(1us)", in: text), file: "test.toml",
                options: ExperimentOptions())
        }
        // A timeout's duration is a deadline, not time spent.
        let timeout = replacing(
            "steps = [ { cpu = \"empirical(0ns, 0ns)\" }, { yield = true } ]",
            with: "steps = [ { timeout = \"1ms\", steps = [ { yield = true } ] } ]", in: text)
        #expect(errorMessage(timeout).contains("closed-loop clients would send requests for ever"))
        // A join of a class that takes time does take time.
        let join = replacing(
            "steps = [ { cpu = \"empirical(0ns, 0ns)\" }, { yield = true } ]",
            with: "steps = [ { join = [\"child\"] } ]\n[[task]]\nname = \"child\"\nweight = 0\nsteps = [ { cpu = \"10us\" } ]",
            in: text)
        #expect(throws: Never.self) {
            try ExperimentPlan.make(text: join, file: "test.toml", options: ExperimentOptions())
        }
    }

    @Test func acceptLoopOnCurrentThreadIsAllowed() throws {
        let text = replacing("workers = 2", with: "flavor = \"current_thread\"",
            in: replacing("rate = 1000", with: "rate = 300\nspawned_by = \"accept_loop\""))
        #expect(try makePlan(text).points[0].scenario.workload.spawnedBy == .acceptLoop)
    }
}
