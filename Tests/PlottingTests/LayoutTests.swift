import ResultFiles
import Testing

@testable import Plotting

@Suite("Axes and sweep layout")
struct LayoutTests {
    @Test func xIsTheFastestNumericColumnAndItsZipPartnerDoesNotSplitLines() throws {
        let summary = try ResultSummary(table: CSVTable.parse(Fixture.summaryCSV(), file: "s"), file: "s")
        let layout = try SweepLayout(summary: summary)
        #expect(layout.xColumn == 3)
        #expect(layout.groupColumns == [1, 0])
        #expect(layout.groups.count == 6)
        #expect(layout.groups.allSatisfy { $0.rows.count == 4 })
        #expect(layout.legendTitle == "kind · workers")
        // Colour follows the kind, dashes the worker count.
        #expect(layout.groups[0].style.color == layout.groups[3].style.color)
        #expect(layout.groups[0].style.dash == nil)
        #expect(layout.groups[3].style.dash != nil)
    }

    @Test func categoricalXWhenNothingIsNumeric() throws {
        let csv = "point,mode,replications,latency_p50_us_mean\n0,a,2,1\n1,b,2,2\n"
        let summary = try ResultSummary(table: CSVTable.parse(csv, file: "s"), file: "s")
        let layout = try SweepLayout(summary: summary)
        #expect(layout.categories == ["a", "b"])
        #expect(layout.xValues == [0, 1])
        #expect(layout.groups.count == 1)
    }

    @Test func linearTicksAreRound() {
        let scale = AxisScale(spec: AxisSpec(title: ""), values: [0, 9.3])
        #expect(scale.ticks.map(\.label) == ["0", "2", "4", "6", "8", "10"])
        #expect(scale.fraction(0) == 0)
        #expect(scale.fraction(10) == 1)
    }

    @Test func logTicksAreDecadesOverWideRanges() {
        let scale = AxisScale(spec: AxisSpec(title: "", kind: .logarithmic), values: [0.0003, 1])
        #expect(scale.ticks.map(\.label) == ["0.0001", "0.001", "0.01", "0.1", "1"])
        #expect(scale.fraction(0) == nil)
    }

    @Test func tickLabelsAreShort() {
        #expect(TickLabel.format(2.5) == "2.5")
        #expect(TickLabel.format(0.30000000000000004) == "0.3")
        #expect(TickLabel.format(20000) == "20k")
        #expect(TickLabel.format(1500) == "1500")
        #expect(TickLabel.format(0.00001) == "1e-5")
    }

    @Test func ccdfStartsAtOneAndFalls() {
        let buckets = [
            HistogramBucket(lowerNanoseconds: 1_000, upperNanoseconds: 2_000, count: 50),
            HistogramBucket(lowerNanoseconds: 2_000, upperNanoseconds: 4_000, count: 40),
            HistogramBucket(lowerNanoseconds: 4_000, upperNanoseconds: 8_000, count: 10),
        ]
        let points = CCDF.points(buckets)
        #expect(points.map(\.x) == [1, 2, 4])
        #expect(points.map(\.probability) == [1, 0.5, 0.1])
        #expect(CCDF.points([]).isEmpty)
    }

    @Test func svgEscapesMarkup() throws {
        let element = SVGElement.text("a < b & \"c\"", x: 1, y: 2)
        let nodes = try XMLCollector.parse(element.rendered())
        #expect(nodes.first?.text == "a < b & \"c\"")
    }
}
