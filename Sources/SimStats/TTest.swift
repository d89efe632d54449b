internal import CGSL

/// Two-sample t-tests for comparing simulated configurations.
///
/// Use ``paired(_:_:level:)`` when replication i of both configurations used the same seeds (common random numbers):
/// it tests the per-replication differences and keeps the variance reduction that shared seeds bring. Use
/// ``welch(_:_:level:)`` for runs with independent seeds. Both assume the replication values are independent and
/// roughly normal (or numerous enough for the central limit theorem).
public enum TTest {
    /// Welch's unequal-variance t-test of mean(a) = mean(b):
    /// t = (ā − b̄)/√(s_a²/n_a + s_b²/n_b), with Welch–Satterthwaite degrees of freedom
    /// ν = (s_a²/n_a + s_b²/n_b)² / [(s_a²/n_a)²/(n_a − 1) + (s_b²/n_b)²/(n_b − 1)].
    ///
    /// If both samples have zero variance the standard error is 0: equal means give t = 0 and p = 1, different means
    /// t = ±infinity and p = 0, with ν reported as n_a + n_b − 2 and a zero-width ``TTestResult/differenceInterval``.
    /// The interval's `count` is n_a + n_b.
    ///
    /// - Throws: ``StatsError/invalidArgument(_:)`` unless each sample has at least two values, all finite, and
    ///   `level` is in (0, 1).
    public static func welch(_ a: [Double], _ b: [Double], level: Double = 0.95) throws -> TTestResult {
        disableGSLAbortHandler()
        try ArgumentCheck.level(level)
        try ArgumentCheck.finiteSamples(a, "a", minimumCount: 2)
        try ArgumentCheck.finiteSamples(b, "b", minimumCount: 2)
        let summaryA = SampleSummary(a)
        let summaryB = SampleSummary(b)
        let squaredErrorA = summaryA.variance / Double(summaryA.count)
        let squaredErrorB = summaryB.variance / Double(summaryB.count)
        let squaredError = squaredErrorA + squaredErrorB
        let degreesOfFreedom: Double
        if squaredError > 0 {
            degreesOfFreedom = squaredError * squaredError
                / (squaredErrorA * squaredErrorA / Double(summaryA.count - 1)
                    + squaredErrorB * squaredErrorB / Double(summaryB.count - 1))
        } else {
            degreesOfFreedom = Double(summaryA.count + summaryB.count - 2)
        }
        return try result(
            difference: summaryA.mean - summaryB.mean,
            standardError: squaredError.squareRoot(),
            degreesOfFreedom: degreesOfFreedom,
            level: level,
            count: summaryA.count + summaryB.count)
    }

    /// The paired t-test of mean(a − b) = 0 on the per-replication differences dᵢ = a[i] − b[i]:
    /// t = d̄/(s_d/√n) with n − 1 degrees of freedom.
    ///
    /// If all differences are equal the standard error is 0: t = 0 and p = 1 when they are all 0, otherwise
    /// t = ±infinity and p = 0, with a zero-width ``TTestResult/differenceInterval``. The interval's `count` is the
    /// number of pairs.
    ///
    /// - Throws: ``StatsError/invalidArgument(_:)`` unless `a` and `b` have the same count of at least two, all values
    ///   are finite, and `level` is in (0, 1).
    public static func paired(_ a: [Double], _ b: [Double], level: Double = 0.95) throws -> TTestResult {
        disableGSLAbortHandler()
        try ArgumentCheck.level(level)
        guard a.count == b.count else {
            throw StatsError.invalidArgument("a and b must have the same count, got \(a.count) and \(b.count)")
        }
        try ArgumentCheck.finiteSamples(a, "a", minimumCount: 2)
        try ArgumentCheck.finiteSamples(b, "b", minimumCount: 2)
        let differences = zip(a, b).map { $0 - $1 }
        // Differences of finite values can still overflow to infinity.
        try ArgumentCheck.finiteSamples(differences, "a - b", minimumCount: 2)
        let summary = SampleSummary(differences)
        return try result(
            difference: summary.mean,
            standardError: (summary.variance / Double(summary.count)).squareRoot(),
            degreesOfFreedom: Double(summary.count - 1),
            level: level,
            count: summary.count)
    }

    /// Assembles the statistic, p-value and interval shared by both tests.
    private static func result(
        difference: Double,
        standardError: Double,
        degreesOfFreedom: Double,
        level: Double,
        count: Int
    ) throws -> TTestResult {
        let statistic: Double
        let pValue: Double
        if standardError > 0 {
            statistic = difference / standardError
            let upperTail = try checkedGSLResult(
                gsl_cdf_tdist_Q(abs(statistic), degreesOfFreedom), from: "gsl_cdf_tdist_Q")
            pValue = Swift.min(1, 2 * upperTail)
        } else if difference == 0 {
            statistic = 0
            pValue = 1
        } else {
            statistic = difference > 0 ? .infinity : -.infinity
            pValue = 0
        }
        let halfWidth = try ConfidenceInterval.tQuantile(level: level, degreesOfFreedom: degreesOfFreedom)
            * standardError
        return TTestResult(
            statistic: statistic,
            degreesOfFreedom: degreesOfFreedom,
            pValue: pValue,
            meanDifference: difference,
            differenceInterval: ConfidenceInterval(
                mean: difference, halfWidth: halfWidth, level: level, count: count))
    }
}

/// Count, mean and sample variance (n − 1 denominator) of a non-empty array (`gsl_stats_mean`,
/// `gsl_stats_variance_m`).
private struct SampleSummary {
    var count: Int
    var mean: Double
    var variance: Double

    init(_ values: [Double]) {
        count = values.count
        (mean, variance) = values.withUnsafeBufferPointer { buffer in
            let mean = gsl_stats_mean(buffer.baseAddress, 1, buffer.count)
            return (mean, gsl_stats_variance_m(buffer.baseAddress, 1, buffer.count, mean))
        }
    }
}
