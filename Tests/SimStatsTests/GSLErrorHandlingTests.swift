import SimStats
import Testing

@Suite struct GSLErrorHandlingTests {
    /// Γ(1 + 2/shape) overflows for shape = 0.001; GSL's default handler would abort the process here. With the
    /// handler off (SimStats turns it off before calling GSL), gsl_sf_gamma reports the overflow as +infinity.
    @Test func gslOverflowDoesNotAbort() {
        disableGSLAbortHandler()
        disableGSLAbortHandler()
        let distribution = Distribution.weibull(scale: 1, shape: 0.001)
        #expect(throws: Never.self) { try distribution.validate() }
        #expect(distribution.mean == .infinity)
    }

    @Test func invalidCallsThrowInsteadOfAborting() {
        #expect(throws: StatsError.self) { try Quantiles.quantile([], 0.5) }
        #expect(throws: StatsError.self) { try ConfidenceInterval.studentT([], level: 0.95) }
    }

    @Test func errorsDescribeThemselves() {
        #expect(StatsError.invalidArgument("p must be in [0, 1], got 2.0").description == "p must be in [0, 1], got 2.0")
        let gsl = StatsError.gsl(function: "gsl_cdf_tdist_Pinv", status: 1, reason: "input domain error")
        #expect(gsl.description == "gsl_cdf_tdist_Pinv failed: input domain error (GSL status 1)")
    }
}
