/// Lays a `Figure` out and draws it as SVG: a title and subtitle, panels in a grid, the legend on the right when it
/// is narrow and below the panels otherwise, and the notes at the bottom. Every text is placed by its estimated box
/// (``TextMetrics``) and recorded for ``SVGDocument/layoutProblems()``.
public enum FigureRenderer {
    /// Sizes, in SVG pixels.
    enum Layout {
        static let panelWidth = 440.0
        static let margin = 16.0
        static let titleSize = 18.0
        static let subtitleSize = 13.0
        static let noteSize = 12.0
        /// The widest legend that goes to the right of the panels; a wider one goes below them.
        static let legendMaxWidthRight = 360.0
    }

    /// The figure as an SVG file's text.
    public static func render(_ figure: Figure) -> String {
        document(figure).rendered()
    }

    /// The figure as an SVG document, whose ``SVGDocument/layoutProblems()`` can be checked before it is written.
    public static func document(_ figure: Figure) -> SVGDocument {
        let columns = max(1, min(figure.columns, max(figure.panels.count, 1)))
        let rows = max(1, (figure.panels.count + columns - 1) / columns)
        let (plans, insets) = PanelRenderer.plans(
            figure.panels, sharedAxes: figure.sharedAxes, panelWidth: Layout.panelWidth)
        let gridWidth = Double(columns) * Layout.panelWidth
        let gridHeight = Double(rows) * insets.panelHeight

        let legendOnRight = LegendRenderer.naturalWidth(figure) <= Layout.legendMaxWidthRight
        let legendWidth = figure.legend.isEmpty ? 0 : LegendRenderer.naturalWidth(figure)
        let width = Layout.margin * 2 + gridWidth + (legendOnRight && legendWidth > 0 ? legendWidth + Layout.margin : 0)
        let textWidth = width - 2 * Layout.margin

        var children: [SVGElement] = []
        var y = Layout.margin
        for line in TextMetrics.wrap(figure.title, width: textWidth, size: Layout.titleSize) {
            children.append(.text(line, x: Layout.margin, y: y + TextMetrics.ascent * Layout.titleSize,
                                  size: Layout.titleSize, weight: "bold"))
            y += TextMetrics.lineHeight(Layout.titleSize)
        }
        for line in TextMetrics.wrap(figure.subtitle, width: textWidth, size: Layout.subtitleSize) {
            children.append(.text(line, x: Layout.margin, y: y + TextMetrics.ascent * Layout.subtitleSize,
                                  size: Layout.subtitleSize, fill: "#555"))
            y += TextMetrics.lineHeight(Layout.subtitleSize)
        }
        let gridTop = y + 4
        for (index, plan) in plans.enumerated() {
            let originX = Layout.margin + Double(index % columns) * Layout.panelWidth
            let originY = gridTop + Double(index / columns) * insets.panelHeight
            children.append(
                PanelRenderer.render(plan, insets: insets, x: originX, y: originY, width: Layout.panelWidth, id: index))
        }
        var bottom = gridTop + gridHeight
        if !figure.legend.isEmpty {
            if legendOnRight {
                let legend = LegendRenderer.render(
                    figure, x: Layout.margin + gridWidth + Layout.margin, y: gridTop + insets.top, width: legendWidth)
                children.append(legend.element)
                bottom = max(bottom, gridTop + insets.top + legend.height)
            } else {
                let legend = LegendRenderer.render(figure, x: Layout.margin, y: bottom + 8, width: textWidth)
                children.append(legend.element)
                bottom += 8 + legend.height
            }
        }
        if !figure.notes.isEmpty { bottom += 8 }
        for note in figure.notes {
            for line in TextMetrics.wrap(note, width: textWidth, size: Layout.noteSize) {
                children.append(.text(line, x: Layout.margin, y: bottom + TextMetrics.ascent * Layout.noteSize,
                                      size: Layout.noteSize, fill: "#333"))
                bottom += TextMetrics.lineHeight(Layout.noteSize)
            }
        }
        return SVGDocument(width: width, height: bottom + Layout.margin, children: children)
    }
}
