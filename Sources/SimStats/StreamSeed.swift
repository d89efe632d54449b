/// Derives the 32-bit seed of one ``RandomStream`` from the coordinates of that stream in an experiment.
///
/// The seed is a hash of (experiment seed, sweep point, replication, stream index): each input is folded in and
/// scrambled with the SplitMix64 finaliser, a bijective 64-bit mixing function, and the high 32 bits are kept because
/// MT19937 uses only 32 bits of a seed. This is a hash, not a random number generator: it is pure and deterministic,
/// so a stream's seed does not depend on threads, job counts or the order in which replications run.
///
/// Distinct inputs give distinct seeds except by chance: among k derived seeds the probability of any 32-bit
/// collision is about k²/2^33 (1.2 % at k = 10,000), so an experiment that needs provably distinct streams should
/// check its set of seeds.
public enum StreamSeed {
    /// The seed for stream `stream` of replication `replication` at sweep point `point` of the experiment seeded with
    /// `experimentSeed`. Negative indices are accepted and hashed by their two's-complement bit pattern.
    public static func derive(experimentSeed: UInt64, point: Int, replication: Int, stream: Int) -> UInt32 {
        var hash = mix(experimentSeed)
        hash = mix(hash ^ UInt64(truncatingIfNeeded: point))
        hash = mix(hash ^ UInt64(truncatingIfNeeded: replication))
        hash = mix(hash ^ UInt64(truncatingIfNeeded: stream))
        return UInt32(truncatingIfNeeded: hash >> 32)
    }

    /// The seed of the `index`-th sub-stream of whatever was seeded with `parent` (a task's per-step streams, say):
    /// the same hash, so sub-streams of one parent are as independent as the streams of one replication.
    public static func derive(parent: UInt32, index: Int) -> UInt32 {
        UInt32(truncatingIfNeeded: mix(mix(UInt64(parent)) ^ UInt64(truncatingIfNeeded: index)) >> 32)
    }

    /// SplitMix64's output function (Steele, Lea & Flood 2014): add the golden-ratio increment, then xor-shift-multiply
    /// twice. A bijection on 64-bit values with strong avalanche.
    static func mix(_ value: UInt64) -> UInt64 {
        var z = value &+ 0x9E37_79B9_7F4A_7C15
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
