import Foundation

/// Deterministic, locale-independent number formatting for CSV cells and tables.
enum NumberFormatting {
    /// A CSV cell: integral values exactly (`2000`), others with 6 significant digits (`5123.46`, `0.0123457`),
    /// values of 100000 and more rounded to an integer, `nan` for NaN.
    static func csv(_ value: Double) -> String {
        if value.isNaN { return "nan" }
        if value.isInfinite { return value < 0 ? "-inf" : "inf" }
        if value == 0 { return "0" }
        if abs(value) >= 1e5 || value == value.rounded() {
            if abs(value) < 9e18 { return String(Int64(value.rounded())) }
            return String(format: "%.6e", value)
        }
        return significant(value, digits: 6)
    }

    /// `value` with at most `digits` significant digits, trailing zeros dropped (`%g` style).
    static func significant(_ value: Double, digits: Int) -> String {
        if value.isNaN { return "nan" }
        if value.isInfinite { return value < 0 ? "-inf" : "inf" }
        if value == 0 { return "0" }
        return String(format: "%.\(max(1, digits))g", value)
    }

    /// A value for a human-readable table: 4 significant digits, no exponent below one million.
    static func readable(_ value: Double, digits: Int = 4) -> String {
        if value.isNaN { return "-" }
        if value.isInfinite { return value < 0 ? "-inf" : "inf" }
        if value == 0 { return "0" }
        let magnitude = abs(value)
        if magnitude >= 1e6 || magnitude < 1e-4 { return String(format: "%.\(digits - 1)e", value) }
        let exponent = Int(log10(magnitude).rounded(.down))
        let decimals = max(0, digits - 1 - exponent)
        return String(format: "%.\(decimals)f", value)
    }

    /// A mean and its confidence-interval half-width for a table, both with the same decimals (`1.162 ± 0.010`).
    ///
    /// The half-width keeps the significant digits the Particle Data Group's rounding rule gives it (two when its
    /// three leading digits are 100–354, one when 355–949, two of the next power of ten when 950–999) and the mean
    /// is written to the same decimal place, but never with more than `meanDigits` significant digits, nor more
    /// than 6 decimals. Fixed-point throughout, so a column of cells lines up; `-` for a NaN mean, the mean alone
    /// when the half-width is not finite.
    static func interval(mean: Double, halfWidth: Double, meanDigits: Int = 4) -> String {
        if mean.isNaN { return "-" }
        if mean.isInfinite { return mean < 0 ? "-inf" : "inf" }
        let meanDecimals = mean == 0 ? 0 : max(0, meanDigits - 1 - decimalExponent(mean))
        guard halfWidth.isFinite else { return fixed(mean, decimals: min(meanDecimals, 6)) }
        let decimals = min(halfWidthDecimals(abs(halfWidth)) ?? meanDecimals, meanDecimals, 6)
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

    /// Fixed-point with `decimals` decimals and no negative zero.
    private static func fixed(_ value: Double, decimals: Int) -> String {
        let text = String(format: "%.\(decimals)f", value)
        return text.hasPrefix("-") && text.dropFirst().allSatisfy({ $0 == "0" || $0 == "." }) ? String(text.dropFirst()) : text
    }
}
