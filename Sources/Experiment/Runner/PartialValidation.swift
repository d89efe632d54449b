import Foundation
import ResultFiles

/// The checks `simexec merge` makes across its partial files and against the experiment, once each file passed its
/// own (``MergeInput``). Each failure is one input error naming the partial file, what is wrong and what is allowed.
enum PartialValidation {
    /// The partials come from one run (same file contents, `--set` options, seed, replications, shard count and
    /// metrics), and each of its N shards is there exactly once.
    static func checkSameRun(_ inputs: [MergeInput]) throws(ExperimentError) {
        let first = inputs[0]
        for input in inputs.dropFirst() {
            let (partial, reference) = (input.partial, first.partial)
            func describe(_ sets: [String]) -> String { sets.isEmpty ? "none" : sets.joined(separator: " ") }
            var differences: [String] = []
            if partial.fileSHA256 != reference.fileSHA256 { differences.append("the experiment file's contents differ") }
            if effectiveSets(partial.sets) != effectiveSets(reference.sets) {
                differences.append("--set \(describe(partial.sets)) here, \(describe(reference.sets)) there")
            }
            if partial.seed != reference.seed { differences.append("seed \(partial.seed) here, \(reference.seed) there") }
            if partial.replications != reference.replications {
                differences.append("\(partial.replications) replications here, \(reference.replications) there")
            }
            if input.shard.count != first.shard.count {
                differences.append("\(input.shard.count) shards here, \(first.shard.count) there")
            }
            if differences.isEmpty, partial.metricNames != reference.metricNames {
                differences.append("the metric columns differ (another simexec version)")
            }
            guard differences.isEmpty else {
                throw ExperimentError(
                    .input, file: input.path,
                    message: "shard \(input.shard) does not belong to the same run as shard \(first.shard) "
                        + "(\(first.path)): \(differences.joined(separator: "; "))")
            }
        }
        let present = inputs.map(\.shard.index).sorted()
        let expected = Array(1...first.shard.count)
        guard present == expected else {
            let missing = Set(expected).subtracting(present).sorted().map { "\($0)/\(first.shard.count)" }
            let duplicated = Dictionary(grouping: present, by: { $0 }).filter { $0.value.count > 1 }.keys.sorted()
            var problems: [String] = []
            if !missing.isEmpty { problems.append("missing shard(s) " + missing.joined(separator: ", ")) }
            if !duplicated.isEmpty {
                problems.append("shard(s) " + duplicated.map { "\($0)/\(first.shard.count)" }.joined(separator: ", ")
                    + " given more than once")
            }
            throw ExperimentError(.input, file: first.path, message: problems.joined(separator: "; "))
        }
    }

    /// What `--set` options do, whatever their order: each key's last value (keys and values without surrounding
    /// spaces). Two shards run with the same settings given in another order belong to the same run.
    static func effectiveSets(_ sets: [String]) -> [String: String] {
        var effective: [String: String] = [:]
        for argument in sets {
            guard let equals = argument.firstIndex(of: "=") else {
                effective[argument] = ""
                continue
            }
            let key = argument[..<equals].trimmingCharacters(in: .whitespaces)
            effective[key] = argument[argument.index(after: equals)...].trimmingCharacters(in: .whitespaces)
        }
        return effective
    }

    /// Against the experiment as it is now: the same points and metrics; every item in its own shard and every
    /// work item present exactly once; histograms only at points the shard ran.
    static func check(_ inputs: [MergeInput], against plan: ExperimentPlan) throws(ExperimentError) {
        let points = plan.points.count
        let replications = plan.replications
        let metricNames = MetricSet(classNames: plan.classNames, primitiveNames: plan.primitiveNames).names
        var present = [Bool](repeating: false, count: points * replications)
        for input in inputs {
            func fail(_ message: String) -> ExperimentError {
                ExperimentError(.input, file: input.path, message: message)
            }
            let (partial, shard) = (input.partial, input.shard)
            guard partial.pointCount == points else {
                throw fail("shard \(shard) has \(partial.pointCount) points, the experiment now has \(points)")
            }
            guard partial.metricNames == metricNames else {
                throw fail("its \"metrics\" are not the experiment's; allowed are exactly its \(metricNames.count) "
                    + "metric columns, in order: \(metricNames.joined(separator: ", "))")
            }
            var pointsRun = Set<Int>()
            for item in partial.items {
                let place = "the item of point \(item.point), replication \(item.replication)"
                let workItem = item.point * replications + item.replication
                guard shard.contains(item: workItem) else {
                    throw fail("\(place) is work item \(workItem), which belongs to shard "
                        + "\(workItem % shard.count + 1)/\(shard.count), not \(shard); work item "
                        + "point × replications + replication belongs to shard (item mod N) + 1")
                }
                guard !present[workItem] else { throw fail("has \(place) twice; each work item appears once") }
                present[workItem] = true
                pointsRun.insert(item.point)
            }
            for histogram in partial.histograms where !pointsRun.contains(histogram.point) {
                throw fail("has a \(histogram.metric) histogram of point \(histogram.point) but no item of that "
                    + "point; a shard writes histograms only of the points it ran")
            }
        }
        if let workItem = present.firstIndex(of: false) {
            let owner = inputs.first { $0.shard.contains(item: workItem) } ?? inputs[0]
            let others = present.indices.filter { !present[$0] && owner.shard.contains(item: $0) }.count - 1
            throw ExperimentError(
                .input, file: owner.path,
                message: "has no item of point \(workItem / replications), replication \(workItem % replications) "
                    + "(work item \(workItem))\(others > 0 ? " nor of \(others) more" : ""); shard \(owner.shard) "
                    + "must hold every work item i with i mod \(owner.shard.count) = \(owner.shard.index - 1)")
        }
    }
}
