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
}
