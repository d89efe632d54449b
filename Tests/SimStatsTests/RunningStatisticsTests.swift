import SimStats
import Testing

@Suite struct RunningStatisticsTests {
    @Test func goldenSample() {
        let statistics = RunningStatistics()
        for value in [1.9, 2.1, 2.0, 2.2, 1.8] {
            statistics.add(value)
        }
        #expect(statistics.count == 5)
        #expect(abs(statistics.mean - 2.0) < 1e-12)
        #expect(abs(statistics.variance - 0.025) < 1e-12)
        #expect(abs(statistics.standardDeviation - 0.158113883008419) < 1e-12)
        #expect(statistics.min == 1.8)
        #expect(statistics.max == 2.2)
    }

    @Test func emptyAndSingleValue() {
        let statistics = RunningStatistics()
        #expect(statistics.count == 0)
        #expect(statistics.mean == 0)
        #expect(statistics.variance == 0)
        statistics.add(-3)
        #expect(statistics.count == 1)
        #expect(statistics.mean == -3)
        #expect(statistics.variance == 0)
        #expect(statistics.min == -3)
        #expect(statistics.max == -3)
    }

    /// A large offset must not destroy the variance (naive sum-of-squares would lose all digits here).
    @Test func isNumericallyStable() {
        let statistics = RunningStatistics()
        for value in [1e9 + 4, 1e9 + 7, 1e9 + 13, 1e9 + 16] {
            statistics.add(value)
        }
        #expect(abs(statistics.variance - 30) < 1e-6)
    }
}
