import Testing

@testable import Report

@Suite("Report number format")
struct NumberFormatTests {
    @Test(arguments: [
        (1.1623, 0.0100, "1.162 ± 0.010"),
        (2001.4, 12.3, "2001 ± 12"),
        (12345.0, 560.0, "12345 ± 560"),
        (0.1205, 0.0000038, "0.1205 ± 0.0000"),
        (0.5, 0.0, "0.5 ± 0"), (1.0, 0.0, "1 ± 0"), (0.01, 0.0, "0.01 ± 0"),
        (-0.0004, 0.01, "0.000 ± 0.010"),
        (Double.nan, 1.0, "–"),
        (3.0, Double.nan, "3.000"),
    ])
    func intervalRoundsMeanToTheHalfWidthsPlace(mean: Double, halfWidth: Double, expected: String) {
        #expect(ReportNumberFormat.interval(mean: mean, halfWidth: halfWidth) == expected)
    }

    @Test func valuesKeepFourSignificantDigits() {
        #expect(ReportNumberFormat.value(32.0) == "32.00")
        #expect(ReportNumberFormat.value(123456) == "123500")
        #expect(ReportNumberFormat.value(0.00001234) == "1.234e-05")
        #expect(ReportNumberFormat.value(0) == "0")
    }
}
