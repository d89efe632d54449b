/// Draws a figure's legend in a framed box: its title, then one sample line and label per entry, in as many columns
/// as the width holds; a label too wide for its column is wrapped.
enum LegendRenderer {
    static let textSize = 12.0
    /// From an entry's left edge to its label: the sample line and the gaps around it.
    static let sampleWidth = 42.0
    static let padding = 8.0
    static let columnGap = 18.0

    /// The width the legend needs to show every label on one line in one column.
    static func naturalWidth(_ figure: Figure) -> Double {
        let widest = figure.legend.map { TextMetrics.width($0.label, size: textSize) }.max() ?? 0
        let title = TextMetrics.width(figure.legendTitle, size: textSize)
        return max(sampleWidth + widest, title) + 2 * padding
    }

    /// The legend in a box `width` wide with its top-left corner at (`x`, `y`), and the box's height.
    static func render(_ figure: Figure, x: Double, y: Double, width: Double) -> (element: SVGElement, height: Double) {
        let line = TextMetrics.lineHeight(textSize)
        let inner = width - 2 * padding
        let natural = naturalWidth(figure) - 2 * padding
        let columns = max(1, min(figure.legend.count, Int((inner + columnGap) / (natural + columnGap))))
        let columnWidth = (inner - Double(columns - 1) * columnGap) / Double(columns)
        let labels = figure.legend.map {
            TextMetrics.wrap($0.label, width: columnWidth - sampleWidth, size: textSize)
        }

        var children: [SVGElement] = []
        let titleLines = TextMetrics.wrap(figure.legendTitle, width: inner, size: textSize)
        var rowTop = y + padding
        for title in titleLines {
            children.append(.text(title, x: x + padding, y: rowTop + TextMetrics.ascent * textSize, size: textSize,
                                  weight: "bold"))
            rowTop += line
        }
        if !titleLines.isEmpty { rowTop += 4 }
        var entries: [SVGElement] = []
        for start in stride(from: 0, to: figure.legend.count, by: columns) {
            let row = start..<min(start + columns, figure.legend.count)
            for index in row {
                let entry = figure.legend[index]
                let left = x + padding + Double(index - start) * (columnWidth + columnGap)
                let middle = rowTop + line / 2
                var sample: [SVGElement] = [
                    .line(left, middle, left + 28, middle, stroke: entry.style.color, width: 2.2, dash: entry.style.dash),
                ]
                if entry.style.markers {
                    sample.append(
                        SVGElement("circle", [("cx", SVGElement.number(left + 14)), ("cy", SVGElement.number(middle)),
                                              ("r", "3.2"), ("fill", entry.style.color)]))
                }
                for (offset, text) in labels[index].enumerated() {
                    let baseline = rowTop + Double(offset) * line + (line - (TextMetrics.ascent + TextMetrics.descent)
                        * textSize) / 2 + TextMetrics.ascent * textSize
                    sample.append(.text(text, x: left + sampleWidth, y: baseline, size: textSize))
                }
                entries.append(.group(sample, [("class", "legend-entry")]))
            }
            rowTop += Double(row.map { max(labels[$0].count, 1) }.max() ?? 1) * line + 3
        }
        let height = rowTop - y + padding - 3
        children.insert(.rect(x: x, y: y, width: width, height: height, fill: "white", stroke: "#bbb"), at: 0)
        return (.group(children + entries, [("class", "legend")]), height)
    }
}
