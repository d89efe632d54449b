import SimStats
import Testing

@Suite struct DistributionMomentTests {
    static let drawCount = 200_000

    static let distributions: [Distribution] = [
        .constant(7),
        .exponential(mean: 1_000),
        .uniform(low: 2, high: 5),
        .normal(mean: 1, standardDeviation: 1),
        .normal(mean: 50, standardDeviation: 10),
        .lognormal(zeta: 1, sigma: 0.5),
        .gamma(shape: 2.5, scale: 3),
        .gamma(shape: 0.5, scale: 2),
        .weibull(scale: 4, shape: 1.5),
        .pareto(shape: 5, minimum: 2),
        .empirical([1, 2, 2, 5, 10]),
    ]

    static func draws(_ distribution: Distribution, seed: UInt32) -> [Double] {
        let stream = RandomStream(seed: seed)
        return (0 ..< drawCount).map { _ in distribution.sample(stream) }
    }

    /// 200,000 draws; the sample mean must be within 4 standard errors (σ/√n, analytic σ) of the analytic mean and
    /// the sample variance within 4 estimated standard errors (√((m₄ − s⁴)/n)) of the analytic variance. A correct
    /// implementation fails each check with probability ≈ 6e-5; the seed is fixed, so the outcome is reproducible.
    @Test(arguments: distributions)
    func sampleMomentsMatchAnalyticMoments(_ distribution: Distribution) throws {
        try distribution.validate()
        let values = Self.draws(distribution, seed: 2_024)
        #expect(values.allSatisfy { $0 >= 0 })
        let moments = SampleMoments(values)
        let meanError = (distribution.variance / Double(values.count)).squareRoot()
        #expect(abs(moments.mean - distribution.mean) <= 4 * meanError, "sample mean \(moments.mean)")
        #expect(
            abs(moments.variance - distribution.variance) <= 4 * moments.varianceStandardError,
            "sample variance \(moments.variance)")
    }

    /// The analytic formulas against values computed independently with SciPy 1.17.
    @Test func analyticMomentsMatchReferenceValues() {
        func close(_ a: Double, _ b: Double) -> Bool { abs(a - b) <= 1e-9 * Swift.max(1, abs(b)) }
        let truncated = Distribution.normal(mean: 1, standardDeviation: 1)
        #expect(close(truncated.mean, 1.2875999709391783))
        #expect(close(truncated.variance, 0.6296862857766055))
        let weibull = Distribution.weibull(scale: 4, shape: 1.5)
        #expect(close(weibull.mean, 3.610981171803734))
        #expect(close(weibull.variance, 6.011044557022911))
        let pareto = Distribution.pareto(shape: 5, minimum: 2)
        #expect(close(pareto.mean, 2.5))
        #expect(close(pareto.variance, 0.4166666666666667))
        let lognormal = Distribution.lognormal(zeta: 1, sigma: 0.5)
        #expect(close(lognormal.mean, 3.0802168489180310))
        #expect(close(lognormal.variance, 2.694758124344947))
        #expect(close(Distribution.gamma(shape: 2.5, scale: 3).mean, 7.5))
        #expect(close(Distribution.gamma(shape: 2.5, scale: 3).variance, 22.5))
        #expect(close(Distribution.uniform(low: 2, high: 5).variance, 0.75))
        #expect(close(Distribution.empirical([1, 2, 2, 5, 10]).mean, 4))
        #expect(close(Distribution.empirical([1, 2, 2, 5, 10]).variance, 10.8))
        #expect(Distribution.constant(3).variance == 0)
    }

    /// gsl_ran_exponential takes the mean, not the rate: a mean of 1000 must give draws averaging ≈ 1000, not 0.001.
    @Test func exponentialIsParameterisedByItsMean() {
        let values = Self.draws(.exponential(mean: 1_000), seed: 5)
        let mean = SampleMoments(values).mean
        #expect(abs(mean - 1_000) < 10)
    }

    @Test func lognormalFromMedianAndP99ReproducesThem() throws {
        let distribution = try Distribution.lognormal(median: 1_000, p99: 10_000)
        let values = Self.draws(distribution, seed: 77)
        let median = try Quantiles.quantile(values, 0.5)
        let p99 = try Quantiles.quantile(values, 0.99)
        #expect(abs(median / 1_000 - 1) < 0.02, "median \(median)")
        #expect(abs(p99 / 10_000 - 1) < 0.02, "p99 \(p99)")
        guard case .lognormal(let zeta, let sigma) = distribution else {
            Issue.record("expected a lognormal, got \(distribution)")
            return
        }
        #expect(abs(zeta - 6.907755278982137) < 1e-12)
        #expect(abs(sigma - 2.302585092994046 / 2.3263478740408408) < 1e-9)
    }

    @Test func lognormalFromMeanAndCoefficientOfVariation() throws {
        let distribution = try Distribution.lognormal(mean: 500, coefficientOfVariation: 2)
        #expect(abs(distribution.mean - 500) < 1e-9)
        #expect(abs(distribution.variance.squareRoot() / distribution.mean - 2) < 1e-12)
    }

    /// Truncation, not clamping: N(1, 1) truncated at 0 has mean 1.2876; clamping negatives to 0 would give
    /// E[max(X, 0)] = 1.0833 and put 15.9 % of the draws at exactly 0.
    @Test func normalIsTruncatedAtZeroNotClamped() {
        let distribution = Distribution.normal(mean: 1, standardDeviation: 1)
        let values = Self.draws(distribution, seed: 31)
        #expect(values.allSatisfy { $0 >= 0 })
        #expect(values.filter { $0 == 0 }.count < 10)
        let moments = SampleMoments(values)
        let standardError = (distribution.variance / Double(values.count)).squareRoot()
        #expect(abs(moments.mean - 1.2875999709391783) < 4 * standardError)
        let halfNormal = Self.draws(.normal(mean: 0, standardDeviation: 2), seed: 32)
        #expect(halfNormal.allSatisfy { $0 >= 0 })
        // Half-normal with σ = 2 has mean 2·√(2/π) ≈ 1.5958.
        #expect(abs(SampleMoments(halfNormal).mean - 1.5957691216057308) < 0.01)
    }

    @Test func heavyTailsHaveInfiniteMoments() {
        #expect(Distribution.pareto(shape: 1, minimum: 1).mean == .infinity)
        #expect(Distribution.pareto(shape: 1.5, minimum: 1).mean == 3)
        #expect(Distribution.pareto(shape: 2, minimum: 1).variance == .infinity)
    }

    @Test func determinismAndDescription() {
        #expect(Distribution.constant(5).isDeterministic)
        #expect(Distribution.empirical([3, 3, 3]).isDeterministic)
        #expect(!Distribution.empirical([3, 4]).isDeterministic)
        #expect(!Distribution.exponential(mean: 1).isDeterministic)
        #expect(Distribution.exponential(mean: 1_000).description == "exp(mean=1000)")
        #expect(Distribution.constant(2.5).description == "const(2.5)")
        #expect(Distribution.empirical([1, 2]).description == "empirical(n=2)")
        #expect(Distribution.weibull(scale: 4, shape: 1.5).description == "weibull(scale=4, shape=1.5)")
    }
}
