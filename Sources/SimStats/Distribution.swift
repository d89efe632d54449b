/// A non-negative random duration or interval, in the caller's unit (the simulator uses nanoseconds as `Double`).
///
/// Parameters are stored as given; call ``validate()`` once (for example when a configuration is loaded) before
/// sampling. For valid parameters ``sample(_:)`` never returns a negative value, and ``mean`` and ``variance`` are the
/// exact moments of what ``sample(_:)`` draws. Sampling with invalid parameters does not trap but returns an
/// unspecified value, possibly NaN.
public enum Distribution: Sendable, Hashable {
    /// Always the given value (>= 0).
    case constant(Double)
    /// Exponential with the given **mean** (> 0), i.e. rate 1/mean (`gsl_ran_exponential`).
    case exponential(mean: Double)
    /// Uniform on [low, high) with 0 <= low <= high (`gsl_ran_flat`).
    case uniform(low: Double, high: Double)
    /// Normal with the given mean (>= 0) and standard deviation (> 0), **truncated** at 0: draws below 0 are rejected
    /// rather than clamped, so no probability mass piles up at 0 and ``mean`` exceeds `mean` when truncation matters
    /// (drawn as `mean + gsl_ran_gaussian_tail(-mean, standardDeviation)`).
    case normal(mean: Double, standardDeviation: Double)
    /// Lognormal: ln X ~ N(zeta, sigma²) with finite zeta and sigma > 0 (`gsl_ran_lognormal`). The median is e^zeta.
    /// ``lognormal(median:p99:)`` and ``lognormal(mean:coefficientOfVariation:)`` build it from friendlier parameters.
    case lognormal(zeta: Double, sigma: Double)
    /// Gamma with shape k > 0 and scale θ > 0, mean kθ (`gsl_ran_gamma(a: shape, b: scale)`).
    case gamma(shape: Double, scale: Double)
    /// Weibull with scale λ > 0 and shape k > 0, mean λΓ(1 + 1/k) (`gsl_ran_weibull(a: scale, b: shape)`).
    case weibull(scale: Double, shape: Double)
    /// Pareto (type I) with shape α > 0 and minimum x_m > 0: P(X > x) = (x_m/x)^α for x >= x_m
    /// (`gsl_ran_pareto(a: shape, b: minimum)`). The mean is infinite for α <= 1, the variance for α <= 2.
    case pareto(shape: Double, minimum: Double)
    /// A uniformly random choice among the given samples (non-empty, each finite and >= 0), for example measured
    /// durations. Duplicates weight a value.
    case empirical([Double])

    /// Whether every draw returns the same value: a constant, or empirical samples that are all equal.
    public var isDeterministic: Bool {
        switch self {
        case .constant:
            return true
        case .empirical(let samples):
            guard let first = samples.first else { return false }
            return samples.allSatisfy { $0 == first }
        case .exponential, .uniform, .normal, .lognormal, .gamma, .weibull, .pareto:
            return false
        }
    }
}

extension Distribution: CustomStringConvertible {
    /// A compact form such as `exp(mean=1000)` or `lognormal(zeta=6.9, sigma=0.5)`. Values are in the caller's unit.
    public var description: String {
        switch self {
        case .constant(let value):
            return "const(\(Self.format(value)))"
        case .exponential(let mean):
            return "exp(mean=\(Self.format(mean)))"
        case .uniform(let low, let high):
            return "uniform(low=\(Self.format(low)), high=\(Self.format(high)))"
        case .normal(let mean, let standardDeviation):
            return "normal(mean=\(Self.format(mean)), sd=\(Self.format(standardDeviation)))"
        case .lognormal(let zeta, let sigma):
            return "lognormal(zeta=\(Self.format(zeta)), sigma=\(Self.format(sigma)))"
        case .gamma(let shape, let scale):
            return "gamma(shape=\(Self.format(shape)), scale=\(Self.format(scale)))"
        case .weibull(let scale, let shape):
            return "weibull(scale=\(Self.format(scale)), shape=\(Self.format(shape)))"
        case .pareto(let shape, let minimum):
            return "pareto(shape=\(Self.format(shape)), minimum=\(Self.format(minimum)))"
        case .empirical(let samples):
            return "empirical(n=\(samples.count))"
        }
    }

    /// Integral values without a fractional part (`1000`, not `1000.0`); others as Swift prints them.
    private static func format(_ value: Double) -> String {
        if value.isFinite, value == value.rounded(), abs(value) < 1e15 {
            return String(Int64(value))
        }
        return String(value)
    }
}
