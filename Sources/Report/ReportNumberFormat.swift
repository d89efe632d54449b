import Foundation
import MetricCatalogue

/// Numbers in the report's tables: intervals as the run table writes them (`1.162 ± 0.010`, `2001 ± 12`), single
/// values to four significant digits.
enum ReportNumberFormat {
    /// Significant digits of a value shown without a half-width.
    static let valueDigits = 4

    /// `mean ± halfWidth` as the run table writes it (``MeanIntervalText``); `–` for a mean that is not a number
    /// (nothing was measured).
    static func interval(mean: Double, halfWidth: Double) -> String {
        MeanIntervalText.interval(mean: mean, halfWidth: halfWidth, meanDigits: valueDigits, missing: "–")
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
