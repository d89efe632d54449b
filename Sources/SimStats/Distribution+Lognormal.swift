internal import CGSL
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

extension Distribution {
    /// A lognormal distribution with the given median and 99th percentile (same unit as the samples).
    ///
    /// zeta = ln median and sigma = (ln p99 − ln median)/z₀.₉₉, where z₀.₉₉ ≈ 2.326348 comes from
    /// `gsl_cdf_ugaussian_Pinv(0.99)`. Handy for latencies described by their typical and tail values.
    ///
    /// - Throws: ``StatsError/invalidArgument(_:)`` unless both are finite and 0 < median < p99 (far enough apart
    ///   for sigma to be > 0 in floating point).
    public static func lognormal(median: Double, p99: Double) throws -> Distribution {
        disableGSLAbortHandler()
        try ArgumentCheck.positive(median, "lognormal median")
        try ArgumentCheck.positive(p99, "lognormal p99")
        guard p99 > median else {
            throw StatsError.invalidArgument("lognormal p99 must be > median, got median \(median) and p99 \(p99)")
        }
        let sigma = (log(p99) - log(median)) / gsl_cdf_ugaussian_Pinv(0.99)
        guard sigma > 0 else {
            throw StatsError.invalidArgument(
                "lognormal p99 is too close to median to give a sigma > 0, got median \(median) and p99 \(p99)")
        }
        return .lognormal(zeta: log(median), sigma: sigma)
    }

    /// A lognormal distribution with the given mean and coefficient of variation (standard deviation / mean).
    ///
    /// sigma² = ln(1 + cv²) and zeta = ln mean − sigma²/2, so that the distribution's ``mean`` is `mean` and its
    /// standard deviation is `coefficientOfVariation · mean`.
    ///
    /// - Throws: ``StatsError/invalidArgument(_:)`` unless both are finite and > 0 and cv² neither underflows to 0
    ///   nor overflows.
    public static func lognormal(mean: Double, coefficientOfVariation: Double) throws -> Distribution {
        try ArgumentCheck.positive(mean, "lognormal mean")
        try ArgumentCheck.positive(coefficientOfVariation, "lognormal coefficientOfVariation")
        let sigmaSquared = log1p(coefficientOfVariation * coefficientOfVariation)
        guard sigmaSquared > 0, sigmaSquared.isFinite else {
            throw StatsError.invalidArgument(
                "lognormal coefficientOfVariation must give a finite sigma > 0, got \(coefficientOfVariation)")
        }
        return .lognormal(zeta: log(mean) - sigmaSquared / 2, sigma: sigmaSquared.squareRoot())
    }
}
