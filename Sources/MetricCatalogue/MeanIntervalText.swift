import Foundation

/// How a metric's mean and its confidence-interval half-width are written for people: both to the same decimals
/// (`1.162 ± 0.010`), so the digits shown are the ones the interval supports. The run table, `compare` and the HTML
/// report all write intervals this way.
public enum MeanIntervalText {
    /// The half-width keeps the significant digits the Particle Data Group's rounding rule gives it (two when its
    /// three leading digits are 100–354, one when 355–949, two of the next power of ten when 950–999) and the mean
    /// is written to the same decimal place, but never with more than `meanDigits` significant digits, nor more
    /// than 6 decimals. Fixed-point throughout, so a column of cells lines up. `missing` for a NaN mean; the mean
    /// alone when the half-width is not finite; `± 0` (mean to `meanDigits` digits, trailing zeros dropped: every
    /// replication gave that value) for a zero half-width.
    public static func interval(mean: Double, halfWidth: Double, meanDigits: Int = 4, missing: String = "-") -> String {
        if mean.isNaN { return missing }
        if mean.isInfinite { return mean < 0 ? "-inf" : "inf" }
        let meanDecimals = mean == 0 ? 0 : max(0, meanDigits - 1 - decimalExponent(mean))
        guard halfWidth.isFinite else { return fixed(mean, decimals: min(meanDecimals, 6)) }
        guard let widthDecimals = halfWidthDecimals(abs(halfWidth)) else {
            // Every replication gave the same value: shown without padding zeros (`1 ± 0`, not `1.000 ± 0`).
            return withoutTrailingZeros(fixed(mean, decimals: min(meanDecimals, 6))) + " ± 0"
        }
        let decimals = min(widthDecimals, meanDecimals, 6)
        return fixed(mean, decimals: decimals) + " ± " + fixed(abs(halfWidth), decimals: decimals)
    }

    /// The decimals the PDG rule keeps of a positive half-width; nil for zero, which says nothing about precision.
    private static func halfWidthDecimals(_ halfWidth: Double) -> Int? {
        guard halfWidth > 0 else { return nil }
        var exponent = decimalExponent(halfWidth)
        // The three leading digits, 100–999.
        let leading = (halfWidth / pow(10, Double(exponent - 2))).rounded()
        if leading >= 950 {
            exponent += 1
            return max(0, 1 - exponent)
        }
        return max(0, (leading <= 354 ? 1 : 0) - exponent)
    }

    /// ⌊log10 |value|⌋ for a finite non-zero value.
    private static func decimalExponent(_ value: Double) -> Int { Int(log10(abs(value)).rounded(.down)) }

    /// `text` without the zeros that end its decimals, nor a decimal point left alone.
    private static func withoutTrailingZeros(_ text: String) -> String {
        guard text.contains(".") else { return text }
        let trimmed = text.reversed().drop { $0 == "0" }.drop { $0 == "." }
        return String(trimmed.reversed())
    }

    /// Fixed-point with `decimals` decimals and no negative zero.
    private static func fixed(_ value: Double, decimals: Int) -> String {
        let text = String(format: "%.\(decimals)f", value)
        let isNegativeZero = text.hasPrefix("-") && text.dropFirst().allSatisfy { $0 == "0" || $0 == "." }
        return isNegativeZero ? String(text.dropFirst()) : text
    }
}
