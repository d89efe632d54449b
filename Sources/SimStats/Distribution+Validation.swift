extension Distribution {
    /// Checks the parameters and throws ``StatsError/invalidArgument(_:)`` naming the first bad one.
    ///
    /// Every parameter must be finite. Additionally: a constant, the bounds of a uniform, the mean of a normal and
    /// empirical samples must be >= 0, with low <= high; an exponential mean, a normal standard deviation, a lognormal
    /// sigma and the shapes, scales and minimum of gamma, Weibull and Pareto must be > 0; empirical samples must not be
    /// empty.
    public func validate() throws {
        switch self {
        case .constant(let value):
            try ArgumentCheck.nonNegative(value, "constant value")
        case .exponential(let mean):
            try ArgumentCheck.positive(mean, "exponential mean")
        case .uniform(let low, let high):
            try ArgumentCheck.nonNegative(low, "uniform low")
            try ArgumentCheck.nonNegative(high, "uniform high")
            guard low <= high else {
                throw StatsError.invalidArgument("uniform low must be <= high, got low \(low) and high \(high)")
            }
        case .normal(let mean, let standardDeviation):
            try ArgumentCheck.nonNegative(mean, "normal mean")
            try ArgumentCheck.positive(standardDeviation, "normal standardDeviation")
        case .lognormal(let zeta, let sigma):
            try ArgumentCheck.finite(zeta, "lognormal zeta")
            try ArgumentCheck.positive(sigma, "lognormal sigma")
        case .gamma(let shape, let scale):
            try ArgumentCheck.positive(shape, "gamma shape")
            try ArgumentCheck.positive(scale, "gamma scale")
        case .weibull(let scale, let shape):
            try ArgumentCheck.positive(scale, "weibull scale")
            try ArgumentCheck.positive(shape, "weibull shape")
        case .pareto(let shape, let minimum):
            try ArgumentCheck.positive(shape, "pareto shape")
            try ArgumentCheck.positive(minimum, "pareto minimum")
        case .empirical(let samples):
            guard !samples.isEmpty else {
                throw StatsError.invalidArgument("empirical samples must not be empty")
            }
            for (index, sample) in samples.enumerated() {
                try ArgumentCheck.nonNegative(sample, "empirical samples[\(index)]")
            }
        }
    }
}
