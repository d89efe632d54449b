import ExecutorModel
import Foundation
import SimStats
import Testing

@testable import Experiment

/// `[[mutex]]`, `[[semaphore]]`, `local`, and the lock, timeout and block_in_place steps, read and flattened.
@Suite struct LockSchemaTests {
    @Test func primitivesAreDeclaredMutexesFirst() throws {
        // The semaphore is written first; mutexes still come first in the workload and the columns.
        let text = replacing(
            "[[mutex]]\nname = \"db\"", with: "[[semaphore]]\nname = \"extra\"\npermits = 2\n\n[[mutex]]\nname = \"db\"",
            in: lockExperiment)
        let plan = try makePlan(text)
        #expect(
            plan.points[0].scenario.workload.primitives == [
                SyncPrimitive(name: "db", kind: .asyncMutex), SyncPrimitive(name: "cache", kind: .stdMutex),
                SyncPrimitive(name: "extra", kind: .semaphore(permits: 2)),
                SyncPrimitive(name: "pool", kind: .semaphore(permits: 4)),
            ])
        #expect(plan.primitiveNames == ["db", "cache", "extra", "pool"])
        // Without declarations there are none.
        #expect(try makePlan(baseExperiment).primitiveNames.isEmpty)
        #expect(try makePlan(baseExperiment).points[0].scenario.workload.primitives.isEmpty)
    }

    @Test func nestedStepsAreFlattened() throws {
        let plan = try makePlan(lockExperiment)
        let handler = try #require(plan.points[0].scenario.workload.classes.first)
        #expect(handler.isLocal == false)
        #expect(
            handler.steps == [
                .cpu(.constant(20_000)),
                .acquire(primitive: 0, cleanup: .drop),  // db; cleanup defaults to drop
                .cpu(.constant(10_000)),
                .io(.constant(1e6)),
                .release(primitive: 0),
                .timeout(.constant(5e6), steps: 6, onTimeout: .continue),  // covers the 6 steps below
                .acquire(primitive: 2, cleanup: .afterAwait),  // pool
                .io(.exponential(mean: 1e6)),
                .release(primitive: 2),
                .acquire(primitive: 1, cleanup: .drop),  // cache
                .cpu(.constant(5_000)),
                .release(primitive: 1),
                .blockInPlace(.constant(100_000)),
            ])
    }

    @Test func timeoutsNestInsideHoldsAndHoldsInsideTimeouts() throws {
        let text = replacing(
            "{ lock = \"db\", hold = [ { cpu = \"10us\" }, { io = \"1ms\" } ] },",
            with: """
                { lock = "db", hold = [ { timeout = "2ms", steps = [ { io = "1ms" }, { timeout = "1ms", steps = [ { sleep = "1ms" } ] } ] }, { yield = true } ] },
                """,
            // db is held up to 2 ms: at 900 tasks/s its offered load would be 1.8.
            in: lockExperiment.replacingOccurrences(of: "rate = 900", with: "rate = 400"))
        let steps = try makePlan(text).points[0].scenario.workload.classes[0].steps
        #expect(
            Array(steps[1...7]) == [
                .acquire(primitive: 0, cleanup: .drop),
                .timeout(.constant(2e6), steps: 3, onTimeout: .end),  // on_timeout defaults to end
                .io(.constant(1e6)),
                .timeout(.constant(1e6), steps: 1, onTimeout: .end),
                .sleep(.constant(1e6)),
                .yield,
                .release(primitive: 0),
            ])
        // The outer timeout of the file still covers its 6 flattened steps, now from index 8.
        #expect(steps[8] == .timeout(.constant(5e6), steps: 6, onTimeout: .continue))
    }

    @Test func everyFlattenedStepMapsBackToItsKey() throws {
        let root = try TOMLNode.parse(lockExperiment, file: "test.toml")
        let resolver = SchemaResolver(file: "test.toml", sourceMap: SourceMap(text: lockExperiment))
        let document = try resolver.table(.table(root), .root, allowed: SchemaKeys.topLevel, what: "the file")
        let primitives = try resolver.primitives(document)
        guard case let .array(tasks)? = root["task"], case let .array(items)? = tasks[0].tableEntries?["steps"] else {
            Issue.record("no steps")
            return
        }
        var program = FlattenedProgram()
        let place = Place.root.key("task").element(0, named: "handler").key("steps")
        _ = try resolver.steps(items, place, primitives: primitives, into: &program)
        let prefix = "task.handler.steps"
        #expect(
            program.places.map(\.display.rendered) == [
                "\(prefix)[0]",
                "\(prefix)[1]", "\(prefix)[1].hold[0]", "\(prefix)[1].hold[1]", "\(prefix)[1]",
                "\(prefix)[2]",
                "\(prefix)[2].steps[0]", "\(prefix)[2].steps[0].hold[0]", "\(prefix)[2].steps[0]",
                "\(prefix)[2].steps[1]", "\(prefix)[2].steps[1].hold[0]", "\(prefix)[2].steps[1]",
                "\(prefix)[3]",
            ])
        #expect(program.steps.count == program.places.count)
        // The document paths locate the lines: hold[1] of steps[1] is on line 30.
        #expect(resolver.sourceMap.position(of: program.places[3].location)?.line == 30)
        #expect(resolver.sourceMap.position(of: program.places[7].location)?.line == 32)
        #expect(resolver.sourceMap.position(of: program.places[12].location)?.line == 35)
    }

    @Test func localTasksAndSemaphoreOnlyWorkloads() throws {
        let text = """
            [runtime]
            flavor = "current_thread"
            [arrivals]
            rate = 100
            [[semaphore]]
            name = "pool"
            permits = 1
            [[task]]
            name = "pinned"
            local = true
            steps = [ { acquire = "pool", hold = [ { sleep = "2ms" } ] } ]
            """
        let scenario = try makePlan(text).points[0].scenario
        #expect(scenario.workload.classes[0].isLocal)
        #expect(
            scenario.workload.classes[0].steps == [
                .acquire(primitive: 0, cleanup: .drop), .sleep(.constant(2e6)), .release(primitive: 0),
            ])
    }

    @Test func lockStepsAsArrayOfTables() throws {
        let text = """
            [arrivals]
            rate = 100
            [[mutex]]
            name = "m"
            kind = "std"
            [[task]]
            name = "a"
            [[task.steps]]
            lock = "m"
            cleanup = "after_await"
            hold = [ { cpu = "10us" } ]
            [[task.steps]]
            io = "1ms"
            """
        #expect(
            try makePlan(text).points[0].scenario.workload.classes[0].steps == [
                .acquire(primitive: 0, cleanup: .afterAwait), .cpu(.constant(10_000)), .release(primitive: 0),
                .io(.constant(1e6)),
            ])
    }

    @Test func settingsRecordPrimitivesAndNestedSteps() throws {
        let plan = try makePlan(lockExperiment)
        let json = plan.points[0].settings.serialized()
        #expect(json.contains("\"mutex\": ["))
        #expect(json.contains("\"kind\": \"std\""))
        #expect(json.contains("\"permits\": 4"))
        #expect(json.contains("\"local\": false"))
        #expect(json.contains("\"hold\": ["))
        #expect(json.contains("\"on_timeout\": \"continue\""))
        #expect(json.contains("\"cleanup\": \"after_await\""))
        #expect(!(try makePlan(baseExperiment).points[0].settings.serialized().contains("\"mutex\"")))
    }
}
