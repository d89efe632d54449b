internal import CGSL
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

extension Distribution {
    /// The exact mean of ``sample(_:)``, in the caller's unit.
    ///
    /// For the truncated normal this is mean + σ·φ(α)/(1 − Φ(α)) with α = −mean/σ; for Pareto with shape <= 1 it is
    /// `+infinity`; for empirical samples it is their arithmetic mean. Invalid parameters give an unspecified value.
    public var mean: Double {
        disableGSLAbortHandler()
        switch self {
        case .constant(let value):
            return value
        case .exponential(let mean):
            return mean
        case .uniform(let low, let high):
            return (low + high) / 2
        case .normal(let mean, let standardDeviation):
            let truncation = TruncatedNormal(mean: mean, standardDeviation: standardDeviation)
            return mean + standardDeviation * truncation.inverseMillsRatio
        case .lognormal(let zeta, let sigma):
            return exp(zeta + sigma * sigma / 2)
        case .gamma(let shape, let scale):
            return shape * scale
        case .weibull(let scale, let shape):
            return scale * gsl_sf_gamma(1 + 1 / shape)
        case .pareto(let shape, let minimum):
            return shape <= 1 ? .infinity : shape * minimum / (shape - 1)
        case .empirical(let samples):
            return Self.populationMoments(samples).mean
        }
    }

    /// The exact variance of ``sample(_:)``, in the caller's unit squared.
    ///
    /// For Pareto with shape <= 2 it is `+infinity`; for empirical samples it is their population variance (divided
    /// by n, since the distribution *is* the sample). Invalid parameters give an unspecified value.
    public var variance: Double {
        disableGSLAbortHandler()
        switch self {
        case .constant:
            return 0
        case .exponential(let mean):
            return mean * mean
        case .uniform(let low, let high):
            return (high - low) * (high - low) / 12
        case .normal(let mean, let standardDeviation):
            let truncation = TruncatedNormal(mean: mean, standardDeviation: standardDeviation)
            let lambda = truncation.inverseMillsRatio
            return standardDeviation * standardDeviation * (1 + truncation.alpha * lambda - lambda * lambda)
        case .lognormal(let zeta, let sigma):
            let sigmaSquared = sigma * sigma
            return expm1(sigmaSquared) * exp(2 * zeta + sigmaSquared)
        case .gamma(let shape, let scale):
            return shape * scale * scale
        case .weibull(let scale, let shape):
            let first = gsl_sf_gamma(1 + 1 / shape)
            return scale * scale * (gsl_sf_gamma(1 + 2 / shape) - first * first)
        case .pareto(let shape, let minimum):
            guard shape > 2 else { return .infinity }
            return minimum * minimum * shape / ((shape - 1) * (shape - 1) * (shape - 2))
        case .empirical(let samples):
            return Self.populationMoments(samples).variance
        }
    }

    /// Mean and population variance of `samples` (`gsl_stats_mean`, `gsl_stats_variance_with_fixed_mean`); NaN when
    /// empty.
    private static func populationMoments(_ samples: [Double]) -> (mean: Double, variance: Double) {
        guard !samples.isEmpty else { return (.nan, .nan) }
        return samples.withUnsafeBufferPointer { buffer in
            let mean = gsl_stats_mean(buffer.baseAddress, 1, buffer.count)
            return (mean, gsl_stats_variance_with_fixed_mean(buffer.baseAddress, 1, buffer.count, mean))
        }
    }
}

/// The standardised truncation point of a normal distribution truncated below at 0.
private struct TruncatedNormal {
    /// α = (0 − mean)/σ, the truncation point in standard deviations.
    var alpha: Double
    /// λ = φ(α)/(1 − Φ(α)), the inverse Mills ratio at α (`gsl_ran_ugaussian_pdf`, `gsl_cdf_ugaussian_Q`).
    var inverseMillsRatio: Double

    init(mean: Double, standardDeviation: Double) {
        alpha = -mean / standardDeviation
        inverseMillsRatio = gsl_ran_ugaussian_pdf(alpha) / gsl_cdf_ugaussian_Q(alpha)
    }
}
