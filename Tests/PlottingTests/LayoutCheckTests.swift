import Testing

@testable import Plotting

@Suite("Layout check")
struct LayoutCheckTests {
    @Test func textBoxesFollowAnchorAndRotation() {
        let start = SVGElement.text("abc", x: 10, y: 20, size: 10)
        let box = try! #require(start.placed?.box)
        #expect(box.minX == 10)
        #expect(box.maxX > 10 + 3 * 5)  // wider than 0.5 em per character
        #expect(box.minY < 20 - 7 && box.maxY > 20)
        let end = SVGElement.text("abc", x: 10, y: 20, size: 10, anchor: "end").placed!.box
        #expect(abs(end.maxX - 10) < 1e-9)
        let turned = SVGElement.text("abcdef", x: 10, y: 100, size: 10, anchor: "middle", rotate: -90).placed!.box
        #expect(turned.height > turned.width)
        #expect(abs((turned.minY + turned.maxY) / 2 - 100) < 1e-9)
    }

    @Test func overlapsLeavingTheCanvasAndTextOverDataAreReported() {
        var plot = SVGElement.rect(x: 100, y: 100, width: 50, height: 50, fill: "none")
        plot.placed = PlacedBox(kind: .plotArea, box: BoundingBox(minX: 100, minY: 100, maxX: 150, maxY: 150))
        let document = SVGDocument(
            width: 200, height: 200,
            children: [
                .text("first", x: 10, y: 20), .text("second", x: 20, y: 22), .text("cut at the right", x: 190, y: 60),
                .text("in the data", x: 110, y: 120), plot, .text("fine", x: 10, y: 190),
            ])
        let kinds = document.layoutProblems().map(\.kind)
        #expect(kinds.filter { $0 == .textOverText } .count == 1)
        #expect(kinds.filter { $0 == .outsideCanvas }.count == 1)
        #expect(kinds.filter { $0 == .textOverPlot }.count == 1)
    }

    @Test func widthsAreConservativeForWideGlyphs() {
        // "m" and "W" are over 0.9 em in DejaVu Sans; "i" under 0.3 em.
        #expect(TextMetrics.width("mmmm", size: 10) > 36)
        #expect(TextMetrics.width("WWWW", size: 10) > 36)
        #expect(TextMetrics.width("iiii", size: 10) < 16)
    }

    @Test func wrappingKeepsLinesWithinTheWidthAndBreaksAfterSlashes() {
        let lines = TextMetrics.wrap("lifo_stealable/eager_driver_handoff/blocked_worker_handoff", width: 200, size: 12)
        #expect(lines == ["lifo_stealable/", "eager_driver_handoff/", "blocked_worker_handoff"])
        for line in TextMetrics.wrap(String(repeating: "word ", count: 40), width: 120, size: 12) {
            #expect(TextMetrics.width(line, size: 12) <= 120)
        }
    }

    @Test func longLegendsGoBelowThePanelsAndLongTitlesWrap() {
        let long = String(repeating: "cleanup = after_await, ", count: 3) + "end"
        let series = Series(label: long, style: SeriesStyle(color: "#000"), points: [DataPoint(x: 1, y: 1)])
        let panel = Panel(
            title: "duration = lognormal(median=2ms, p99=16ms), cleanup = after_await, arrivals rate = 2000",
            x: AxisSpec(title: "x"), y: AxisSpec(title: "y"), series: [series])
        let figure = Figure(
            title: "t", panels: [panel, panel, panel], columns: 3, legendTitle: "cleanup",
            legend: [LegendEntry(label: long, style: series.style)])
        let document = FigureRenderer.document(figure)
        #expect(document.layoutProblems().isEmpty, "\(document.layoutProblems())")
        // The legend is below the panels: the canvas is no wider than the three panels and the margins.
        #expect(document.width == 2 * FigureRenderer.Layout.margin + 3 * FigureRenderer.Layout.panelWidth)
    }
}
