/// Conservative text extents for the font the SVG files ask for (`font-family="DejaVu Sans, …"`), so the layout can
/// place every label without measuring it in a browser.
///
/// The widths are DejaVu Sans **Bold**'s advance widths (from its `hmtx` table, in em): wider than DejaVu Sans and
/// than the fallback fonts Helvetica and Arial, so a box computed here holds the text whichever of them draws it.
enum TextMetrics {
    /// Advance widths of U+0020 ... U+007E, in thousandths of an em.
    private static let ascii: [Int] = [
        348, 456, 521, 838, 696, 1002, 872, 306, 457, 457, 523, 838, 380, 415, 380, 365, 696, 696, 696, 696, 696, 696,
        696, 696, 696, 696, 400, 400, 838, 838, 838, 580, 1000, 774, 762, 734, 830, 683, 683, 821, 837, 372, 372, 775,
        637, 995, 837, 850, 733, 850, 770, 720, 682, 812, 774, 1103, 771, 724, 725, 457, 365, 457, 838, 500, 500, 675,
        716, 593, 716, 678, 435, 716, 712, 343, 343, 665, 343, 1042, 712, 687, 716, 716, 493, 595, 478, 712, 652, 924,
        645, 652, 582, 712, 365, 712, 838,
    ]

    /// Advance widths of the other characters the plots write, in thousandths of an em.
    private static let other: [Character: Int] = [
        "µ": 736, "·": 380, "±": 838, "×": 838, "–": 500, "—": 1000, "…": 1000, "≥": 838, "≤": 838, "→": 838,
        "∝": 714,
    ]

    /// Safety margin on every width, for kerning and hinting differences between renderers.
    private static let slack = 1.04

    /// Above the baseline and below it, as a share of the font size (DejaVu Sans: 0.928 and 0.236 em).
    static let ascent = 0.93
    static let descent = 0.24

    /// The width of `text` at font `size`, in pixels. A character without a table entry counts as 1 em.
    static func width(_ text: String, size: Double) -> Double {
        var thousandths = 0
        for character in text {
            if let scalar = character.unicodeScalars.first, character.unicodeScalars.count == 1,
                scalar.value >= 0x20, scalar.value < 0x7F
            {
                thousandths += ascii[Int(scalar.value) - 0x20]
            } else {
                thousandths += other[character] ?? 1000
            }
        }
        return Double(thousandths) / 1000 * size * slack
    }

    /// The vertical distance between the baselines of two lines of text at font `size`.
    static func lineHeight(_ size: Double) -> Double { (size * 1.25).rounded(.up) }
}

extension TextMetrics {
    /// `text` split after spaces and slashes into lines no wider than `width` at font `size`; a word wider than a
    /// line on its own is cut into pieces that fit. Spaces at the ends of lines are dropped.
    static func wrap(_ text: String, width: Double, size: Double) -> [String] {
        var words: [String] = []
        var word = ""
        for character in text {
            word.append(character)
            if character == " " || character == "/" {
                words.append(word)
                word = ""
            }
        }
        if !word.isEmpty { words.append(word) }
        func trimmed(_ line: String) -> String {
            String(line.drop { $0 == " " }.reversed().drop { $0 == " " }.reversed())
        }
        var lines: [String] = []
        var line = ""
        for word in words {
            if TextMetrics.width(trimmed(line + word), size: size) <= width {
                line += word
                continue
            }
            if !trimmed(line).isEmpty { lines.append(trimmed(line)) }
            line = ""
            var rest = word
            while TextMetrics.width(trimmed(rest), size: size) > width, rest.count > 1 {
                var piece = ""
                for character in rest {
                    if !piece.isEmpty, TextMetrics.width(piece + String(character), size: size) > width { break }
                    piece.append(character)
                }
                lines.append(piece)
                rest.removeFirst(piece.count)
            }
            line = rest
        }
        if !trimmed(line).isEmpty { lines.append(trimmed(line)) }
        return lines
    }

    /// `text` as it is if it fits `width` at font `size`, else cut and ended with "…".
    static func shortened(_ text: String, width: Double, size: Double) -> String {
        guard TextMetrics.width(text, size: size) > width else { return text }
        var cut = text
        while !cut.isEmpty, TextMetrics.width(cut + "…", size: size) > width { cut.removeLast() }
        return cut + "…"
    }
}
