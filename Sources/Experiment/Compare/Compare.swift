import Foundation
import MetricCatalogue
import SimStats

/// The output formats of `simexec compare`.
public enum CompareFormat: String, Sendable, CaseIterable {
    /// Aligned columns for a terminal.
    case table
    /// A GitHub-flavoured Markdown table, for a pull-request comment or a CI job summary.
    case markdown
    /// One row per point and metric, for scripts.
    case csv
    /// One object with every row, for scripts.
    case json
}

/// What `simexec compare` asks for.
public struct CompareRequest: Sendable {
    /// A results folder, or a replications.csv or summary.csv, of the reference run.
    public var baseline: String
    /// The same for the run being judged.
    public var candidate: String
    /// `--metric`: column names (or the short names `p50`, `p99`, `p999`, `throughput`, `stall_time`, ...);
    /// empty means ``Compare/defaultMetrics``.
    public var metrics: [String]
    /// `--fail-on METRIC:+10%` (or `-10%`, or an absolute amount such as `stall_time_ms:+5`).
    public var failOn: [String]
    /// `--alpha`: a change is significant when its p-value is below this.
    public var alpha: Double
    public var format: CompareFormat
    /// The widest line of the `table` format, in characters: swept keys are shortened, and headers wrapped when the
    /// table is wider.
    public var width: Int

    public init(
        baseline: String, candidate: String, metrics: [String] = [], failOn: [String] = [], alpha: Double = 0.05,
        format: CompareFormat = .table, width: Int = TableLayout.defaultWidth
    ) {
        self.baseline = baseline
        self.candidate = candidate
        self.metrics = metrics
        self.failOn = failOn
        self.alpha = alpha
        self.format = format
        self.width = width
    }
}

/// What `simexec compare` found.
public struct CompareReport: Sendable {
    public var rows: [CompareRow]
    /// The rendered output in the requested format.
    public var text: String
    /// What was left out and why (a default metric only one run has), for stderr.
    public var notes: [String] = []
    /// The rows that break a `--fail-on` threshold (worse by more than the threshold, and significant).
    public var failures: [CompareRow] { rows.filter { $0.verdict == .regression } }
    /// 1 when some row breaks a `--fail-on` threshold, else 0.
    public var exitCode: Int32 { failures.isEmpty ? 0 : 1 }
}

/// The test behind a row's p-value.
public enum CompareTest: String, Sendable {
    /// Both runs used the same seeds (common random numbers): the paired t-test on per-replication differences.
    case paired
    /// Runs whose replications do not share seeds (other seeds, another replication count), or a summary.csv:
    /// Welch's unequal-variance t-test.
    case welch = "Welch"
}

/// How a row came out.
public enum CompareVerdict: String, Sendable {
    /// Worse than its `--fail-on` threshold and significant: fails the check.
    case regression
    /// Significantly worse, but within its threshold (or without one).
    case worse
    /// Significantly better.
    case better
    /// Significantly higher or lower, for a metric where neither direction is known to be worse.
    case higher, lower
    /// Not significant at `--alpha`.
    case unchanged = "no significant change"
    /// Too few values to test (fewer than 2 finite values on a side).
    case untested = "not tested"
}

/// One side's mean of a metric at a point, with its 95% confidence interval.
public struct CompareEstimate: Sendable, Hashable {
    public var mean: Double
    /// NaN with a single value.
    public var halfWidth: Double
    /// Replications behind the mean.
    public var count: Int
}

/// One metric at one sweep point.
public struct CompareRow: Sendable {
    /// The swept values, in the order of ``Compare/Outcome/sweepColumns``.
    public var point: [String]
    public var metric: String
    /// Mean ± 95% CI half-width; nil when the side has no finite value.
    public var baseline: CompareEstimate?
    public var candidate: CompareEstimate?
    /// Candidate mean − baseline mean.
    public var difference: Double
    /// (candidate − baseline)/|baseline|; ±infinity when the baseline is 0 and the candidate is not.
    public var relativeChange: Double
    public var test: CompareTest?
    /// The two-sided p-value, NaN when untested.
    public var pValue: Double
    /// The `--fail-on` text for this metric, if any.
    public var threshold: String?
    public var verdict: CompareVerdict
}

/// `simexec compare`: match two runs' sweep points and test each metric's change.
public enum Compare {
    /// The metrics compared when no `--metric` is given (those missing from both files are skipped).
    public static let defaultMetrics = [
        "latency_p50_us", "latency_p99_us", "latency_p999_us", "throughput_per_s", "stall_time_ms",
    ]

    /// +1 when an increase is worse, −1 when a decrease is worse, 0 when neither is (or the column is not one
    /// simexec writes), from the metric catalogue.
    static func worseDirection(_ metric: String) -> Int {
        switch MetricCatalogue.metric(forColumn: metric)?.better {
        case .higher: -1
        case .lower: 1
        case .neither, nil: 0
        }
    }

    /// A parsed `--fail-on`.
    struct Threshold: Sendable {
        var metric: String
        /// +1: fail when the candidate is higher by more than `amount`; −1: lower.
        var direction: Int
        var amount: Double
        /// `amount` is a fraction of the baseline mean (`10%` → 0.1) rather than in the metric's unit.
        var relative: Bool
        /// As the user wrote it, after the colon.
        var text: String

        /// Whether a change breaks the threshold (significance aside).
        func isBroken(difference: Double, relativeChange: Double) -> Bool {
            let change = relative ? relativeChange : difference
            guard !change.isNaN else { return false }
            return Double(direction) * change > amount
        }
    }

    static func parseThreshold(_ text: String) throws(ExperimentError) -> (metric: String, threshold: Threshold) {
        let usage = "expected METRIC:+PERCENT% (fail when METRIC rises by more than PERCENT%) or METRIC:-PERCENT% "
            + "(when it falls, for metrics such as throughput), e.g. latency_p99_us:+10% or throughput_per_s:-5%; "
            + "an amount without % is in the metric's unit, e.g. stall_time_ms:+5"
        guard let colon = text.lastIndex(of: ":") else {
            throw ExperimentError(keyPath: "--fail-on \(text)", message: usage)
        }
        let metric = String(text[..<colon]).trimmingCharacters(in: .whitespaces)
        var amountText = String(text[text.index(after: colon)...]).trimmingCharacters(in: .whitespaces)
        guard !metric.isEmpty, let sign = amountText.first, sign == "+" || sign == "-" else {
            throw ExperimentError(
                keyPath: "--fail-on \(text)",
                message: metric.isEmpty ? usage : "the amount needs a sign: + when a rise is bad, - when a fall is "
                    + "bad, e.g. \(metric):+\(amountText)")
        }
        amountText.removeFirst()
        let relative = amountText.hasSuffix("%")
        if relative { amountText.removeLast() }
        amountText = amountText.trimmingCharacters(in: .whitespaces)
        // One sign, then a plain decimal number: not `++5`, `+-5`, `+0x10` or `+inf`.
        guard !amountText.isEmpty, amountText.allSatisfy({ $0.isASCII && ($0.isNumber || $0 == ".") }),
            let amount = Double(amountText), amount.isFinite, amount >= 0
        else {
            throw ExperimentError(keyPath: "--fail-on \(text)", message: usage)
        }
        return (
            metric,
            Threshold(
                metric: metric, direction: sign == "+" ? 1 : -1, amount: relative ? amount / 100 : amount,
                relative: relative, text: String(text[text.index(after: colon)...]).trimmingCharacters(in: .whitespaces))
        )
    }

    /// The comparison before rendering.
    struct Outcome: Sendable {
        var baseline: ComparedRun
        var candidate: ComparedRun
        var sweepColumns: [String]
        var metrics: [String]
        var thresholds: [String: Threshold]
        var alpha: Double
        var rows: [CompareRow]
        /// Default metrics only one run has, which are not compared.
        var notes: [String] = []
    }

    /// Loads both sides, matches points, resolves metrics and thresholds and tests every (point, metric).
    public static func run(_ request: CompareRequest) throws(ExperimentError) -> CompareReport {
        let outcome = try compare(request)
        return CompareReport(rows: outcome.rows, text: render(outcome, format: request.format, width: request.width), notes: outcome.notes)
    }

    static func compare(_ request: CompareRequest) throws(ExperimentError) -> Outcome {
        guard request.alpha > 0, request.alpha < 1 else {
            throw ExperimentError(keyPath: "--alpha", message: "expected a number between 0 and 1, e.g. 0.05, found \(request.alpha)")
        }
        var parsedThresholds: [(metric: String, threshold: Threshold)] = []
        for text in request.failOn { parsedThresholds.append(try parseThreshold(text)) }
        let baseline = try ComparedRun.load(request.baseline, role: "baseline")
        let candidate = try ComparedRun.load(request.candidate, role: "candidate")
        try checkSweepColumns(baseline, candidate)

        // Metrics: --metric (or the defaults), plus every --fail-on metric.
        let available = baseline.metricNames.filter(candidate.metricNames.contains)
        var metrics: [String] = []
        var notes: [String] = []
        if request.metrics.isEmpty {
            metrics = defaultMetrics.filter(available.contains)
            for metric in defaultMetrics where !available.contains(metric) {
                let side: ComparedRun? =
                    baseline.metricNames.contains(metric) ? baseline
                    : candidate.metricNames.contains(metric) ? candidate : nil
                guard let side else { continue }
                let other = side.file == baseline.file ? candidate : baseline
                notes.append(
                    "note: \(metric) is in \(side.file) but not in \(other.file), so it is not compared; "
                        + "name the metrics to compare with --metric")
            }
        } else {
            for name in request.metrics {
                let resolved = try resolve(name, option: "--metric", baseline: baseline, candidate: candidate)
                if !metrics.contains(resolved) { metrics.append(resolved) }
            }
        }
        var thresholds: [String: Threshold] = [:]
        for (name, threshold) in parsedThresholds {
            let resolved = try resolve(
                name, option: "--fail-on \(name):\(threshold.text)", baseline: baseline, candidate: candidate)
            guard thresholds[resolved] == nil else {
                throw ExperimentError(
                    keyPath: "--fail-on", message: "\(resolved) has two thresholds; give one --fail-on per metric")
            }
            var copy = threshold
            copy.metric = resolved
            thresholds[resolved] = copy
            if !metrics.contains(resolved) { metrics.append(resolved) }
        }
        if metrics.isEmpty {
            throw ExperimentError(
                file: baseline.file,
                message: "none of the default metrics (\(defaultMetrics.joined(separator: ", "))) is in both files; "
                    + "choose some with --metric")
        }

        let pairs = try matchPoints(baseline, candidate)
        var rows: [CompareRow] = []
        for (base, cand) in pairs {
            let paired = isPaired(base, cand)
            for metric in metrics {
                let b = base.metrics[baseline.metricNames.firstIndex(of: metric)!]
                let c = cand.metrics[candidate.metricNames.firstIndex(of: metric)!]
                rows.append(
                    row(
                        point: base.sweptValues, metric: metric, baseline: b, candidate: c, paired: paired,
                        threshold: thresholds[metric], alpha: request.alpha))
            }
        }
        return Outcome(
            baseline: baseline, candidate: candidate, sweepColumns: baseline.sweepColumns, metrics: metrics,
            thresholds: thresholds, alpha: request.alpha, rows: rows, notes: notes)
    }

    /// Both runs must sweep the same keys (in any order).
    static func checkSweepColumns(_ baseline: ComparedRun, _ candidate: ComparedRun) throws(ExperimentError) {
        guard Set(baseline.sweepColumns) != Set(candidate.sweepColumns) else { return }
        func list(_ columns: [String]) -> String { columns.isEmpty ? "nothing" : columns.joined(separator: ", ") }
        throw ExperimentError(
            file: candidate.file,
            message: "the runs sweep different keys: the baseline (\(baseline.file)) sweeps "
                + "\(list(baseline.sweepColumns)), the candidate sweeps \(list(candidate.sweepColumns)); compare runs "
                + "of the same sweep (change a setting with `simexec run --set` rather than a sweep key)")
    }

    /// Pairs each baseline point with the candidate point that has the same swept values; every point must have a
    /// partner.
    static func matchPoints(_ baseline: ComparedRun, _ candidate: ComparedRun) throws(ExperimentError)
        -> [(ComparedRun.Point, ComparedRun.Point)]
    {
        // The candidate's values reordered into the baseline's column order.
        let order = baseline.sweepColumns.map { candidate.sweepColumns.firstIndex(of: $0)! }
        var candidateByValues: [[String]: ComparedRun.Point] = [:]
        for point in candidate.points { candidateByValues[order.map { point.sweptValues[$0] }] = point }
        var pairs: [(ComparedRun.Point, ComparedRun.Point)] = []
        var baselineOnly: [[String]] = []
        var matched: Set<[String]> = []
        for point in baseline.points {
            if let partner = candidateByValues[point.sweptValues] {
                pairs.append((point, partner))
                matched.insert(point.sweptValues)
            } else {
                baselineOnly.append(point.sweptValues)
            }
        }
        let candidateOnly = candidate.points.map { point in order.map { point.sweptValues[$0] } }
            .filter { !matched.contains($0) }
        guard baselineOnly.isEmpty && candidateOnly.isEmpty else {
            var parts: [String] = []
            func describe(_ points: [[String]], side: String, file: String) {
                guard !points.isEmpty else { return }
                let shown = points.prefix(5).map { "[\(ComparedRun.describe($0, columns: baseline.sweepColumns))]" }
                let more = points.count > 5 ? " and \(points.count - 5) more" : ""
                parts.append(
                    "\(points.count) point\(points.count == 1 ? "" : "s") only in the \(side) (\(file)): "
                        + shown.joined(separator: ", ") + more)
            }
            describe(baselineOnly, side: "baseline", file: baseline.file)
            describe(candidateOnly, side: "candidate", file: candidate.file)
            throw ExperimentError(
                message: "the runs' sweep points do not match; " + parts.joined(separator: "; ")
                    + ". Compare runs of the same sweep")
        }
        return pairs
    }

    /// Common random numbers: both points list the same replications with the same seeds, so replication r of each
    /// saw the same arrivals and step durations.
    static func isPaired(_ a: ComparedRun.Point, _ b: ComparedRun.Point) -> Bool {
        guard !a.replications.isEmpty, a.replications.count == b.replications.count else { return false }
        let left = a.replications.sorted { $0.replication < $1.replication }
        let right = b.replications.sorted { $0.replication < $1.replication }
        return zip(left, right).allSatisfy { $0.replication == $1.replication && $0.seed == $1.seed }
    }

    /// A metric name as the user typed it, resolved to a column present in both files.
    static func resolve(_ name: String, option: String, baseline: ComparedRun, candidate: ComparedRun)
        throws(ExperimentError) -> String
    {
        let trimmed = name.trimmingCharacters(in: .whitespaces)
        let resolved = MetricCatalogue.column(named: trimmed)
        let inBaseline = baseline.metricNames.contains(resolved)
        let inCandidate = candidate.metricNames.contains(resolved)
        if inBaseline && inCandidate { return resolved }
        if inBaseline || inCandidate {
            let (has, lacks) = inBaseline ? (baseline, candidate) : (candidate, baseline)
            throw ExperimentError(
                file: lacks.file, keyPath: option,
                message: "metric \"\(resolved)\" is in \(has.file) but not in this file; the runs measured different "
                    + "metrics (a task class or lock that exists on one side only?)")
        }
        let known = baseline.metricNames.filter(candidate.metricNames.contains)
        let shortNames = MetricCatalogue.shortNames.keys.sorted().joined(separator: ", ")
        if let match = Suggestions.closest(to: trimmed, among: known + MetricCatalogue.shortNames.keys.sorted()) {
            throw ExperimentError(
                keyPath: option,
                message: "unknown metric \"\(trimmed)\"; did you mean \"\(match)\"? (metrics are the columns of "
                    + "replications.csv after \"seed\", e.g. latency_p99_us, or the short names \(shortNames))")
        }
        throw ExperimentError(
            keyPath: option,
            message: "unknown metric \"\(trimmed)\"; the metrics in both files are \(known.joined(separator: ", ")) "
                + "(short names: \(shortNames))")
    }

    // MARK: Tests

    static func row(
        point: [String], metric: String, baseline: ComparedRun.MetricData, candidate: ComparedRun.MetricData,
        paired: Bool, threshold: Threshold?, alpha: Double
    ) -> CompareRow {
        var test: CompareTest?
        var b: [Double] = []
        var c: [Double] = []
        var bInterval: CompareEstimate?
        var cInterval: CompareEstimate?
        var testResult: TTestResult?
        switch (baseline, candidate) {
        case let (.samples(x), .samples(y)) where paired:
            // Pairwise complete: a replication counts only if both sides have a value.
            for (u, v) in zip(x, y) where u.isFinite && v.isFinite {
                b.append(u)
                c.append(v)
            }
            bInterval = interval(b)
            cInterval = interval(c)
            if b.count >= 2 {
                test = .paired
                testResult = try? TTest.paired(c, b)
            }
        default:
            (b, bInterval) = welchSample(baseline)
            (c, cInterval) = welchSample(candidate)
            if b.count >= 2 && c.count >= 2 {
                test = .welch
                testResult = try? TTest.welch(c, b)
            }
        }
        let difference = (cInterval?.mean ?? .nan) - (bInterval?.mean ?? .nan)
        let relativeChange: Double
        if let base = bInterval?.mean, let cand = cInterval?.mean {
            relativeChange = base != 0 ? (cand - base) / abs(base) : (cand == 0 ? 0 : (cand > 0 ? .infinity : -.infinity))
        } else {
            relativeChange = .nan
        }
        let pValue = testResult?.pValue ?? .nan
        if testResult == nil { test = nil }
        let verdict: CompareVerdict
        if testResult == nil {
            verdict = .untested
        } else if !(pValue < alpha) || difference == 0 {
            verdict = .unchanged
        } else {
            let direction = threshold?.direction ?? worseDirection(metric)
            let isWorse = Double(direction) * difference > 0
            if direction == 0 {
                verdict = difference > 0 ? .higher : .lower
            } else if !isWorse {
                verdict = .better
            } else if let threshold, threshold.isBroken(difference: difference, relativeChange: relativeChange) {
                verdict = .regression
            } else {
                verdict = .worse
            }
        }
        return CompareRow(
            point: point, metric: metric, baseline: bInterval, candidate: cInterval, difference: difference,
            relativeChange: relativeChange, test: test, pValue: pValue,
            threshold: threshold.map { "\($0.metric):\($0.text)" }, verdict: verdict)
    }

    /// The 95% Student-t interval of the finite values, nil if there are none.
    static func interval(_ values: [Double]) -> CompareEstimate? {
        guard !values.isEmpty, let interval = try? ConfidenceInterval.studentT(values) else { return nil }
        return CompareEstimate(mean: interval.mean, halfWidth: interval.halfWidth, count: interval.count)
    }

    /// The values Welch's test sees. For summary.csv, which keeps only n, the mean and the 95% CI, it is a stand-in
    /// sample with exactly that n, mean and standard deviation: Welch's test depends on nothing else.
    static func welchSample(_ data: ComparedRun.MetricData) -> ([Double], CompareEstimate?) {
        switch data {
        case let .samples(values):
            let finite = values.filter(\.isFinite)
            return (finite, interval(finite))
        case let .summary(count, mean, halfWidth):
            guard mean.isFinite else { return ([], nil) }
            let shown = CompareEstimate(mean: mean, halfWidth: halfWidth, count: count)
            guard count >= 2, halfWidth.isFinite, halfWidth >= 0 else { return ([mean], shown) }
            // s = halfWidth·√n / t₀.₉₇₅,ₙ₋₁; the unit sample's interval is t·1/√n, which gives t through GSL.
            let unit = unitSample(count)
            guard let unitInterval = try? ConfidenceInterval.studentT(unit), unitInterval.halfWidth > 0 else {
                return ([], shown)
            }
            let standardDeviation = halfWidth / unitInterval.halfWidth
            return (unit.map { mean + standardDeviation * $0 }, shown)
        }
    }

    /// n values with mean 0 and sample standard deviation 1: ±c pairs (and a 0 when n is odd).
    static func unitSample(_ count: Int) -> [Double] {
        let pairs = count / 2
        let c = (Double(count - 1) / Double(2 * pairs)).squareRoot()
        var values: [Double] = []
        for _ in 0..<pairs { values += [c, -c] }
        if count % 2 == 1 { values.append(0) }
        return values
    }
}

extension ExperimentCommands {
    /// `simexec compare`: see ``Compare``.
    public static func compare(_ request: CompareRequest) throws(ExperimentError) -> CompareReport {
        try Compare.run(request)
    }
}
