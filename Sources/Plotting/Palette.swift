import Foundation

/// Colours and dash patterns that stay distinct for colour-blind readers and in grey print.
enum Palette {
    /// Okabe–Ito's colour-blind-safe colours, vermillion first (the first swept value is usually the problem case).
    static let categorical = ["#D55E00", "#0072B2", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000", "#999999"]

    /// Solid, dashed, dotted, dash-dot.
    static let dashes: [String?] = [nil, "7 4", "2 3", "9 3 2 3"]

    static func color(_ index: Int) -> String { categorical[index % categorical.count] }

    static func dash(_ index: Int) -> String? { dashes[index % dashes.count] }

    /// `count` colours for ordered values, light to dark along viridis (without its pale yellow end).
    static func sequential(_ count: Int) -> [String] {
        let stops: [(Double, Double, Double)] = [
            (0.600, 0.780, 0.120), (0.365, 0.784, 0.388), (0.129, 0.569, 0.549), (0.231, 0.322, 0.545),
            (0.267, 0.004, 0.329),
        ]
        guard count > 1 else { return ["#21918C"] }
        return (0..<count).map { index in
            let t = Double(index) / Double(count - 1) * Double(stops.count - 1)
            let lowerIndex = min(Int(t), stops.count - 2)
            let f = t - Double(lowerIndex)
            let a = stops[lowerIndex]
            let b = stops[lowerIndex + 1]
            func channel(_ x: Double, _ y: Double) -> Int { Int(((x + (y - x) * f) * 255).rounded()) }
            return String(format: "#%02X%02X%02X", channel(a.0, b.0), channel(a.1, b.1), channel(a.2, b.2))
        }
    }
}
