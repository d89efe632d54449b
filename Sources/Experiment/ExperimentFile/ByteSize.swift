import Foundation

/// Sizes in experiment files: `"4GB"`, `"512MB"`, `"1.5GB"` (decimal units: 1 KB = 1000 bytes).
enum ByteSize {
    /// The units, largest first, with their size in bytes.
    static let units: [(name: String, bytes: Double)] = [("TB", 1e12), ("GB", 1e9), ("MB", 1e6), ("KB", 1e3), ("B", 1)]

    /// The smallest and largest `experiment.max_memory`.
    static let allowed: ClosedRange<Double> = 1e6...1e15

    /// The bytes `text` stands for, or nil when it is not a number followed by a unit.
    static func parse(_ text: String) -> Double? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard let unit = units.first(where: { trimmed.uppercased().hasSuffix($0.name) }) else { return nil }
        let number = trimmed.dropLast(unit.name.count).trimmingCharacters(in: .whitespaces).replacingOccurrences(of: "_", with: "")
        guard !number.isEmpty, number.allSatisfy({ $0.isASCII && ($0.isNumber || $0 == ".") }), let value = Double(number)
        else { return nil }
        return value * unit.bytes
    }

    /// `6.2 GB`, `512 MB`.
    static func format(_ bytes: Double) -> String {
        let unit = units.first { bytes >= $0.bytes } ?? units[units.count - 1]
        return NumberFormatting.significant(bytes / unit.bytes, digits: 3) + " " + unit.name
    }
}
