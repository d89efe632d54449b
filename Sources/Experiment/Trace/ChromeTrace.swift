import ExecutorModel
import Foundation
import ResultFiles

/// Turns a model trace into Chrome trace-event JSON (the format of `chrome://tracing` and the Perfetto UI).
///
/// One track per thread: workers are `worker N`, threads that gave their core away in `block_in_place` come after
/// them, and a `tasks` track holds arrivals, completions and timeouts. On a thread track a poll is a slice named after
/// the task class; a `block` step, a wait for a std mutex and a park are slices of their own categories (nested in the
/// poll for the first two), so the viewer colours them apart. Steals, wake-ups, acquires and releases are instant
/// events. Slices are written as balanced `B`/`E` pairs sorted by time, properly nested on every track; slices cut by
/// the window's edges are clipped to it.
public enum ChromeTrace {
    /// Names that the trace shows.
    public struct Names: Sendable {
        public var title: String
        public var workers: Int
        public var classes: [String]
        public var primitives: [String]

        public init(title: String, workers: Int, classes: [String], primitives: [String]) {
            self.title = title
            self.workers = workers
            self.classes = classes
            self.primitives = primitives
        }
    }

    /// A slice on a track, in ns.
    struct Slice {
        var track: Int
        var name: String
        var category: String
        var start: Int64
        var end: Int64
        var arguments: [(String, String)]
        var order: Int
    }

    /// An instant event, in ns.
    struct Instant {
        var track: Int
        var name: String
        var category: String
        var time: Int64
        var arguments: [(String, String)]
    }

    /// A counter sample (queue depths), in ns.
    struct Counter {
        var name: String
        var time: Int64
        var value: Int64
    }

    /// The track (Chrome `tid`) of the tasks lane.
    static let tasksTrack = 100_000

    /// The JSON text: `{"traceEvents": [...], "displayTimeUnit": "ns"}`, one event per line. A deadlock that stopped
    /// the run is a global `DEADLOCK` instant at its time with the report as its argument, inside the window or not.
    public static func json(
        _ events: [TraceEvent], window: TraceWindow, names: Names, deadlock: DeadlockReport? = nil
    ) -> String {
        let (slices, instants, counters, threads) = build(events, window: window, names: names)
        var lines: [String] = []
        lines.append(metadata("process_name", track: 0, value: names.title))
        lines.append(metadata("thread_name", track: tasksTrack, value: "tasks"))
        lines.append(metadata("thread_sort_index", track: tasksTrack, number: -1))
        for thread in threads.sorted() {
            let name: String
            if thread >= Int(TraceEvent.blockingThreadBase) {
                name = "blocking thread \(thread - Int(TraceEvent.blockingThreadBase))"
            } else {
                name = thread < names.workers ? "worker \(thread)" : "block_in_place thread \(thread)"
            }
            lines.append(metadata("thread_name", track: thread, value: name))
            lines.append(metadata("thread_sort_index", track: thread, number: thread))
        }
        // (time, rank, tie-break, text): ends of slices that started earlier, then begins (outer first), then ends of
        // empty slices, then instants.
        var timed: [(Int64, Int, Int64, Int, String)] = []
        for slice in slices {
            let begin = event(
                phase: "B", name: slice.name, category: slice.category, track: slice.track, time: slice.start,
                arguments: slice.arguments)
            let end = event(phase: "E", name: slice.name, category: slice.category, track: slice.track, time: slice.end)
            timed.append((slice.start, 1, -slice.end, slice.order, begin))
            timed.append((slice.end, slice.end > slice.start ? 0 : 2, -slice.start, -slice.order, end))
        }
        for instant in instants {
            timed.append(
                (instant.time, 3, 0, 0,
                 event(phase: "i", name: instant.name, category: instant.category, track: instant.track,
                       time: instant.time, arguments: instant.arguments, scope: "t")))
        }
        for counter in counters {
            timed.append((counter.time, 4, 0, 0, counterEvent(counter)))
        }
        if let deadlock {
            timed.append(
                (deadlock.time, 5, 0, 0,
                 event(phase: "i", name: "DEADLOCK", category: "deadlock", track: tasksTrack, time: deadlock.time,
                       arguments: [("report", deadlock.description)], scope: "g")))
        }
        timed.sort { a, b in
            if a.0 != b.0 { return a.0 < b.0 }
            if a.1 != b.1 { return a.1 < b.1 }
            if a.2 != b.2 { return a.2 < b.2 }
            return a.3 < b.3
        }
        lines += timed.map(\.4)
        return "{\"displayTimeUnit\": \"ns\", \"traceEvents\": [\n" + lines.joined(separator: ",\n") + "\n]}\n"
    }

    /// Pairs the model's events into slices and instants. Returns the thread tracks seen too.
    static func build(_ events: [TraceEvent], window: TraceWindow, names: Names)
        -> (slices: [Slice], instants: [Instant], counters: [Counter], threads: Set<Int>)
    {
        var slices: [Slice] = []
        var instants: [Instant] = []
        var counters: [Counter] = []
        var threads = Set<Int>()
        /// Open slices per thread, innermost last.
        var open: [Int: [Slice]] = [:]
        /// Threads waiting for a lock, by task.
        var lockWaiter: [Int64: Int] = [:]
        var order = 0
        /// Tracks with a slice opened in the window; the first end on any other track closes a slice that began
        /// before the window, which is then drawn from the window's start.
        var started = Set<Int>()

        func className(_ index: Int32) -> String {
            if index == TraceEvent.acceptLoopClass { return "accept loop" }
            return index >= 0 && Int(index) < names.classes.count ? names.classes[Int(index)] : "task"
        }
        func primitiveName(_ index: Int64) -> String {
            index >= 0 && Int(index) < names.primitives.count ? names.primitives[Int(index)] : "lock \(index)"
        }
        /// Opens a slice; `end` is known in advance only for `block` steps.
        func push(
            _ track: Int, _ name: String, _ category: String, _ time: Int64, _ arguments: [(String, String)],
            end: Int64? = nil
        ) {
            order += 1
            started.insert(track)
            open[track, default: []].append(
                Slice(track: track, name: name, category: category, start: time, end: end ?? time,
                      arguments: arguments, order: order))
        }
        /// Closes slices on `track` from the innermost out until one of `category` is closed (or all, if nil).
        /// A slice whose start was not seen (it began before the window) is not opened, so an unmatched end is
        /// ignored.
        func close(_ track: Int, category: String?, at time: Int64) {
            while var slice = open[track]?.popLast() {
                slice.end = max(slice.start, time)
                slices.append(slice)
                if let category, slice.category == category { return }
            }
        }
        func has(_ track: Int, _ category: String) -> Bool {
            open[track]?.contains { $0.category == category } ?? false
        }
        /// Closes a `block` slice whose scheduled end has passed.
        func settle(_ track: Int, before time: Int64) {
            while let last = open[track]?.last, last.category == "block", last.end <= time {
                var slice = last
                open[track]?.removeLast()
                slice.end = max(slice.start, slice.end)
                slices.append(slice)
            }
        }

        for event in events where event.time >= window.from && event.time < window.to {
            let track = Int(event.thread)
            if track >= 0 {
                threads.insert(track)
                settle(track, before: event.time)
            }
            let task = "\(event.task)"
            switch event.kind {
            case .pollStart:
                guard track >= 0 else { continue }
                close(track, category: nil, at: event.time)
                push(track, className(event.taskClass), "poll", event.time, [("task", task)])
            case .pollEnd:
                guard track >= 0 else { continue }
                if !started.contains(track) {
                    push(track, className(event.taskClass), "poll", window.from, [("task", task)])
                }
                guard has(track, "poll") else { continue }
                close(track, category: "poll", at: event.time)
            case .blockStart:
                guard track >= 0 else { continue }
                let end = event.time + max(0, event.value)
                push(track, "block \(DurationSyntax.format(Double(event.value)))", "block", event.time, [("task", task)],
                     end: end)
            case .lockWait:
                guard track >= 0 else { continue }
                push(track, "wait for \(primitiveName(event.value))", "lock_wait", event.time, [("task", task)])
                lockWaiter[event.task] = track
            case .acquire:
                if let waiter = lockWaiter.removeValue(forKey: event.task), has(waiter, "lock_wait") {
                    close(waiter, category: "lock_wait", at: event.time)
                }
                instants.append(
                    Instant(track: track >= 0 ? track : tasksTrack, name: "acquire \(primitiveName(event.value))",
                            category: "lock", time: event.time, arguments: [("task", task)]))
            case .release:
                instants.append(
                    Instant(track: track >= 0 ? track : tasksTrack, name: "release \(primitiveName(event.value))",
                            category: "lock", time: event.time, arguments: [("task", task)]))
            case .park:
                guard track >= 0 else { continue }
                close(track, category: nil, at: event.time)
                push(track, "parked", "park", event.time, [])
            case .unpark:
                guard track >= 0 else { continue }
                if !started.contains(track) { push(track, "parked", "park", window.from, []) }
                if has(track, "park") { close(track, category: "park", at: event.time) }
                instants.append(Instant(track: track, name: "wake", category: "wake", time: event.time, arguments: []))
            case .steal:
                instants.append(
                    Instant(track: max(track, 0), name: "steal \(event.value) task\(event.value == 1 ? "" : "s")",
                            category: "steal", time: event.time, arguments: [("tasks", "\(event.value)")]))
            case .spawn:
                instants.append(
                    Instant(track: tasksTrack, name: "spawn \(className(Int32(clamping: event.value)))",
                            category: "task", time: event.time, arguments: [("task", task)]))
            case .accept:
                instants.append(
                    Instant(track: max(track, 0), name: "accept \(className(Int32(clamping: event.value)))",
                            category: "accept", time: event.time, arguments: [("task", task)]))
            case .handoff:
                instants.append(
                    Instant(track: max(track, 0), name: "core handed off", category: "handoff", time: event.time,
                            arguments: [("task", task), ("thread", "\(event.value)")]))
            case .arrival:
                instants.append(
                    Instant(track: tasksTrack, name: "arrival \(className(Int32(clamping: event.value)))",
                            category: "task", time: event.time, arguments: [("task", task)]))
            case .complete:
                instants.append(
                    Instant(track: tasksTrack, name: "complete \(className(event.taskClass))", category: "task",
                            time: event.time, arguments: [("task", task)]))
            case .timeout:
                instants.append(
                    Instant(track: track >= 0 ? track : tasksTrack, name: "timeout", category: "task",
                            time: event.time, arguments: [("task", task)]))
            case .runQueueDepth:
                counters.append(Counter(name: "run queue, worker \(track)", time: event.time, value: event.value))
            case .injectQueueDepth:
                counters.append(Counter(name: "inject queue", time: event.time, value: event.value))
            case .blockingQueueDepth:
                counters.append(Counter(name: "blocking pool queue", time: event.time, value: event.value))
            case .blockingJobStart:
                guard track >= 0 else { continue }
                close(track, category: nil, at: event.time)
                push(track, "spawn_blocking \(className(event.taskClass))", "blocking", event.time, [("task", task)])
            case .blockingJobEnd:
                guard track >= 0 else { continue }
                if !started.contains(track) {
                    push(track, "spawn_blocking \(className(event.taskClass))", "blocking", window.from,
                         [("task", task)])
                }
                if has(track, "blocking") { close(track, category: "blocking", at: event.time) }
            }
        }
        for track in open.keys.sorted() {
            settle(track, before: window.to)
            close(track, category: nil, at: window.to)
        }
        return (slices, instants, counters, threads)
    }

    // MARK: JSON

    private static func micros(_ nanoseconds: Int64) -> String {
        let whole = nanoseconds / 1000
        let fraction = abs(nanoseconds % 1000)
        if fraction == 0 { return "\(whole)" }
        var text = String(fraction)
        text = String(repeating: "0", count: 3 - text.count) + text
        while text.hasSuffix("0") { text.removeLast() }
        return (nanoseconds < 0 && whole == 0 ? "-0" : "\(whole)") + "." + text
    }

    private static func event(
        phase: String, name: String, category: String, track: Int, time: Int64, arguments: [(String, String)] = [],
        scope: String? = nil
    ) -> String {
        var fields = [
            "\"ph\": \"\(phase)\"", "\"name\": \(JSONValue.quote(name))", "\"cat\": \(JSONValue.quote(category))",
            "\"pid\": 1", "\"tid\": \(track)", "\"ts\": \(micros(time))",
        ]
        if let scope { fields.append("\"s\": \"\(scope)\"") }
        if !arguments.isEmpty {
            let body = arguments.map { "\(JSONValue.quote($0.0)): \(JSONValue.quote($0.1))" }.joined(separator: ", ")
            fields.append("\"args\": {\(body)}")
        }
        return "{" + fields.joined(separator: ", ") + "}"
    }

    /// A counter sample: Perfetto draws one counter track per name.
    private static func counterEvent(_ counter: Counter) -> String {
        "{\"ph\": \"C\", \"name\": \(JSONValue.quote(counter.name)), \"pid\": 1, \"ts\": \(micros(counter.time)), "
            + "\"args\": {\"tasks\": \(counter.value)}}"
    }

    private static func metadata(_ name: String, track: Int, value: String) -> String {
        "{\"ph\": \"M\", \"name\": \"\(name)\", \"pid\": 1, \"tid\": \(track), \"args\": {\"name\": \(JSONValue.quote(value))}}"
    }

    private static func metadata(_ name: String, track: Int, number: Int) -> String {
        "{\"ph\": \"M\", \"name\": \"\(name)\", \"pid\": 1, \"tid\": \(track), \"args\": {\"sort_index\": \(number)}}"
    }
}
