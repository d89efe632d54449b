/// Lays a `Figure` out and draws it as SVG: a title and subtitle, panels in a grid, a legend on the right.
public enum FigureRenderer {
    /// Sizes, in SVG pixels.
    enum Layout {
        static let panelWidth = 440.0
        static let panelHeight = 330.0
        static let plotLeft = 74.0
        static let plotRight = 18.0
        static let plotTop = 30.0
        static let plotBottom = 54.0
        static let margin = 16.0
        static let titleSize = 18.0
        static let subtitleSize = 13.0
        static let legendRow = 21.0
        /// Average glyph width as a share of the font size, for estimating text widths.
        static let glyphWidth = 0.6
    }

    /// The figure as an SVG file's text.
    public static func render(_ figure: Figure) -> String {
        document(figure).rendered()
    }

    static func document(_ figure: Figure) -> SVGDocument {
        let columns = max(1, min(figure.columns, max(figure.panels.count, 1)))
        let rows = max(1, (figure.panels.count + columns - 1) / columns)
        let legendWidth = figure.legend.isEmpty ? 0 : legendSize(figure).width + Layout.margin
        let width = Layout.margin * 2 + Double(columns) * Layout.panelWidth + legendWidth
        let subtitleLines = wrap(figure.subtitle, width: width - 2 * Layout.margin, size: Layout.subtitleSize)
        let headerHeight = Layout.margin + Layout.titleSize + 6 + Double(subtitleLines.count) * (Layout.subtitleSize + 5)
        let gridHeight = Double(rows) * Layout.panelHeight
        let height = max(headerHeight + gridHeight, headerHeight + legendSize(figure).height) + Layout.margin

        var children: [SVGElement] = [
            .text(figure.title, x: Layout.margin, y: Layout.margin + Layout.titleSize, size: Layout.titleSize,
                  weight: "bold"),
        ]
        for (index, line) in subtitleLines.enumerated() {
            children.append(
                .text(line, x: Layout.margin,
                      y: Layout.margin + Layout.titleSize + 6 + Double(index + 1) * (Layout.subtitleSize + 5) - 4,
                      size: Layout.subtitleSize, fill: "#555"))
        }
        let shared = figure.sharedAxes ? sharedScales(figure.panels) : nil
        for (index, panel) in figure.panels.enumerated() {
            let originX = Layout.margin + Double(index % columns) * Layout.panelWidth
            let originY = headerHeight + Double(index / columns) * Layout.panelHeight
            children.append(PanelRenderer.render(panel, x: originX, y: originY, id: index, scales: shared))
        }
        if !figure.legend.isEmpty {
            children.append(
                legend(figure, x: Layout.margin + Double(columns) * Layout.panelWidth + Layout.margin / 2,
                       y: headerHeight + Layout.plotTop))
        }
        return SVGDocument(width: width, height: height, children: children)
    }

    /// Axis scales fitted to every panel's values at once.
    static func sharedScales(_ panels: [Panel]) -> (x: AxisScale, y: AxisScale)? {
        guard let first = panels.first else { return nil }
        let points = panels.flatMap { $0.series.flatMap(\.points) }
        return (
            AxisScale(spec: first.x, values: points.map(\.x)),
            AxisScale(spec: first.y, values: points.flatMap { [$0.y, $0.lower ?? $0.y, $0.upper ?? $0.y] })
        )
    }

    static func textWidth(_ text: String, size: Double) -> Double {
        Double(text.count) * size * Layout.glyphWidth
    }

    private static func legendSize(_ figure: Figure) -> (width: Double, height: Double) {
        let labels = figure.legend.map(\.label) + [figure.legendTitle]
        let widest = labels.map { textWidth($0, size: 12) }.max() ?? 0
        return (min(360, 40 + widest), Double(figure.legend.count + 1) * Layout.legendRow + 10)
    }

    private static func legend(_ figure: Figure, x: Double, y: Double) -> SVGElement {
        var children: [SVGElement] = []
        let size = legendSize(figure)
        children.append(.rect(x: x, y: y, width: size.width, height: size.height, fill: "white", stroke: "#bbb"))
        children.append(.text(figure.legendTitle, x: x + 8, y: y + 17, size: 12, weight: "bold"))
        for (index, entry) in figure.legend.enumerated() {
            let rowY = y + 17 + Double(index + 1) * Layout.legendRow
            var sample: [SVGElement] = [
                .line(x + 8, rowY - 4, x + 36, rowY - 4, stroke: entry.style.color, width: 2.2, dash: entry.style.dash),
            ]
            if entry.style.markers {
                sample.append(
                    SVGElement("circle", [("cx", SVGElement.number(x + 22)), ("cy", SVGElement.number(rowY - 4)),
                                          ("r", "3.2"), ("fill", entry.style.color)]))
            }
            sample.append(.text(entry.label, x: x + 42, y: rowY, size: 12))
            children.append(.group(sample, [("class", "legend-entry")]))
        }
        return .group(children, [("class", "legend")])
    }

    /// Splits `text` into lines that fit `width` at font `size`.
    static func wrap(_ text: String, width: Double, size: Double) -> [String] {
        guard !text.isEmpty else { return [] }
        let limit = max(20, Int(width / (size * Layout.glyphWidth)))
        var lines: [String] = []
        var line = ""
        for word in text.split(separator: " ") {
            if !line.isEmpty, line.count + 1 + word.count > limit {
                lines.append(line)
                line = ""
            }
            line += (line.isEmpty ? "" : " ") + word
        }
        if !line.isEmpty { lines.append(line) }
        return lines
    }
}
