internal import CGSL

/// One independent stream of pseudo-random numbers, backed by a GSL `gsl_rng_mt19937` generator (or `gsl_rng_taus2`,
/// ``Algorithm``).
///
/// MT19937 (Mersenne Twister) is the generator GSL lists first as recommended for simulation and uses as its default:
/// its period is 2^19937 − 1, it is equidistributed in 623 dimensions, and a uniform costs about 10 ns on the machine
/// this simulator was measured on. Give every independent source of randomness (arrivals, each task class's step
/// durations, each worker's steal-victim choice, ...) its own stream, seeded through ``StreamSeed``, so that common
/// random numbers stay synchronised across configurations.
///
/// Seeding follows `gsl_rng_set`: MT19937 uses only the low 32 bits of a seed (hence the `UInt32` parameter), and seed 0
/// selects GSL's default seed 4357, so seeds 0 and 4357 give the same sequence.
///
/// A stream is mutable state and not thread-safe, hence a non-`Sendable` class: use one per replication and thread.
/// Its generator is freed when the stream is deallocated.
public final class RandomStream {
    /// The GSL generator. Never `NULL`; owned by this object.
    let generator: UnsafeMutablePointer<gsl_rng>

    /// The GSL generator algorithm behind a stream.
    public enum Algorithm: Sendable {
        /// `gsl_rng_mt19937`: the default for every long-lived stream.
        case mt19937
        /// `gsl_rng_taus2`, L'Ecuyer's maximally equidistributed combined Tausworthe generator (period about 2^88),
        /// which GSL also lists as recommended for simulation. Seeding it costs a few nanoseconds (MT19937 fills 624
        /// words), so it suits a stream restarted for every draw (``reseed(_:)``).
        case taus2
    }

    /// Creates a stream that starts at the beginning of `algorithm`'s sequence for `seed`.
    ///
    /// Allocation failure of the small generator state is treated like any other out-of-memory condition in Swift:
    /// the process traps.
    public init(seed: UInt32, algorithm: Algorithm = .mt19937) {
        disableGSLAbortHandler()
        let type = switch algorithm {
        case .mt19937: cgsl_rng_mt19937()
        case .taus2: cgsl_rng_taus2()
        }
        guard let generator = gsl_rng_alloc(type) else {
            preconditionFailure("gsl_rng_alloc: out of memory")
        }
        gsl_rng_set(generator, UInt(seed))
        self.generator = generator
    }

    /// Restarts the stream at the beginning of its sequence for `seed` (`gsl_rng_set`), allocating nothing.
    public func reseed(_ seed: UInt32) {
        gsl_rng_set(generator, UInt(seed))
    }

    deinit {
        gsl_rng_free(generator)
    }

    /// A uniform random number in [0, 1) (`gsl_rng_uniform`).
    public func uniform() -> Double {
        gsl_rng_uniform(generator)
    }

    /// A uniform random number in (0, 1), never exactly 0 (`gsl_rng_uniform_pos`); use it before taking a logarithm.
    public func uniformPositive() -> Double {
        gsl_rng_uniform_pos(generator)
    }

    /// The generator's next raw 32-bit output (`gsl_rng_get`), for seeding another stream from this one.
    public func nextSeed() -> UInt32 {
        UInt32(truncatingIfNeeded: gsl_rng_get(generator))
    }

    /// A uniform random integer in `0 ..< n`, with every value equally likely (`gsl_rng_uniform_int`, no modulo bias).
    ///
    /// - Precondition: `0 < n <= UInt32.max` (GSL's limit: n may not exceed MT19937's largest output, 2^32 − 1).
    public func uniformInt(below n: Int) -> Int {
        precondition(n > 0 && n <= Int(UInt32.max), "uniformInt(below:) needs 0 < n <= UInt32.max, got \(n)")
        return Int(gsl_rng_uniform_int(generator, UInt(n)))
    }
}
