import Foundation

/// A small results folder like `simexec run Experiments/locks.toml` writes: a std and an async mutex at two rates,
/// the std one deadlocking at the higher rate in every replication; user text with HTML's special characters in it.
enum Fixture {
    static let kinds = ["std", "async"]
    static let rates = [200, 1200]
    static let replications = 3
    /// Text a report must show as text, never as markup.
    static let hostile = "<script>alert('x')</script> & \"quoted\""
    static let metrics = [
        "deadlocked_ratio", "throughput_per_s", "latency_p50_us", "latency_p99_us", "latency_p999_us",
        "latency_dropped_p99_us", "latency_other_p99_us", "stall_ratio", "worker_busy_ratio", "worker_blocked_ratio",
        "lock_db_wait_p99_us", "lock_db_hold_p99_us", "lock_db_worker_blocked_ms",
    ]

    /// (kind, rate) of every point, in sweep order.
    static var points: [(kind: String, rate: Int)] { kinds.flatMap { kind in rates.map { (kind, $0) } } }

    /// Whether the point deadlocks: the std mutex at the higher rate.
    static func deadlocks(_ index: Int) -> Bool { points[index].kind == "std" && points[index].rate == 1200 }

    static func summaryCSV() -> String {
        var text = (["point", "mutex.db.kind", "arrivals.rate", "replications"]
            + metrics.flatMap { ["\($0)_mean", "\($0)_ci95_lo", "\($0)_ci95_hi"] }).joined(separator: ",") + "\n"
        for (index, point) in points.enumerated() {
            var cells = [String(index), point.kind, String(point.rate), String(replications)]
            for metric in metrics {
                if metric == "deadlocked_ratio" {
                    let value = deadlocks(index) ? "1" : "0"
                    cells += [value, value, value]
                    continue
                }
                if deadlocks(index), metric.hasPrefix("latency") {
                    cells += ["nan", "nan", "nan"]
                    continue
                }
                let value = 1000.0 + Double(index) * 250 + Double(metric.count)
                cells += [String(value), String(value * 0.98), String(value * 1.02)]
            }
            text += cells.joined(separator: ",") + "\n"
        }
        return text
    }

    static func histogramsCSV() -> String {
        var text = "point,metric,bucket_lower_us,bucket_upper_us,count\n"
        for index in points.indices where !deadlocks(index) {
            var lower = 100.0
            for count in [5, 40, 30, 15, 6, 3, 1] {
                text += "\(index),latency,\(lower),\(lower * 2),\(count)\n"
                lower *= 2
            }
        }
        return text
    }

    static func runJSON() -> String {
        let points = points.enumerated().map { index, point in
            let deadlocks = deadlocks(index)
                ? (0..<replications).map { replication in
                    """
                    {"replication": \(replication), "time_ns": \(32_000_000 + replication * 1_000_000), \
                    "primitive": "db", "holder": "dropped", "waiters": ["worker 0"], \
                    "report": "deadlock at t = 0.032 s: std mutex db <held> by task.dropped.steps[1] (\(replication))"}
                    """
                }.joined(separator: ", ")
                : ""
            return """
                {"point": \(index), "swept": {"mutex.db.kind": "\(point.kind)", "arrivals.rate": \(point.rate)}, \
                "deadlocks": [\(deadlocks)], "settings": {"runtime": {"workers": 4}, \
                "arrivals": {"process": "poisson", "rate": \(point.rate)}, \
                "mutex": [{"name": "db", "kind": "\(point.kind)"}], \
                "task": [{"name": "dropped", "weight": 1, "steps": [{"cpu": 20000}]}, \
                {"name": "other", "weight": 1, "steps": [{"io": "exp(1ms)"}]}]}}
                """
        }
        return """
            {
              "simexec_version": "0.1.0",
              "experiment": "locks",
              "description": "std vs async mutex \(hostile.replacingOccurrences(of: "\"", with: "\\\""))",
              "file": "Experiments/locks&co.toml",
              "file_sha256": "0123456789abcdef",
              "command_line": ["simexec", "run", "Experiments/locks&co.toml", "--set", "arrivals.rate=<1>"],
              "started_at": "2026-12-02T16:00:00.000Z",
              "wall_time_s": 2.345,
              "jobs": 2,
              "events_processed": 123456,
              "seed": 7,
              "replications": \(replications),
              "sweep_columns": ["mutex.db.kind", "arrivals.rate"],
              "metrics": [\(metrics.map { "\"\($0)\"" }.joined(separator: ", "))],
              "results_folder": "results/locks",
              "points": [\(points.joined(separator: ",\n"))]
            }
            """
    }

    /// Writes the fixture into a new temporary folder and returns its path; leaves out the files in `omitting`.
    static func folder(omitting: Set<String> = []) throws -> String {
        let directory = scratchFolder + "/report-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let files = [("summary.csv", summaryCSV()), ("histograms.csv", histogramsCSV()), ("run.json", runJSON())]
        for (name, text) in files where !omitting.contains(name) {
            try text.write(toFile: directory + "/" + name, atomically: true, encoding: .utf8)
        }
        return directory
    }
}

/// This test process's scratch folder: the temporary folders the tests make go inside it, and it is removed when the
/// process exits, so a test run leaves nothing behind in the system's temporary folder.
let scratchFolder: String = {
    try? FileManager.default.createDirectory(atPath: scratchPath, withIntermediateDirectories: true)
    atexit { try? FileManager.default.removeItem(atPath: scratchPath) }
    return scratchPath
}()
private let scratchPath = NSTemporaryDirectory() + "simexec-report-tests-\(getpid())"
