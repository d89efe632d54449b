internal import CGSL

extension Distribution {
    /// Draws one value from `stream`. Always >= 0 for parameters that pass ``validate()``.
    ///
    /// Each call consumes a distribution-dependent number of uniforms from `stream` (one for exponential, uniform,
    /// Pareto, Weibull and empirical; a variable number for the rejection samplers behind normal and gamma).
    /// Invalid parameters give an unspecified value (NaN for an empty empirical or a non-positive gamma shape, for
    /// which GSL's sampler would not return a value).
    public func sample(_ stream: RandomStream) -> Double {
        let generator = stream.generator
        switch self {
        case .constant(let value):
            return value
        case .exponential(let mean):
            return gsl_ran_exponential(generator, mean)
        case .uniform(let low, let high):
            return gsl_ran_flat(generator, low, high)
        case .normal(let mean, let standardDeviation):
            // gsl_ran_gaussian_tail(a, σ) draws from N(0, σ²) conditioned on x >= a; shifting by the mean truncates
            // N(mean, σ²) at 0. `max` only absorbs a rounding error of one ulp at the boundary.
            return Swift.max(0, mean + gsl_ran_gaussian_tail(generator, -mean, standardDeviation))
        case .lognormal(let zeta, let sigma):
            return gsl_ran_lognormal(generator, zeta, sigma)
        case .gamma(let shape, let scale):
            // GSL recurses on shape + 1 while shape < 1, which never terminates for -infinity.
            guard shape > 0 else { return .nan }
            return gsl_ran_gamma(generator, shape, scale)
        case .weibull(let scale, let shape):
            return gsl_ran_weibull(generator, scale, shape)
        case .pareto(let shape, let minimum):
            return gsl_ran_pareto(generator, shape, minimum)
        case .empirical(let samples):
            guard !samples.isEmpty else { return .nan }
            return samples[stream.uniformInt(below: samples.count)]
        }
    }
}
