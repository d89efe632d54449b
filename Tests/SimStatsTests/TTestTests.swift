import SimStats
import Testing

@Suite struct TTestTests {
    static let pairedX = [10.2, 11.5, 9.8, 10.9, 12.1, 10.4, 11.0, 9.9]
    static let pairedY = [10.9, 12.0, 10.1, 11.8, 12.6, 11.1, 11.4, 10.6]

    /// Golden values from des-statistics.md §4.5, equal to SciPy's `ttest_ind(equal_var=False)`.
    @Test func welchGolden() throws {
        let result = try TTest.welch([1.9, 2.1, 2.0, 2.2, 1.8], [2.4, 2.6, 2.3, 2.7, 2.5, 2.2])
        #expect(abs(result.statistic - -4.323460) < 1e-6)
        #expect(abs(result.degreesOfFreedom - 8.989362) < 1e-6)
        #expect(abs(result.pValue - 0.00192873) < 1e-8)
        #expect(abs(result.meanDifference - -0.45) < 1e-12)
        #expect(abs(result.differenceInterval.lower - -0.685495) < 1e-6)
        #expect(abs(result.differenceInterval.upper - -0.214505) < 1e-6)
        #expect(result.differenceInterval.count == 11)
    }

    /// The same common-random-number data analysed both ways: the paired test keeps the CRN gain (p = 6.3e-5),
    /// Welch's test discards it (p = 0.17).
    @Test func pairedGoldenAndWelchOnTheSameData() throws {
        let paired = try TTest.paired(Self.pairedX, Self.pairedY)
        #expect(abs(paired.statistic - -8.480621) < 1e-6)
        #expect(paired.degreesOfFreedom == 7)
        #expect(abs(paired.pValue - 6.2686e-05) < 1e-9)
        #expect(abs(paired.differenceInterval.lower - -0.751311) < 1e-6)
        #expect(abs(paired.differenceInterval.upper - -0.423689) < 1e-6)
        #expect(paired.differenceInterval.count == 8)
        let welch = try TTest.welch(Self.pairedX, Self.pairedY)
        #expect(abs(welch.pValue - 0.166715) < 1e-6)
        #expect(abs(welch.degreesOfFreedom - 13.999510) < 1e-6)
    }

    @Test func levelChangesOnlyTheInterval() throws {
        let ninetyFive = try TTest.paired(Self.pairedX, Self.pairedY)
        let ninetyNine = try TTest.paired(Self.pairedX, Self.pairedY, level: 0.99)
        #expect(ninetyNine.pValue == ninetyFive.pValue)
        #expect(ninetyNine.differenceInterval.halfWidth > ninetyFive.differenceInterval.halfWidth)
        #expect(ninetyNine.differenceInterval.level == 0.99)
    }

    @Test func zeroVarianceOnBothSides() throws {
        let equal = try TTest.welch([2, 2, 2], [2, 2])
        #expect(equal.statistic == 0)
        #expect(equal.pValue == 1)
        let different = try TTest.welch([3, 3, 3], [2, 2])
        #expect(different.statistic == .infinity)
        #expect(different.pValue == 0)
        #expect(different.differenceInterval.halfWidth == 0)
        let lower = try TTest.welch([1, 1], [2, 2, 2])
        #expect(lower.statistic == -.infinity)
        let constantShift = try TTest.paired([1, 2, 3], [2, 3, 4])
        #expect(constantShift.statistic == -.infinity)
        #expect(constantShift.pValue == 0)
        let identical = try TTest.paired([1, 2, 3], [1, 2, 3])
        #expect(identical.statistic == 0)
        #expect(identical.pValue == 1)
    }

    @Test func rejectsBadArguments() {
        #expect(throws: StatsError.self) { try TTest.welch([1], [1, 2]) }
        #expect(throws: StatsError.self) { try TTest.welch([1, 2], [3]) }
        #expect(throws: StatsError.self) { try TTest.welch([1, .nan], [1, 2]) }
        #expect(throws: StatsError.self) { try TTest.welch([1, 2], [1, 2], level: 2) }
        #expect(throws: StatsError.self) { try TTest.paired([1, 2, 3], [1, 2]) }
        #expect(throws: StatsError.self) { try TTest.paired([1], [2]) }
        #expect(throws: StatsError.self) { try TTest.paired([.greatestFiniteMagnitude, 0], [-.greatestFiniteMagnitude, 0]) }
    }
}
