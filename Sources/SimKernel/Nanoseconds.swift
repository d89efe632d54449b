/// Virtual time and durations in the simulator: integer nanoseconds.
///
/// An instant is the number of nanoseconds since the simulation started; a duration is a difference of two instants.
/// `Int64` covers ±292 years, far beyond any run.
public typealias Nanoseconds = Int64

extension Nanoseconds {
    /// Nanoseconds in one microsecond.
    public static let nanosecondsPerMicrosecond: Int64 = 1_000
    /// Nanoseconds in one millisecond.
    public static let nanosecondsPerMillisecond: Int64 = 1_000_000
    /// Nanoseconds in one second.
    public static let nanosecondsPerSecond: Int64 = 1_000_000_000
}
