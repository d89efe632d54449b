import Foundation
import Testing

@testable import Experiment

/// A small valid experiment; tests replace parts of it.
let baseExperiment = """
    [experiment]
    name = "tiny"
    seed = 3
    replications = 3
    duration = "50ms"
    warmup = "10ms"

    [runtime]
    workers = 2

    [arrivals]
    rate = 1000

    [[task]]
    name = "handler"
    weight = 98
    steps = [ { cpu = "50us" }, { io = "exp(1ms)" }, { cpu = "20us" } ]

    [[task]]
    name = "sync_call"
    weight = 2
    steps = [ { cpu = "50us" }, { block = "5ms" }, { cpu = "20us" }, { yield = true } ]

    """

/// A small valid experiment with every lock, semaphore and cancellation construct; tests replace parts of it. Its
/// `db` mutex is offered a load of 0.91 (900 tasks/s × 1.01 ms held).
/// Its `handler` flattens to 13 steps (see `LockSchemaTests.nestedStepsAreFlattened`).
let lockExperiment = """
    [experiment]
    name = "locks"
    seed = 3
    replications = 3
    duration = "50ms"
    warmup = "10ms"

    [runtime]
    workers = 2

    [arrivals]
    rate = 900

    [[mutex]]
    name = "db"
    kind = "async"

    [[mutex]]
    name = "cache"
    kind = "std"

    [[semaphore]]
    name = "pool"
    permits = 4

    [[task]]
    name = "handler"
    steps = [
      { cpu = "20us" },
      { lock = "db", hold = [ { cpu = "10us" }, { io = "1ms" } ] },
      { timeout = "5ms", on_timeout = "continue", steps = [
          { acquire = "pool", cleanup = "after_await", hold = [ { io = "exp(1ms)" } ] },
          { lock = "cache", hold = [ { cpu = "5us" } ] },
      ] },
      { block_in_place = "100us" },
    ]

    """

/// The path of a shipped experiment file, e.g. `Experiments/locks.toml`.
func shippedExperiment(_ name: String) -> String {
    URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Experiments").appendingPathComponent(name).path
}

func makePlan(_ text: String, options: ExperimentOptions = ExperimentOptions()) throws -> ExperimentPlan {
    try ExperimentPlan.make(text: text, file: "test.toml", options: options)
}

/// The message a bad experiment gets, or a test failure if it is accepted.
func errorMessage(
    _ text: String, options: ExperimentOptions = ExperimentOptions(), sourceLocation: SourceLocation = #_sourceLocation
) -> String {
    do {
        _ = try ExperimentPlan.make(text: text, file: "test.toml", options: options)
        Issue.record("expected an error, but the experiment was accepted", sourceLocation: sourceLocation)
        return ""
    } catch {
        return error.description
    }
}

/// The error a bad experiment gets.
func experimentError(_ text: String, options: ExperimentOptions = ExperimentOptions()) -> ExperimentError? {
    do {
        _ = try ExperimentPlan.make(text: text, file: "test.toml", options: options)
        return nil
    } catch {
        return error
    }
}

/// Replaces the first occurrence of `old` in `text`, failing the test if it is absent.
func replacing(_ old: String, with new: String, in text: String = baseExperiment) -> String {
    guard let range = text.range(of: old) else {
        Issue.record("\(old) not found in the experiment")
        return text
    }
    return text.replacingCharacters(in: range, with: new)
}

/// This test process's scratch folder: the temporary folders the tests make go inside it, and it is removed when the
/// process exits, so a test run leaves nothing behind in the system's temporary folder.
let scratchFolder: String = {
    try? FileManager.default.createDirectory(atPath: scratchPath, withIntermediateDirectories: true)
    atexit { try? FileManager.default.removeItem(atPath: scratchPath) }
    return scratchPath
}()
private let scratchPath = NSTemporaryDirectory() + "simexec-tests-\(getpid())"

/// A fresh temporary folder, inside ``scratchFolder``.
func temporaryDirectory(_ prefix: String = "run") throws -> URL {
    let url = URL(fileURLWithPath: scratchFolder).appendingPathComponent("\(prefix)-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}
