/// Draws one panel: title, frame, grid, ticks, axis titles, error bars, lines, markers and DEADLOCK marks, the data
/// clipped to the plot area. Every text is placed by its estimated box (``TextMetrics``), so none overlaps another.
enum PanelRenderer {
    /// Font sizes and distances, in SVG pixels.
    enum Style {
        static let titleSize = 14.0
        static let tickSize = 11.0
        static let axisTitleSize = 12.5
        static let tickLength = 4.0
        /// The least room between a label and its neighbour, tick or edge.
        static let gap = 6.0
        static let plotHeight = 246.0
        static let rightInset = 18.0
        /// Half the length of a DEADLOCK mark's strokes.
        static let deadlockMarkSize = 6.0
    }

    /// The room around the plot area, shared by a figure's panels so that their axes line up.
    struct Insets: Equatable {
        var left: Double
        var top: Double
        var bottom: Double

        /// The panel's height for these insets.
        var panelHeight: Double { top + Style.plotHeight + bottom }
    }

    /// An x tick label and the row it is written on (0 right under the axis; categories alternate rows when they are
    /// too wide to sit side by side).
    struct XLabel: Equatable {
        var tick: Tick
        var text: String
        var row: Int
    }

    /// A panel fitted to its data and to its width: scales, the lines of its titles and the tick labels it shows.
    struct Plan {
        var panel: Panel
        var xScale: AxisScale
        var yScale: AxisScale
        var titleLines: [String] = []
        var yTicks: [Tick]
        var yTitleLines: [String]
        var xLabels: [XLabel] = []
        var xTitleLines: [String] = []
    }

    /// Fits every panel of a figure to `panelWidth` and finds the insets they share.
    static func plans(_ panels: [Panel], sharedAxes: Bool, panelWidth: Double) -> (plans: [Plan], insets: Insets) {
        let shared = sharedAxes ? sharedScales(panels) : nil
        var plans = panels.map { panel -> Plan in
            let points = panel.series.flatMap(\.points)
            let yScale = shared?.y ?? AxisScale(spec: panel.y, values: yValues(points))
            return Plan(
                panel: panel, xScale: shared?.x ?? AxisScale(spec: panel.x, values: points.map(\.x)), yScale: yScale,
                yTicks: thinnedYTicks(yScale),
                yTitleLines: TextMetrics.wrap(panel.y.title, width: Style.plotHeight - 8, size: Style.axisTitleSize))
        }
        let left = plans.map { plan in
            let widest = plan.yTicks.map { TextMetrics.width($0.label, size: Style.tickSize) }.max() ?? 0
            return 4 + Double(plan.yTitleLines.count) * TextMetrics.lineHeight(Style.axisTitleSize) + Style.gap + widest
                + 3 + Style.tickLength
        }.max() ?? 0
        let plotWidth = panelWidth - left - Style.rightInset
        for index in plans.indices {
            // Titles are centred over the plot area and may use the panel up to its right edge on either side.
            plans[index].titleLines = TextMetrics.wrap(
                plans[index].panel.title, width: plotWidth + 2 * Style.rightInset - 8, size: Style.titleSize)
            plans[index].xLabels = xLabels(
                plans[index].xScale, categorical: plans[index].panel.x.categories != nil, plotWidth: plotWidth)
            plans[index].xTitleLines = TextMetrics.wrap(
                plans[index].panel.x.title, width: plotWidth, size: Style.axisTitleSize)
        }
        let titleLines = plans.map(\.titleLines.count).max() ?? 0
        let labelRows = plans.map { ($0.xLabels.map(\.row).max() ?? 0) + 1 }.max() ?? 1
        let xTitleLines = plans.map(\.xTitleLines.count).max() ?? 0
        let insets = Insets(
            left: left,
            top: 6 + Double(max(titleLines, 1)) * TextMetrics.lineHeight(Style.titleSize) + 6,
            bottom: Style.tickLength + 3 + Double(labelRows) * TextMetrics.lineHeight(Style.tickSize) + 4
                + Double(xTitleLines) * TextMetrics.lineHeight(Style.axisTitleSize) + 4)
        return (plans, insets)
    }

    /// Draws `plan` with its top-left corner at (`originX`, `originY`).
    static func render(
        _ plan: Plan, insets: Insets, x originX: Double, y originY: Double, width panelWidth: Double, id: Int
    ) -> SVGElement {
        let left = originX + insets.left
        let top = originY + insets.top
        let width = panelWidth - insets.left - Style.rightInset
        let height = Style.plotHeight
        let xScale = plan.xScale
        let yScale = plan.yScale
        func px(_ value: Double) -> Double? { xScale.fraction(value).map { left + $0 * width } }
        func py(_ value: Double) -> Double? { yScale.fraction(value).map { top + height - $0 * height } }

        var children: [SVGElement] = []
        let clipID = "plot-area-\(id)"
        children.append(
            SVGElement("clipPath", [("id", clipID)],
                       children: [.rect(x: left - 4, y: top - 4, width: width + 8, height: height + 8, fill: "none")]))
        var area = SVGElement.rect(x: left, y: top, width: width, height: height, fill: "#FAFAFA")
        area.placed = PlacedBox(
            kind: .plotArea, box: BoundingBox(minX: left, minY: top, maxX: left + width, maxY: top + height))
        children.append(area)
        let titleHeight = Double(plan.titleLines.count) * TextMetrics.lineHeight(Style.titleSize)
        for (index, line) in plan.titleLines.enumerated() {
            // Bottom-aligned above the plot area, so one-line titles of a figure sit at the same height.
            let baseline = top - 6 - titleHeight + Double(index) * TextMetrics.lineHeight(Style.titleSize)
                + TextMetrics.ascent * Style.titleSize
            children.append(.text(line, x: left + width / 2, y: baseline, size: Style.titleSize, anchor: "middle",
                                  weight: "bold"))
        }

        // Grid and tick labels.
        for tick in plan.yTicks {
            guard let y = py(tick.value) else { continue }
            children.append(.line(left, y, left + width, y, stroke: "#E2E2E2"))
            children.append(.line(left - Style.tickLength, y, left, y, stroke: "#666"))
            children.append(.text(tick.label, x: left - Style.tickLength - 3, y: y + 0.35 * Style.tickSize,
                                  size: Style.tickSize, anchor: "end", fill: "#444"))
        }
        for label in plan.xLabels {
            guard let x = px(label.tick.value) else { continue }
            children.append(.line(x, top, x, top + height, stroke: "#E2E2E2"))
            children.append(.line(x, top + height, x, top + height + Style.tickLength, stroke: "#666"))
            let baseline = top + height + Style.tickLength + 3
                + Double(label.row) * TextMetrics.lineHeight(Style.tickSize) + TextMetrics.ascent * Style.tickSize
            children.append(.text(label.text, x: x, y: baseline, size: Style.tickSize, anchor: "middle", fill: "#444"))
        }
        children.append(.rect(x: left, y: top, width: width, height: height, fill: "none", stroke: "#888"))
        let labelRowsHeight = insets.bottom - Style.tickLength - 3 - 8
            - Double(plan.xTitleLines.count) * TextMetrics.lineHeight(Style.axisTitleSize)
        for (index, line) in plan.xTitleLines.enumerated() {
            let baseline = top + height + Style.tickLength + 3 + labelRowsHeight + 4
                + Double(index) * TextMetrics.lineHeight(Style.axisTitleSize) + TextMetrics.ascent * Style.axisTitleSize
            children.append(.text(line, x: left + width / 2, y: baseline, size: Style.axisTitleSize, anchor: "middle"))
        }
        for (index, line) in plan.yTitleLines.enumerated() {
            let x = originX + 4 + Double(index) * TextMetrics.lineHeight(Style.axisTitleSize)
                + TextMetrics.ascent * Style.axisTitleSize
            children.append(.text(line, x: x, y: top + height / 2, size: Style.axisTitleSize, anchor: "middle",
                                  rotate: -90))
        }

        // Data.
        var data: [SVGElement] = []
        // Drawn last to first, so the first series (usually the problem case) stays on top where lines coincide.
        for series in plan.panel.series.reversed() {
            var elements: [SVGElement] = []
            var coordinates: [(Double, Double)] = []
            var deadlocks: [(Double, Double)] = []
            for point in series.points {
                guard let x = px(point.x) else { continue }
                guard let y = py(point.y) else {
                    // No value (every replication deadlocked first): the mark alone, just above the x axis.
                    if point.deadlocked { deadlocks.append((x, top + height - Style.deadlockMarkSize - 2)) }
                    continue
                }
                coordinates.append((x, y))
                if point.deadlocked { deadlocks.append((x, y)) }
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
            for (x, y) in deadlocks { elements.append(deadlockMark(x: x, y: y)) }
            data.append(.group(elements, [("class", "series"), ("data-label", series.label)]))
        }
        children.append(.group(data, [("clip-path", "url(#\(clipID))")]))
        return .group(children, [("class", "panel")])
    }

    /// The mark of a point some of whose replications deadlocked: a black ✕ on a white halo, over the point's marker.
    static func deadlockMark(x: Double, y: Double) -> SVGElement {
        let d = Style.deadlockMarkSize
        return .group(
            [
                .line(x - d, y - d, x + d, y + d, stroke: "white", width: 5),
                .line(x - d, y + d, x + d, y - d, stroke: "white", width: 5),
                .line(x - d, y - d, x + d, y + d, stroke: "black", width: 2.2),
                .line(x - d, y + d, x + d, y - d, stroke: "black", width: 2.2),
            ], [("class", "deadlock")])
    }

    /// Axis scales fitted to every panel's values at once.
    static func sharedScales(_ panels: [Panel]) -> (x: AxisScale, y: AxisScale)? {
        guard let first = panels.first else { return nil }
        let points = panels.flatMap { $0.series.flatMap(\.points) }
        return (AxisScale(spec: first.x, values: points.map(\.x)), AxisScale(spec: first.y, values: yValues(points)))
    }

    /// The values a y axis must show: every mean and both ends of every interval.
    private static func yValues(_ points: [DataPoint]) -> [Double] {
        points.flatMap { [$0.y, $0.lower ?? $0.y, $0.upper ?? $0.y] }
    }

    /// The y ticks whose labels have room: every other one is dropped until neighbours are a text line apart.
    static func thinnedYTicks(_ scale: AxisScale) -> [Tick] {
        var ticks = scale.ticks
        func fits(_ ticks: [Tick]) -> Bool {
            let positions = ticks.compactMap { scale.fraction($0.value) }.map { $0 * Style.plotHeight }
            return zip(positions, positions.dropFirst()).allSatisfy {
                abs($1 - $0) >= TextMetrics.lineHeight(Style.tickSize) + 2
            }
        }
        while ticks.count > 2, !fits(ticks) { ticks = ticks.enumerated().filter { $0.offset % 2 == 0 }.map(\.element) }
        return ticks
    }

    /// The x tick labels, laid out so that none overlaps its neighbour. A numeric axis drops every other tick until
    /// the labels fit; a categorical axis keeps every category, on two alternating rows when they are too wide for
    /// one, and cuts a name with "…" only when even two rows are too narrow.
    static func xLabels(_ scale: AxisScale, categorical: Bool, plotWidth: Double) -> [XLabel] {
        func position(_ label: XLabel) -> Double { (scale.fraction(label.tick.value) ?? 0) * plotWidth }
        func fits(_ labels: [XLabel]) -> Bool {
            for row in Set(labels.map(\.row)) {
                let inRow = labels.filter { $0.row == row }
                for (a, b) in zip(inRow, inRow.dropFirst()) {
                    let room = (TextMetrics.width(a.text, size: Style.tickSize)
                        + TextMetrics.width(b.text, size: Style.tickSize)) / 2 + Style.gap
                    if abs(position(b) - position(a)) < room { return false }
                }
            }
            return true
        }
        var labels = scale.ticks.map { XLabel(tick: $0, text: $0.label, row: 0) }.filter {
            guard let fraction = scale.fraction($0.tick.value) else { return false }
            return fraction >= -1e-9 && fraction <= 1 + 1e-9
        }
        guard categorical else {
            while labels.count > 2, !fits(labels) {
                labels = labels.enumerated().filter { $0.offset % 2 == 0 }.map(\.element)
            }
            return labels
        }
        if fits(labels) { return labels }
        labels = labels.enumerated().map { XLabel(tick: $0.element.tick, text: $0.element.text, row: $0.offset % 2) }
        if fits(labels) { return labels }
        let room = 2 * plotWidth / Double(max(labels.count, 1)) - Style.gap
        return labels.map {
            XLabel(tick: $0.tick, text: TextMetrics.shortened($0.text, width: room, size: Style.tickSize), row: $0.row)
        }
    }
}
