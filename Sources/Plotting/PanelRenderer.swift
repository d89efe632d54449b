/// Draws one panel: frame, grid, ticks, axis titles, error bars, lines and markers, clipped to the plot area.
enum PanelRenderer {
    typealias Layout = FigureRenderer.Layout

    static func render(
        _ panel: Panel, x originX: Double, y originY: Double, id: Int, scales: (x: AxisScale, y: AxisScale)?
    ) -> SVGElement {
        let points = panel.series.flatMap(\.points)
        let xScale = scales?.x ?? AxisScale(spec: panel.x, values: points.map(\.x))
        let yScale = scales?.y
            ?? AxisScale(spec: panel.y, values: points.flatMap { [$0.y, $0.lower ?? $0.y, $0.upper ?? $0.y] })
        let left = originX + Layout.plotLeft
        let top = originY + Layout.plotTop
        let width = Layout.panelWidth - Layout.plotLeft - Layout.plotRight
        let height = Layout.panelHeight - Layout.plotTop - Layout.plotBottom
        func px(_ value: Double) -> Double? { xScale.fraction(value).map { left + $0 * width } }
        func py(_ value: Double) -> Double? { yScale.fraction(value).map { top + height - $0 * height } }

        var children: [SVGElement] = []
        let clipID = "plot-area-\(id)"
        children.append(
            SVGElement("clipPath", [("id", clipID)],
                       children: [.rect(x: left - 4, y: top - 4, width: width + 8, height: height + 8, fill: "none")]))
        children.append(.rect(x: left, y: top, width: width, height: height, fill: "#FAFAFA"))
        children.append(.text(panel.title, x: left + width / 2, y: originY + 19, size: 14, anchor: "middle",
                              weight: "bold"))

        // Grid and tick labels.
        for tick in yScale.ticks {
            guard let y = py(tick.value) else { continue }
            children.append(.line(left, y, left + width, y, stroke: "#E2E2E2"))
            children.append(.line(left - 4, y, left, y, stroke: "#666"))
            children.append(.text(tick.label, x: left - 7, y: y + 4, size: 11, anchor: "end", fill: "#444"))
        }
        let xTicks = thinned(xScale.ticks, width: width)
        for tick in xTicks {
            guard let x = px(tick.value) else { continue }
            children.append(.line(x, top, x, top + height, stroke: "#E2E2E2"))
            children.append(.line(x, top + height, x, top + height + 4, stroke: "#666"))
            children.append(.text(tick.label, x: x, y: top + height + 17, size: 11, anchor: "middle", fill: "#444"))
        }
        children.append(.rect(x: left, y: top, width: width, height: height, fill: "none", stroke: "#888"))
        children.append(.text(panel.x.title, x: left + width / 2, y: top + height + 40, size: 12.5, anchor: "middle",
                              fill: "#222"))
        children.append(.text(panel.y.title, x: originX + 16, y: top + height / 2, size: 12.5, anchor: "middle",
                              rotate: -90, fill: "#222"))

        // Data.
        var data: [SVGElement] = []
        // Drawn last to first, so the first series (usually the problem case) stays on top where lines coincide.
        for series in panel.series.reversed() {
            var elements: [SVGElement] = []
            var coordinates: [(Double, Double)] = []
            for point in series.points {
                guard let x = px(point.x), let y = py(point.y) else { continue }
                coordinates.append((x, y))
                if let lower = point.lower, let upper = point.upper, upper > lower,
                    let yLow = py(max(lower, yScale.kind == .logarithmic ? point.y / 1e6 : lower)), let yHigh = py(upper),
                    abs(yLow - yHigh) > 1.5
                {
                    elements.append(.line(x, yLow, x, yHigh, stroke: series.style.color, width: 1.3))
                    elements.append(.line(x - 4, yLow, x + 4, yLow, stroke: series.style.color, width: 1.3))
                    elements.append(.line(x - 4, yHigh, x + 4, yHigh, stroke: series.style.color, width: 1.3))
                }
            }
            var line: [(String, String)] = [
                ("points", coordinates.map { "\(SVGElement.number($0.0)),\(SVGElement.number($0.1))" }
                    .joined(separator: " ")),
                ("fill", "none"), ("stroke", series.style.color), ("stroke-width", "2.2"),
                ("stroke-linejoin", "round"),
            ]
            if let dash = series.style.dash { line.append(("stroke-dasharray", dash)) }
            elements.append(SVGElement("polyline", line))
            if series.style.markers {
                for (x, y) in coordinates {
                    elements.append(
                        SVGElement("circle", [("cx", SVGElement.number(x)), ("cy", SVGElement.number(y)),
                                              ("r", "3.2"), ("fill", series.style.color)]))
                }
            }
            data.append(.group(elements, [("class", "series"), ("data-label", series.label)]))
        }
        children.append(.group(data, [("clip-path", "url(#\(clipID))")]))
        return .group(children, [("class", "panel")])
    }

    /// Drops every other tick label until the labels fit side by side.
    private static func thinned(_ ticks: [Tick], width: Double) -> [Tick] {
        var result = ticks
        while result.count > 2 {
            let widest = result.map { FigureRenderer.textWidth($0.label, size: 11) }.max() ?? 0
            if widest * Double(result.count) * 1.3 <= width { break }
            result = result.enumerated().filter { $0.offset % 2 == 0 }.map(\.element)
        }
        return result
    }
}
