/// The outcome of a two-sample t-test comparing the means of samples `a` and `b`.
public struct TTestResult: Sendable, Hashable {
    /// The t statistic, (mean difference)/(standard error); ±infinity when both samples have zero variance and
    /// different means, 0 when they have zero variance and equal means.
    public var statistic: Double
    /// The degrees of freedom of the reference t distribution (fractional for Welch's test).
    public var degreesOfFreedom: Double
    /// The two-sided p-value, 2·P(T_ν > |t|) (`2 * gsl_cdf_tdist_Q(|t|, ν)`), in [0, 1].
    public var pValue: Double
    /// mean(a) − mean(b), in the unit of the data.
    public var meanDifference: Double
    /// The confidence interval of mean(a) − mean(b) at the level the test was run with (95 % by default).
    public var differenceInterval: ConfidenceInterval
}
