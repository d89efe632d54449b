/// µs or ms, whichever keeps the numbers short.
struct LatencyUnit {
    let name: String
    /// Multiplies a value in µs.
    let factor: Double

    init(maximumMicroseconds: Double) {
        if maximumMicroseconds >= 1000 {
            name = "ms"
            factor = 1e-3
        } else {
            name = "µs"
            factor = 1
        }
    }
}
