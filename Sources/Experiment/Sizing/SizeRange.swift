/// The values `simexec size` may choose from, in order: `LO..HI` (integers) or a comma-separated list.
struct SizeRange: Sendable, Hashable {
    /// The candidate values as `--set` writes them, in the order the objective is assumed to improve (or worsen).
    var values: [String]

    /// The most candidates a range may hold.
    static let maximumCount = 1_000_000

    static func parse(_ text: String, key: String) throws(ExperimentError) -> SizeRange {
        let option = "--vary \(key)=\(text)"
        if let dots = text.range(of: "..") {
            let low = text[..<dots.lowerBound].trimmingCharacters(in: .whitespaces)
            let high = text[dots.upperBound...].trimmingCharacters(in: .whitespaces)
            guard let lo = Int(low), let hi = Int(high) else {
                throw ExperimentError(
                    keyPath: option,
                    message: "LO..HI takes integers, e.g. runtime.workers=1..64; for other values give a list, "
                        + "e.g. 1ms,2ms,5ms")
            }
            guard lo < hi else {
                throw ExperimentError(
                    keyPath: option,
                    message: lo == hi ? "the range \(lo)..\(hi) holds one value; nothing to search"
                        : "the range \(lo)..\(hi) is reversed; write the smaller bound first (\(hi)..\(lo))")
            }
            guard hi - lo < maximumCount else {
                throw ExperimentError(keyPath: option, message: "the range holds more than \(maximumCount) values")
            }
            return SizeRange(values: (lo...hi).map(String.init))
        }
        let items = text.split(separator: ",", omittingEmptySubsequences: false)
            .map { $0.trimmingCharacters(in: .whitespaces) }
        guard items.count >= 2, !items.contains(where: \.isEmpty) else {
            throw ExperimentError(
                keyPath: option,
                message: "expected LO..HI (integers) or an ordered list of at least two values, e.g. 1ms,2ms,5ms")
        }
        var seen: Set<String> = []
        for item in items where !seen.insert(item).inserted {
            throw ExperimentError(keyPath: option, message: "the list holds \(item) twice; each value once, in order")
        }
        return SizeRange(values: items)
    }
}
