import ExecutorModel
import Foundation
import SimStats

/// `simexec export-scenario`: one resolved sweep point written in a line-oriented text format that a program without
/// a TOML parser can read (the real-Tokio reference harness in `validation/tokio-ref/` does).
///
/// Format (`simexec-scenario 1`): one record per line, fields separated by single spaces, `#` starts a comment line.
/// Durations are integer nanoseconds; distributions are written as their kind and parameters in nanoseconds
/// (`lognormal` takes zeta and sigma of ln(ns), `gamma` shape and scale, `weibull` scale and shape, `pareto` shape
/// and minimum, `empirical` a count and the values), so the reader samples them with the same parameters simexec uses.
///
/// ```text
/// simexec-scenario 1
/// experiment blocking point 0
/// flavor multi_thread
/// workers 4
/// max_blocking_threads 512
/// thread_keep_alive_ns 10000000000
/// event_interval 61
/// global_queue_interval 61
/// local_queue_capacity 256
/// coop_budget 128
/// lifo_slot 1
/// timer_resolution_ns 1000000
/// costs 500 20000 100000 30000
/// warmup_ns 200000000
/// duration_ns 1000000000
/// arrivals poisson 2000
/// primitive db std 1
/// class handler 100 local=0 steps=3
/// step cpu constant 50000
/// step io lognormal 13.81 0.59
/// step yield
/// step acquire 0 drop
/// step release 0
/// step timeout exp 1000000 2 continue
/// end
/// ```
public enum ScenarioExport {
    /// The format's version, the second field of the first line.
    public static let formatVersion = 1

    /// Loads `path` (with `--set` overrides), picks sweep point `point` and renders it.
    public static func export(
        path: String, point: Int, options: ExperimentOptions = ExperimentOptions(), note: (String) -> Void
    ) throws(ExperimentError) -> String {
        let plan = try ExperimentCommands.plan(path: path, options: options, note: note)
        guard point >= 0, point < plan.points.count else {
            throw ExperimentError(
                file: plan.file,
                message: "--point \(point): the experiment has \(plan.points.count) sweep point"
                    + "\(plan.points.count == 1 ? "" : "s") (0 to \(plan.points.count - 1))")
        }
        let planned = plan.points[point]
        var header = ["experiment \(plan.name) point \(point)"]
        for (column, value) in zip(plan.sweepColumns, planned.sweptValues) {
            header.append("# swept \(column) = \(value)")
        }
        return render(planned.scenario, header: header)
    }

    static let policySettings: Set<RuntimeSetting> = [
        .lifoStealable, .eagerDriverHandoff, .blockedWorkerHandoff, .monitorPeriod, .monitorMaxPeriod,
    ]

    /// Renders a resolved scenario. `header` lines go after the version line.
    public static func render(_ scenario: Scenario, header: [String] = []) -> String {
        let runtime = scenario.runtime
        let costs = runtime.costs
        var lines = ["simexec-scenario \(formatVersion)"]
        lines += header
        lines.append("profile \(runtime.profile.rawValue)")
        lines.append("flavor \(runtime.flavor.rawValue)")
        let defaults = RuntimeConfiguration(flavor: runtime.flavor)
        for setting in RuntimeSetting.allCases where !setting.isCost {
            // What-if policies appear only when switched on: the reference harness runs real releases.
            if Self.policySettings.contains(setting), setting.value(in: runtime) == setting.value(in: defaults) { continue }
            switch setting.value(in: runtime) {
            case let .integer(number): lines.append("\(setting.rawValue) \(number)")
            case let .duration(nanoseconds): lines.append("\(setting.rawValue)_ns \(nanoseconds)")
            case let .boolean(on): lines.append("\(setting.rawValue) \(on ? 1 : 0)")
            case .unset: break
            }
        }
        lines.append(
            "costs \(costs.pollOverhead) \(costs.unparkLatency) \(costs.timedWakeOvershoot) \(costs.threadSpawnCost) "
                + "\(costs.unparkLatencyP99)")
        lines.append("warmup_ns \(scenario.warmup)")
        lines.append("duration_ns \(scenario.duration)")
        switch scenario.workload.arrivals {
        case let .poisson(rate): lines.append("arrivals poisson \(number(rate))")
        case let .constantRate(rate): lines.append("arrivals constant \(number(rate))")
        case let .closed(clients, think): lines.append("arrivals closed \(clients) \(render(think))")
        case let .onOff(rate, on, off): lines.append("arrivals onoff \(number(rate)) \(render(on)) \(render(off))")
        case let .replay(requests):
            lines.append("arrivals trace \(requests.count)")
            for request in requests {
                lines.append("request \(request.arrival) \(request.taskClass ?? -1)")
            }
        }
        if scenario.workload.spawnedBy != .outside {
            lines.append("spawned_by \(scenario.workload.spawnedBy.rawValue)")
        }
        for primitive in scenario.workload.primitives {
            var capacity = 1
            if case let .semaphore(permits) = primitive.kind { capacity = permits }
            lines.append("primitive \(primitive.name) \(primitive.kindName) \(capacity)")
        }
        for taskClass in scenario.workload.classes {
            lines.append(
                "class \(taskClass.name) \(number(taskClass.weight)) local=\(taskClass.isLocal ? 1 : 0) "
                    + "steps=\(taskClass.steps.count)")
            for step in taskClass.steps {
                lines.append("step " + render(step))
            }
        }
        lines.append("end")
        return lines.joined(separator: "\n") + "\n"
    }

    static func render(_ step: Step) -> String {
        switch step {
        case .yield: return "yield"
        case let .acquire(primitive, cleanup): return "acquire \(primitive) \(cleanup.rawValue)"
        case let .release(primitive): return "release \(primitive)"
        case let .timeout(duration, steps, action): return "timeout \(render(duration)) \(steps) \(action.rawValue)"
        case let .select(first, second): return "select \(first) \(second)"
        case let .spawn(taskClass): return "spawn \(taskClass)"
        case let .join(taskClasses): return "join \(taskClasses.count) " + taskClasses.map(String.init).joined(separator: " ")
        case let .spawnBlockingClosure(steps): return "spawn_blocking_closure \(steps)"
        case .cpu(let d), .block(let d), .io(let d), .sleep(let d), .spawnBlocking(let d), .blockInPlace(let d):
            return "\(step.kindName) \(render(d))"
        }
    }

    static func render(_ distribution: Distribution) -> String {
        switch distribution {
        case let .constant(value): return "constant \(number(value))"
        case let .exponential(mean): return "exp \(number(mean))"
        case let .uniform(low, high): return "uniform \(number(low)) \(number(high))"
        case let .normal(mean, sd): return "normal \(number(mean)) \(number(sd))"
        case let .lognormal(zeta, sigma): return "lognormal \(number(zeta)) \(number(sigma))"
        case let .gamma(shape, scale): return "gamma \(number(shape)) \(number(scale))"
        case let .weibull(scale, shape): return "weibull \(number(scale)) \(number(shape))"
        case let .pareto(shape, minimum): return "pareto \(number(shape)) \(number(minimum))"
        case let .empirical(samples): return "empirical \(samples.count) " + samples.map(number).joined(separator: " ")
        }
    }

    /// Integral values without a fraction, others with full precision (round-trips through Rust's `f64` parser).
    static func number(_ value: Double) -> String {
        if value.isFinite, value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
        return "\(value)"
    }
}
