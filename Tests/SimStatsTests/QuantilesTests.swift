import SimStats
import Testing

@Suite struct QuantilesTests {
    /// Type 7 (R and NumPy default): position (n − 1)·p = 3.6 lies between 4 and 10, giving 4 + 0.6·6 = 7.6.
    @Test func typeSevenGoldenValue() throws {
        #expect(abs(try Quantiles.quantile([1, 2, 3, 4, 10], 0.9) - 7.6) < 1e-12)
        #expect(abs(try Quantiles.quantile([10, 4, 1, 3, 2], 0.9) - 7.6) < 1e-12)
    }

    @Test func endpointsAndMedian() throws {
        let values: [Double] = [5, 1, 4, 2, 3]
        #expect(try Quantiles.quantile(values, 0) == 1)
        #expect(try Quantiles.quantile(values, 1) == 5)
        #expect(try Quantiles.quantile(values, 0.5) == 3)
        #expect(try Quantiles.quantile([2, 1], 0.5) == 1.5)
        #expect(try Quantiles.quantile([42], 0.3) == 42)
    }

    @Test func leavesItsInputUnsorted() throws {
        let values: [Double] = [3, 1, 2]
        _ = try Quantiles.quantile(values, 0.5)
        #expect(values == [3, 1, 2])
    }

    @Test func rejectsBadArguments() {
        #expect(throws: StatsError.invalidArgument("values must not be empty")) { try Quantiles.quantile([], 0.5) }
        #expect(throws: StatsError.self) { try Quantiles.quantile([1, 2], 1.5) }
        #expect(throws: StatsError.self) { try Quantiles.quantile([1, 2], -0.1) }
        #expect(throws: StatsError.self) { try Quantiles.quantile([1, 2], .nan) }
        #expect(throws: StatsError.self) { try Quantiles.quantile([1, .nan], 0.5) }
    }
}
