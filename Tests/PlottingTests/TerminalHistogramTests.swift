import Testing

@testable import Plotting

@Suite("Terminal histogram")
struct TerminalHistogramTests {
    @Test func showsTheBaselineAndTheWorstPointOnOneAxis() throws {
        let folder = try ResultFolder.load(try Fixture.folder())
        let text = try #require(TerminalHistogram.render(folder, width: 40))
        let lines = text.split(separator: "\n")
        #expect(lines.count == 3)
        #expect(lines[0].hasPrefix("latency distribution, 0.1 ms to 12.8 ms on a log scale"))
        #expect(lines[1].contains("point 0 (baseline)"))
        #expect(lines[2].contains("point 3 (worst p99)"))
        #expect(lines[2].hasSuffix("p99 24 ms"))
        // Every bar row has the same width: 40 columns between the rules.
        for line in lines.dropFirst() {
            let inside = line.split(separator: "│")[1]
            #expect(inside.count == 40)
            #expect(!inside.contains(" "), "no holes in a distribution with no empty buckets")
        }
    }

    @Test func aNarrowTerminalGetsFewerColumnsAndAWrappedTitle() throws {
        // Fails without lineWidth: the 48 columns and the one-line title ran to 89 characters on a 60-column terminal.
        let folder = try ResultFolder.load(try Fixture.folder())
        let text = try #require(TerminalHistogram.render(folder, lineWidth: 60))
        let lines = text.split(separator: "\n")
        #expect(lines.count == 4)
        #expect(lines.allSatisfy { $0.count < 60 }, "\(lines.filter { $0.count >= 60 })")
        #expect(lines[1] == "on a log scale (bar height ∝ log of the count):")
    }

    @Test func nothingWithoutHistograms() throws {
        let folder = try ResultFolder.load(try Fixture.folder(histograms: false))
        #expect(TerminalHistogram.render(folder) == nil)
    }
}
