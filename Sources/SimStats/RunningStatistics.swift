internal import CGSL

/// One-pass summary statistics of a stream of values, in O(1) memory (GSL `gsl_rstat`, a numerically stable
/// Welford-style update).
///
/// Use it for values that arrive one at a time and need not be kept. Every statistic is 0 while no value has been
/// added, and ``variance`` stays 0 until there are two. A mutable, non-thread-safe accumulator, hence a
/// non-`Sendable` class; its GSL workspace is freed when it is deallocated.
public final class RunningStatistics {
    /// The GSL workspace. Never `NULL`; owned by this object.
    private let workspace: UnsafeMutablePointer<gsl_rstat_workspace>

    /// Creates an empty accumulator. Allocation failure traps, like any out-of-memory condition in Swift.
    public init() {
        disableGSLAbortHandler()
        guard let workspace = gsl_rstat_alloc() else {
            preconditionFailure("gsl_rstat_alloc: out of memory")
        }
        self.workspace = workspace
    }

    deinit {
        gsl_rstat_free(workspace)
    }

    /// Adds one value. A NaN propagates into every statistic except ``count``.
    public func add(_ x: Double) {
        // gsl_rstat_add always returns GSL_SUCCESS.
        _ = gsl_rstat_add(x, workspace)
    }

    /// The number of values added.
    public var count: Int { Int(gsl_rstat_n(workspace)) }

    /// The arithmetic mean of the values added.
    public var mean: Double { gsl_rstat_mean(workspace) }

    /// The sample variance, with the n − 1 denominator (unbiased); 0 for fewer than two values.
    public var variance: Double { gsl_rstat_variance(workspace) }

    /// The sample standard deviation, the square root of ``variance``.
    public var standardDeviation: Double { gsl_rstat_sd(workspace) }

    /// The smallest value added.
    public var min: Double { gsl_rstat_min(workspace) }

    /// The largest value added.
    public var max: Double { gsl_rstat_max(workspace) }
}
