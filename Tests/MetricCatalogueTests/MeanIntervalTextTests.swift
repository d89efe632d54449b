import MetricCatalogue
import Testing

/// Intervals as the run table, `compare` and the report write them.
@Suite struct MeanIntervalTextTests {
    @Test(
        "a mean takes its half-width's decimals (PDG rounding of the half-width)",
        arguments: [
            (1.16237, 0.0100, "1.162 ± 0.010"), (2008.31, 12.4, "2008 ± 12"), (4.2371, 0.5, "4.2 ± 0.5"),
            (4.2371, 0.97, "4.2 ± 1.0"), (0.0000949, 0.00021, "0.00009 ± 0.00021"), (12.04, 0.36, "12.0 ± 0.4"),
            (0.1205, 0.0000038, "0.1205 ± 0.0000"), (2009, 0, "2009 ± 0"), (7.5, .nan, "7.500"), (.nan, 1, "-"),
            (-0.00001, 0.2, "0.00 ± 0.20"),
        ])
    func intervalFormatting(mean: Double, halfWidth: Double, expected: String) {
        #expect(MeanIntervalText.interval(mean: mean, halfWidth: halfWidth) == expected)
    }
}
