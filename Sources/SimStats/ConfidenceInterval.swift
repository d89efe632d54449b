internal import CGSL

/// A two-sided confidence interval for a mean: ``mean`` ± ``halfWidth`` at confidence ``level``.
public struct ConfidenceInterval: Sendable, Hashable {
    /// The point estimate (the sample mean), in the unit of the data.
    public var mean: Double
    /// Half the width of the interval, in the unit of the data; >= 0, or NaN when there is too little data to
    /// estimate a variance.
    public var halfWidth: Double
    /// The confidence level in (0, 1), for example 0.95.
    public var level: Double
    /// The number of observations behind the interval.
    public var count: Int

    /// The lower end, ``mean`` − ``halfWidth``.
    public var lower: Double { mean - halfWidth }
    /// The upper end, ``mean`` + ``halfWidth``.
    public var upper: Double { mean + halfWidth }

    /// The Student-t interval for the mean of independent, identically distributed `samples` (for example one
    /// summary value per independent replication): x̄ ± t₁₋₍₁₋level₎/₂,ₙ₋₁ · s/√n, with s the sample standard deviation
    /// (n − 1 denominator) and the t quantile from `gsl_cdf_tdist_Pinv`.
    ///
    /// One sample gives ``halfWidth`` = NaN (no variance can be estimated from it); equal samples give 0.
    ///
    /// - Throws: ``StatsError/invalidArgument(_:)`` if `samples` is empty or contains a non-finite value, or `level`
    ///   is not in (0, 1).
    public static func studentT(_ samples: [Double], level: Double = 0.95) throws -> ConfidenceInterval {
        disableGSLAbortHandler()
        try ArgumentCheck.level(level)
        try ArgumentCheck.finiteSamples(samples, "samples", minimumCount: 1)
        let (mean, standardDeviation) = samples.withUnsafeBufferPointer { buffer in
            let mean = gsl_stats_mean(buffer.baseAddress, 1, buffer.count)
            return (mean, gsl_stats_sd_m(buffer.baseAddress, 1, buffer.count, mean))
        }
        let count = samples.count
        guard count > 1 else {
            return ConfidenceInterval(mean: mean, halfWidth: .nan, level: level, count: count)
        }
        let standardError = standardDeviation / Double(count).squareRoot()
        let halfWidth = try tQuantile(level: level, degreesOfFreedom: Double(count - 1)) * standardError
        return ConfidenceInterval(mean: mean, halfWidth: halfWidth, level: level, count: count)
    }

    /// The two-sided critical value t₁₋₍₁₋level₎/₂,ν (`gsl_cdf_tdist_Pinv`); ν may be fractional (Welch).
    static func tQuantile(level: Double, degreesOfFreedom: Double) throws -> Double {
        try checkedGSLResult(
            gsl_cdf_tdist_Pinv(1 - (1 - level) / 2, degreesOfFreedom), from: "gsl_cdf_tdist_Pinv")
    }
}
