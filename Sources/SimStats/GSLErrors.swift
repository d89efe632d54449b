internal import CGSL

/// An error reported by SimStats: either an argument this module rejected before calling GSL, or a failure that GSL
/// reported for arguments that had passed those checks.
public enum StatsError: Error, Equatable, CustomStringConvertible {
    /// An argument was out of its allowed range. The message names the parameter, what is allowed and what was given.
    case invalidArgument(String)
    /// A GSL function failed. `status` is GSL's error code (for example `GSL_EDOM` = 1) and `reason` is its text from
    /// `gsl_strerror`.
    case gsl(function: String, status: Int32, reason: String)

    public var description: String {
        switch self {
        case .invalidArgument(let message):
            return message
        case .gsl(let function, let status, let reason):
            return "\(function) failed: \(reason) (GSL status \(status))"
        }
    }
}

/// Turns GSL's default error handler, which calls `abort()`, off for the whole process.
///
/// Afterwards GSL reports errors only through return values (status codes, NaN, infinities or `NULL`). The call is
/// idempotent and thread-safe: the work happens once, in a lazily initialised global. `RandomStream.init` and every
/// public SimStats entry point that calls GSL invoke it, so callers only need it when they call GSL themselves.
public func disableGSLAbortHandler() {
    _ = GSLErrorHandler.isDisabled
}

/// Holds the one-time initialiser behind ``disableGSLAbortHandler()``.
private enum GSLErrorHandler {
    /// Swift runs a static initialiser exactly once, even under concurrent first access.
    static let isDisabled: Bool = {
        _ = gsl_set_error_handler_off()
        return true
    }()
}

/// Returns `value`, or throws ``StatsError/gsl(function:status:reason:)`` with `GSL_EDOM` if it is NaN.
///
/// GSL's special functions signal domain errors by returning NaN (through the handler that
/// ``disableGSLAbortHandler()`` turned off). Callers validate arguments first, so a NaN here means GSL could not
/// evaluate the function for arguments this module accepted.
func checkedGSLResult(_ value: Double, from function: String) throws -> Double {
    guard value.isNaN else { return value }
    let status = Int32(GSL_EDOM)
    throw StatsError.gsl(function: function, status: status, reason: String(cString: gsl_strerror(status)))
}
