import Foundation

/// How an axis maps values to positions.
public enum AxisKind: Sendable, Equatable {
    case linear
    case logarithmic
}

/// What an axis shows: its title (with the unit), its kind, and optional category names.
public struct AxisSpec: Sendable {
    public var title: String
    public var kind: AxisKind
    /// For a categorical axis: the names of values 0, 1, 2, …
    public var categories: [String]?
    /// Stretch a linear axis to include 0 (for shares and times, where 0 is the natural baseline).
    public var includeZero: Bool

    public init(title: String, kind: AxisKind = .linear, categories: [String]? = nil, includeZero: Bool = false) {
        self.title = title
        self.kind = kind
        self.categories = categories
        self.includeZero = includeZero
    }
}

/// A tick mark: where it is and what it says.
struct Tick: Equatable {
    var value: Double
    var label: String
}

/// An axis fitted to data: maps values to a 0...1 fraction of the axis length, and knows its ticks.
struct AxisScale {
    let kind: AxisKind
    /// The domain, in value space for linear axes and in log10 space for logarithmic ones.
    let low: Double
    let high: Double
    let ticks: [Tick]

    /// Fits an axis to `values` (non-finite values, and values <= 0 on a log axis, are ignored).
    init(spec: AxisSpec, values: [Double]) {
        if let categories = spec.categories {
            kind = .linear
            low = -0.5
            high = Double(max(categories.count, 1)) - 0.5
            ticks = categories.enumerated().map { Tick(value: Double($0.offset), label: $0.element) }
            return
        }
        kind = spec.kind
        switch spec.kind {
        case .linear:
            var finite = values.filter(\.isFinite)
            if spec.includeZero { finite.append(0) }
            // Whole-numbered values (workers, permits, counts) get whole-numbered ticks: no 2.5 workers.
            let isIntegral = !finite.isEmpty && finite.allSatisfy { $0 == $0.rounded() }
            (low, high, ticks) = AxisScale.linearTicks(
                min: finite.min() ?? 0, max: finite.max() ?? 1, integral: isIntegral)
        case .logarithmic:
            let positive = values.filter { $0.isFinite && $0 > 0 }
            (low, high, ticks) = AxisScale.logTicks(min: positive.min() ?? 1, max: positive.max() ?? 10)
        }
    }

    /// The position of `value` as a fraction of the axis (0 at the low end), or nil if it cannot be shown.
    func fraction(_ value: Double) -> Double? {
        guard value.isFinite else { return nil }
        let v: Double
        switch kind {
        case .linear: v = value
        case .logarithmic:
            guard value > 0 else { return nil }
            v = log10(value)
        }
        return (v - low) / (high - low)
    }

    private static func linearTicks(min lowest: Double, max highest: Double, integral: Bool) -> (Double, Double, [Tick]) {
        var lo = lowest
        var hi = highest
        if hi - lo < 1e-12 * Swift.max(1, abs(hi)) {
            if lo == 0 {
                hi = 1
            } else {
                let pad = abs(lo) * 0.1
                lo -= pad
                hi += pad
            }
        }
        let step = integral ? Swift.max(niceStep((hi - lo) / 5), 1) : niceStep((hi - lo) / 5)
        lo = (lo / step).rounded(.down) * step
        hi = (hi / step).rounded(.up) * step
        var ticks: [Tick] = []
        var k = 0
        while true {
            let value = lo + Double(k) * step
            if value > hi + step * 1e-6 || k > 50 { break }
            let cleaned = abs(value) < step * 1e-9 ? 0 : value
            ticks.append(Tick(value: cleaned, label: TickLabel.format(cleaned)))
            k += 1
        }
        return (lo, hi, ticks)
    }

    private static func logTicks(min lowest: Double, max highest: Double) -> (Double, Double, [Tick]) {
        var lo = log10(lowest)
        var hi = log10(highest)
        if hi - lo < 1e-9 {
            lo -= 0.5
            hi += 0.5
        }
        let mantissas: [Double]
        if hi - lo >= 2 {
            lo = lo.rounded(.down)
            hi = hi.rounded(.up)
            mantissas = [1]
        } else {
            let pad = (hi - lo) * 0.06
            lo -= pad
            hi += pad
            mantissas = hi - lo > 0.7 ? [1, 2, 5] : [1, 1.5, 2, 3, 4, 5, 6, 7, 8, 9]
        }
        var ticks: [Tick] = []
        for exponent in Int(lo.rounded(.down))...Int(hi.rounded(.up)) {
            for mantissa in mantissas {
                let value = mantissa * pow(10, Double(exponent))
                let position = log10(value)
                if position >= lo - 1e-9, position <= hi + 1e-9 {
                    ticks.append(Tick(value: value, label: TickLabel.format(value)))
                }
            }
        }
        return (lo, hi, ticks)
    }

    /// 1, 2 or 5 times a power of ten, at least `rough`.
    static func niceStep(_ rough: Double) -> Double {
        guard rough > 0, rough.isFinite else { return 1 }
        let magnitude = pow(10, log10(rough).rounded(.down))
        for factor in [1.0, 2, 2.5, 5, 10] where factor * magnitude >= rough * 0.999 { return factor * magnitude }
        return 10 * magnitude
    }
}

/// Short, readable tick labels: `0.5`, `20`, `1500`, `20k`, `0.001`, `1e-05`.
enum TickLabel {
    static func format(_ value: Double) -> String {
        if value == 0 { return "0" }
        let magnitude = abs(value)
        if magnitude >= 10000, magnitude < 1e9 {
            return trimmed(String(format: "%.4g", value / 1000)) + "k"
        }
        return trimmed(String(format: "%.4g", value)).replacingOccurrences(of: "e-0", with: "e-")
    }

    private static func trimmed(_ text: String) -> String {
        guard text.contains("."), !text.contains("e") else { return text }
        var out = text
        while out.hasSuffix("0") { out.removeLast() }
        if out.hasSuffix(".") { out.removeLast() }
        return out
    }
}
