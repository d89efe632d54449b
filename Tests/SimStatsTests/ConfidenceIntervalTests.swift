import SimStats
import Testing

@Suite struct ConfidenceIntervalTests {
    /// Golden vector (research/peers/golden_stats.py, equal to SciPy): mean 2.0, sd 0.158114, t(0.975, 4) = 2.776445.
    @Test func goldenInterval() throws {
        let interval = try ConfidenceInterval.studentT([1.9, 2.1, 2.0, 2.2, 1.8])
        #expect(abs(interval.mean - 2.0) < 1e-12)
        #expect(abs(interval.lower - 1.803676) < 1e-6)
        #expect(abs(interval.upper - 2.196324) < 1e-6)
        #expect(interval.level == 0.95)
        #expect(interval.count == 5)
    }

    /// With n = 10 the half-width is t(0.975, 9) = 2.262157 standard errors.
    @Test func tenSamplesUseNineDegreesOfFreedom() throws {
        let samples = (1 ... 10).map(Double.init)
        let interval = try ConfidenceInterval.studentT(samples)
        let statistics = RunningStatistics()
        samples.forEach(statistics.add)
        let standardError = statistics.standardDeviation / Double(10).squareRoot()
        #expect(abs(interval.halfWidth / standardError - 2.262157) < 1e-6)
        let ninety = try ConfidenceInterval.studentT(samples, level: 0.90)
        #expect(abs(ninety.halfWidth / standardError - 1.833113) < 1e-6)
    }

    @Test func degenerateSamples() throws {
        let single = try ConfidenceInterval.studentT([4.5])
        #expect(single.mean == 4.5)
        #expect(single.halfWidth.isNaN)
        #expect(single.count == 1)
        let equal = try ConfidenceInterval.studentT([3, 3, 3, 3])
        #expect(equal.halfWidth == 0)
        #expect(equal.lower == 3 && equal.upper == 3)
    }

    @Test func rejectsBadArguments() {
        #expect(throws: StatsError.self) { try ConfidenceInterval.studentT([]) }
        #expect(throws: StatsError.self) { try ConfidenceInterval.studentT([1, 2], level: 1) }
        #expect(throws: StatsError.self) { try ConfidenceInterval.studentT([1, 2], level: 0) }
        #expect(throws: StatsError.self) { try ConfidenceInterval.studentT([1, 2], level: .nan) }
        #expect(throws: StatsError.self) { try ConfidenceInterval.studentT([1, .infinity]) }
    }

    /// 1,000 intervals, each from 10 draws of N(100, 1) (the truncation at 0 is 100 standard deviations away, so it
    /// is immaterial), from one stream with the fixed seed 2_718. The 95 % interval should contain 100 in about 950
    /// of them: the binomial standard deviation is 6.9, so [920, 980] is more than ±4 sd.
    @Test func coverageIsNominal() throws {
        let distribution = Distribution.normal(mean: 100, standardDeviation: 1)
        let stream = RandomStream(seed: 2_718)
        var covered = 0
        for _ in 0 ..< 1_000 {
            let samples = (0 ..< 10).map { _ in distribution.sample(stream) }
            let interval = try ConfidenceInterval.studentT(samples)
            if interval.lower <= 100, 100 <= interval.upper {
                covered += 1
            }
        }
        #expect((920 ... 980).contains(covered), "covered \(covered) of 1000")
    }
}
