import Foundation

/// Numbers in the report's tables: a mean and its 95% CI half-width rounded to the same decimal place, so the digits
/// shown are the ones the interval supports (`1.16 ± 0.01`, `2001 ± 12`).
enum ReportNumberFormat {
    /// Significant digits of a half-width.
    static let halfWidthDigits = 2
    /// Significant digits of a value shown without a half-width.
    static let valueDigits = 4

    /// `mean ± halfWidth`: the half-width to ``halfWidthDigits`` significant digits and the mean to the same decimal
    /// place. Without a positive finite half-width the mean alone to ``valueDigits`` significant digits (and `± 0`
    /// for a zero half-width). `–` for a mean that is not a number (nothing was measured).
    static func interval(mean: Double, halfWidth: Double) -> String {
        guard mean.isFinite else { return "–" }
        guard halfWidth.isFinite, halfWidth > 0 else {
            return value(mean) + (halfWidth == 0 ? " ± 0" : "")
        }
        let decimals = halfWidthDigits - 1 - Int(log10(halfWidth).rounded(.down))
        return fixed(mean, decimals: decimals) + " ± " + fixed(halfWidth, decimals: decimals)
    }

    /// `value` to ``valueDigits`` significant digits, without an exponent between 1e-4 and 1e9.
    static func value(_ value: Double) -> String {
        guard value.isFinite else { return "–" }
        if value == 0 { return "0" }
        let magnitude = abs(value)
        if magnitude < 1e-4 || magnitude >= 1e9 {
            return String(format: "%.\(valueDigits - 1)e", value)
        }
        return fixed(value, decimals: valueDigits - 1 - Int(log10(magnitude).rounded(.down)))
    }

    /// `value` with `decimals` digits after the point; a negative `decimals` rounds to tens, hundreds, …
    /// A value that rounds to zero is `0`, never `-0`.
    static func fixed(_ value: Double, decimals: Int) -> String {
        let places = min(decimals, 9)
        var text: String
        if places >= 0 {
            text = String(format: "%.\(places)f", value)
        } else {
            let step = pow(10, Double(-places))
            text = String(format: "%.0f", (value / step).rounded() * step)
        }
        if text.hasPrefix("-"), text.dropFirst().allSatisfy({ $0 == "0" || $0 == "." }) { text.removeFirst() }
        return text
    }
}
