internal import CGSL

/// Sample quantiles of a finite set of values.
public enum Quantiles {
    /// The `p`-quantile of `values` by linear interpolation between order statistics at position (n − 1)·p
    /// (Hyndman & Fan type 7, the default of R and NumPy), computed with `gsl_sort` and
    /// `gsl_stats_quantile_from_sorted_data`. For example the 0.9-quantile of {1, 2, 3, 4, 10} is 7.6.
    ///
    /// `values` need not be sorted; the function sorts a copy, so it costs O(n log n) time and O(n) memory.
    ///
    /// - Throws: ``StatsError/invalidArgument(_:)`` if `values` is empty or contains NaN, or `p` is outside [0, 1].
    public static func quantile(_ values: [Double], _ p: Double) throws -> Double {
        disableGSLAbortHandler()
        guard !values.isEmpty else {
            throw StatsError.invalidArgument("values must not be empty")
        }
        guard p >= 0, p <= 1 else {
            throw StatsError.invalidArgument("p must be in [0, 1], got \(p)")
        }
        if let index = values.firstIndex(where: \.isNaN) {
            throw StatsError.invalidArgument("values[\(index)] must not be NaN")
        }
        var sorted = values
        return sorted.withUnsafeMutableBufferPointer { buffer in
            gsl_sort(buffer.baseAddress, 1, buffer.count)
            return gsl_stats_quantile_from_sorted_data(buffer.baseAddress, 1, buffer.count, p)
        }
    }
}
