import Foundation

/// Deterministic, locale-independent number formatting for CSV cells and tables.
enum NumberFormatting {
    /// A `printf` conversion of a double.
    private enum Conversion {
        /// `%e`: `1.234560e+06`.
        case exponent
        /// `%f`: `1234.560`.
        case fixed
        /// `%g`: the shorter of the two, trailing zeros dropped.
        case shortest
    }

    /// One `%.<precision><conversion>` of C's `vsnprintf`. simexec never calls
    /// `setlocale`, so this is the "C" locale: a point for the decimal separator. `String(format:)` gives the same
    /// text through Foundation's format parser at several times the cost, which showed in the profile of writing a
    /// sweep's CSV files.
    private static func printf(_ conversion: Conversion, precision: Int, _ value: Double) -> String {
        let format: StaticString = switch conversion {
        case .exponent: "%.*e"
        case .fixed: "%.*f"
        case .shortest: "%.*g"
        }
        // 64 bytes hold any double at the precisions used here (at most 17 significant digits, or %f of a value
        // below 1e6 for the tables); longer output is cut, never overflowed.
        return withUnsafeTemporaryAllocation(of: CChar.self, capacity: 64) { buffer in
            _ = withVaList([Int32(precision), value]) { arguments in
                format.withUTF8Buffer { text in
                    text.withMemoryRebound(to: CChar.self) { vsnprintf(buffer.baseAddress, 64, $0.baseAddress, arguments) }
                }
            }
            return String(cString: buffer.baseAddress!)
        }
    }

    /// A CSV cell: integral values exactly (`2000`), others with 6 significant digits (`5123.46`, `0.0123457`),
    /// values of 100000 and more rounded to an integer, `nan` for NaN.
    static func csv(_ value: Double) -> String {
        if value.isNaN { return "nan" }
        if value.isInfinite { return value < 0 ? "-inf" : "inf" }
        if value == 0 { return "0" }
        if abs(value) >= 1e5 || value == value.rounded() {
            if abs(value) < 9e18 { return String(Int64(value.rounded())) }
            return printf(.exponent, precision: 6, value)
        }
        return significant(value, digits: 6)
    }

    /// `value` with at most `digits` significant digits, trailing zeros dropped (`%g` style).
    static func significant(_ value: Double, digits: Int) -> String {
        if value.isNaN { return "nan" }
        if value.isInfinite { return value < 0 ? "-inf" : "inf" }
        if value == 0 { return "0" }
        return printf(.shortest, precision: max(1, digits), value)
    }

    /// A value for a human-readable table: 4 significant digits, no exponent below one million.
    static func readable(_ value: Double, digits: Int = 4) -> String {
        if value.isNaN { return "-" }
        if value.isInfinite { return value < 0 ? "-inf" : "inf" }
        if value == 0 { return "0" }
        let magnitude = abs(value)
        if magnitude >= 1e6 || magnitude < 1e-4 { return printf(.exponent, precision: digits - 1, value) }
        let exponent = Int(log10(magnitude).rounded(.down))
        let decimals = max(0, digits - 1 - exponent)
        return printf(.fixed, precision: decimals, value)
    }
}
