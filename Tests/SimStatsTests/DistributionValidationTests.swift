import SimStats
import Testing

@Suite struct DistributionValidationTests {
    /// Each invalid distribution with a word its error message must contain (the parameter's name).
    static let invalid: [(Distribution, String)] = [
        (.constant(-1), "constant value"),
        (.constant(.nan), "constant value"),
        (.exponential(mean: 0), "exponential mean"),
        (.exponential(mean: .infinity), "exponential mean"),
        (.uniform(low: -1, high: 2), "uniform low"),
        (.uniform(low: 3, high: 2), "low must be <= high"),
        (.uniform(low: 0, high: .infinity), "uniform high"),
        (.normal(mean: -1, standardDeviation: 1), "normal mean"),
        (.normal(mean: 1, standardDeviation: 0), "normal standardDeviation"),
        (.lognormal(zeta: .nan, sigma: 1), "lognormal zeta"),
        (.lognormal(zeta: 1, sigma: 0), "lognormal sigma"),
        (.gamma(shape: 0, scale: 1), "gamma shape"),
        (.gamma(shape: 1, scale: -1), "gamma scale"),
        (.weibull(scale: 0, shape: 1), "weibull scale"),
        (.weibull(scale: 1, shape: -2), "weibull shape"),
        (.pareto(shape: 0, minimum: 1), "pareto shape"),
        (.pareto(shape: 2, minimum: 0), "pareto minimum"),
        (.empirical([]), "must not be empty"),
        (.empirical([1, -2]), "empirical samples[1]"),
    ]

    @Test(arguments: invalid)
    func rejectsInvalidParameters(_ distribution: Distribution, _ parameter: String) {
        do {
            try distribution.validate()
            Issue.record("\(distribution) was accepted")
        } catch let error as StatsError {
            guard case .invalidArgument(let message) = error else {
                Issue.record("unexpected error \(error)")
                return
            }
            #expect(message.contains(parameter), "message: \(message)")
        } catch {
            Issue.record("unexpected error \(error)")
        }
    }

    @Test(arguments: DistributionMomentTests.distributions + [.uniform(low: 3, high: 3), .normal(mean: 0, standardDeviation: 1)])
    func acceptsValidParameters(_ distribution: Distribution) {
        #expect(throws: Never.self) { try distribution.validate() }
    }

    @Test func lognormalFactoriesRejectBadArguments() {
        #expect(throws: StatsError.self) { try Distribution.lognormal(median: 100, p99: 100) }
        #expect(throws: StatsError.self) { try Distribution.lognormal(median: 0, p99: 100) }
        #expect(throws: StatsError.self) { try Distribution.lognormal(median: 100, p99: .infinity) }
        #expect(throws: StatsError.self) { try Distribution.lognormal(mean: -1, coefficientOfVariation: 1) }
        #expect(throws: StatsError.self) { try Distribution.lognormal(mean: 1, coefficientOfVariation: 0) }
        #expect(throws: StatsError.self) { try Distribution.lognormal(mean: 1, coefficientOfVariation: 1e-200) }
        do {
            _ = try Distribution.lognormal(median: 200, p99: 100)
            Issue.record("p99 below the median was accepted")
        } catch {
            #expect("\(error)".contains("p99 must be > median"))
        }
    }

    /// Sampling invalid parameters must not trap or hang; it returns NaN where GSL could not return a value.
    @Test func samplingInvalidParametersDoesNotTrap() {
        let stream = RandomStream(seed: 3)
        #expect(Distribution.empirical([]).sample(stream).isNaN)
        #expect(Distribution.gamma(shape: -.infinity, scale: 1).sample(stream).isNaN)
        #expect(Distribution.gamma(shape: 0, scale: 1).sample(stream).isNaN)
    }
}
