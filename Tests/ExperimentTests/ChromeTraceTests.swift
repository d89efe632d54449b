@testable import ExecutorModel
import Foundation
import Testing

@testable import Experiment

@Suite("Chrome trace export")
struct ChromeTraceTests {
    /// Writes `text` to a temporary experiment file and traces `point`.
    func trace(_ text: String, point: Int = 0, from: String? = nil, to: String? = nil) throws -> TraceReport {
        let directory = try temporaryDirectory()
        let path = directory.appendingPathComponent("trace.toml").path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return try ExperimentTrace.run(TraceRequest(path: path, point: point, from: from, to: to), note: { _ in })
    }

    /// The non-metadata events, after checking the file is a JSON object with a `traceEvents` array.
    func events(_ json: String) throws -> [[String: Any]] {
        let object = try JSONSerialization.jsonObject(with: Data(json.utf8))
        let top = try #require(object as? [String: Any])
        let all = try #require(top["traceEvents"] as? [[String: Any]])
        return all.filter { ($0["ph"] as? String) != "M" }
    }

    /// Checks order and nesting: times never go back, every `E` closes the innermost open `B` of its track with the
    /// same name, nothing stays open, and slices on a track never overlap (each begins after the previous one at the
    /// same depth ended). Returns the (track, category) of every slice.
    @discardableResult
    func checkStructure(_ events: [[String: Any]]) throws -> [(track: Int, category: String, name: String)] {
        var last = -Double.infinity
        var open: [Int: [(name: String, start: Double)]] = [:]
        var lastEndAtDepth: [Int: [Int: Double]] = [:]
        var slices: [(track: Int, category: String, name: String)] = []
        for event in events {
            let time = try #require(event["ts"] as? Double)
            if event["ph"] as? String == "C" {
                // Counters: a sample of a queue depth, in time order with everything else.
                #expect(time >= last, "events out of order at \(time)")
                last = time
                let arguments = try #require(event["args"] as? [String: Any])
                #expect((arguments["tasks"] as? Int).map { $0 >= 0 } == true)
                continue
            }
            let track = try #require(event["tid"] as? Int)
            let name = try #require(event["name"] as? String)
            #expect(time >= last, "events out of order at \(time)")
            last = time
            switch event["ph"] as? String {
            case "B":
                let depth = open[track]?.count ?? 0
                if let previous = lastEndAtDepth[track]?[depth] { #expect(time >= previous, "overlap on track \(track)") }
                open[track, default: []].append((name, time))
                slices.append((track, event["cat"] as? String ?? "", name))
            case "E":
                let popped = open[track]?.popLast()
                let top = try #require(popped, "an end without a begin on track \(track)")
                #expect(top.name == name)
                lastEndAtDepth[track, default: [:]][open[track]?.count ?? 0] = time
            case "i":
                #expect(event["s"] as? String == "t")
            default:
                Issue.record("unexpected phase \(event["ph"] ?? "nil")")
            }
        }
        let leftOpen = open.values.reduce(0) { $0 + $1.count }
        #expect(leftOpen == 0, "slices left open")
        return slices
    }

    @Test func blockingRunIsValidSortedAndBalanced() throws {
        let report = try trace(baseExperiment, from: "10ms", to: "60ms")
        #expect(report.window == TraceWindow(from: 10_000_000, to: 60_000_000))
        let events = try events(report.json)
        let slices = try checkStructure(events)
        let categories = Set(slices.map(\.category))
        #expect(categories.isSuperset(of: ["poll", "block", "park"]))
        // Polls are named after the task class; blocks say how long.
        #expect(Set(slices.filter { $0.category == "poll" }.map(\.name)).isSubset(of: ["handler", "sync_call"]))
        #expect(slices.contains { $0.category == "block" && $0.name.hasPrefix("block 5") })
        #expect(events.contains { $0["cat"] as? String == "wake" })
        #expect(events.contains { ($0["name"] as? String)?.hasPrefix("arrival") == true })
        // One track per worker (plus the tasks track).
        #expect(Set(slices.map(\.track)).isSubset(of: [0, 1]))
        let metadata = try JSONSerialization.jsonObject(with: Data(report.json.utf8)) as? [String: Any]
        let names = (metadata?["traceEvents"] as? [[String: Any]] ?? []).filter { $0["name"] as? String == "thread_name" }
            .compactMap { ($0["args"] as? [String: Any])?["name"] as? String }
        #expect(names.contains("worker 0") && names.contains("worker 1") && names.contains("tasks"))
    }

    @Test func queueDepthCountersAndBlockingPoolThreadsAreDrawn() throws {
        let offloading = baseExperiment.replacingOccurrences(of: "{ block = \"5ms\" }", with: "{ spawn_blocking = \"5ms\" }")
            .replacingOccurrences(of: "weight = 2\n", with: "weight = 30\n")
        let report = try trace(offloading, from: "10ms", to: "60ms")
        let events = try events(report.json)
        let slices = try checkStructure(events)
        let counters = Set(events.filter { $0["ph"] as? String == "C" }.compactMap { $0["name"] as? String })
        #expect(counters.isSuperset(of: ["run queue, worker 0", "inject queue", "blocking pool queue"]))
        // The closures run on blocking-pool thread tracks, named after the class that spawned them.
        let pool = slices.filter { $0.category == "blocking" }
        #expect(!pool.isEmpty)
        #expect(pool.allSatisfy { $0.track >= Int(TraceEvent.blockingThreadBase) && $0.name == "spawn_blocking sync_call" })
    }

    @Test func lockWaitsAndBlockInPlaceThreadsAreDrawn() throws {
        let report = try trace(lockExperiment, from: "10ms", to: "60ms")
        let slices = try checkStructure(try events(report.json))
        #expect(slices.contains { $0.category == "poll" && $0.name == "handler" })
    }

    /// A deadlock before the default window used to give an empty trace and no word about it.
    @Test func aDeadlockIsMarkedAndReported() throws {
        let report = try trace(LockOutputTests.deadlocking, from: "30ms", to: "40ms")
        let deadlock = try #require(report.deadlock)
        #expect(deadlock.time < report.window.from)
        let markers = try events(report.json).filter { $0["name"] as? String == "DEADLOCK" }
        #expect(markers.count == 1)
        #expect(markers.first?["s"] as? String == "g", "a global instant, drawn across every track")
        #expect((markers.first?["args"] as? [String: Any])?["report"] as? String == deadlock.description)
        let note = try #require(report.deadlockNote)
        #expect(note.hasPrefix("DEADLOCK (marked in the trace; the replication stops there): deadlock at t = "))
        #expect(note.contains("it came before the window, which is therefore empty: trace it with --from 0ms --to "))

        let inWindow = try trace(LockOutputTests.deadlocking, from: "0ms", to: "50ms")
        #expect(inWindow.deadlockNote?.contains("before the window") == false)
        let plain = try trace(baseExperiment, from: "10ms", to: "20ms")
        #expect(plain.deadlock == nil && plain.deadlockNote == nil)
        #expect(!plain.json.contains("DEADLOCK"))
    }

    @Test func handMadeEventsNestAndClipToTheWindow() throws {
        func event(_ time: Int64, _ kind: TraceEvent.Kind, thread: Int32, task: Int64 = 1, value: Int64 = 0)
            -> TraceEvent
        {
            TraceEvent(time: time, kind: kind, thread: thread, task: task, taskClass: 0, value: value)
        }
        let window = TraceWindow(from: 1000, to: 9000)
        let events = [
            event(1500, .pollEnd, thread: 0, task: 7),  // began before the window
            event(2000, .pollStart, thread: 0),
            event(2100, .blockStart, thread: 0, value: 500),
            event(2800, .lockWait, thread: 0, value: 0),
            event(3000, .acquire, thread: -1, value: 0),
            event(3100, .pollEnd, thread: 0),
            event(3200, .park, thread: 0, task: -1),
            event(3300, .steal, thread: 1, value: 2),
            event(4000, .unpark, thread: 0, task: -1),
            event(4000, .pollStart, thread: 0, task: 2),
            event(4000, .pollEnd, thread: 0, task: 2),  // an empty poll
            event(5000, .pollStart, thread: 1, task: 3),  // still running at the window's end
        ]
        let names = ChromeTrace.Names(title: "t", workers: 2, classes: ["handler"], primitives: ["cache"])
        let json = ChromeTrace.json(events, window: window, names: names)
        let parsed = try self.events(json)
        let slices = try checkStructure(parsed)
        #expect(slices.map(\.category) == ["poll", "poll", "block", "lock_wait", "park", "poll", "poll"])
        #expect(slices.contains { $0.name == "wait for cache" })
        #expect(parsed.contains { $0["name"] as? String == "steal 2 tasks" })
        // The poll cut by the window's start begins at the window's start; the open one ends at its end.
        #expect(parsed.first?["ts"] as? Double == 1)
        #expect(parsed.last?["ts"] as? Double == 9)
    }

    @Test func aPointOutsideTheSweepIsAnInputError() throws {
        do {
            _ = try trace(baseExperiment, point: 5)
            Issue.record("expected an error")
        } catch let error as ExperimentError {
            #expect(error.exitCode == 2)
            #expect(error.message.contains("--point 5 does not exist"))
        }
    }

    @Test func aWindowThatEndsBeforeItStartsIsAnInputError() throws {
        #expect(throws: ExperimentError.self) { try trace(baseExperiment, from: "20ms", to: "10ms") }
    }
}
