import Plotting

/// The figures `simexec plot` draws, inlined as SVG.
enum PlotsSection {
    static func section(_ input: ReportInput) -> ReportSection {
        let figures: [(name: String, svg: String)]
        do throws(PlotError) {
            figures = try ResultPlots.render(input.folder)
        } catch {
            return ReportSection(
                id: "plots", heading: "Plots",
                content: [.element("p", [("class", "note")], text: "The plots could not be drawn: \(error)")])
        }
        guard !figures.isEmpty else {
            return ReportSection(
                id: "plots", heading: "Plots",
                content: [.element("p", [("class", "note")], text: "summary.csv has no metric these plots draw.")])
        }
        let nodes = figures.enumerated().map { index, figure in
            HTMLNode.element("figure", [("id", "figure-\(index + 1)")], children: [
                .trusted(InlineSVG(figure.svg, idPrefix: "figure-\(index + 1)").markup),
                .element("figcaption", children: [
                    .text("Figure \(index + 1): "), .element("code", text: figure.name),
                    .text(", as "), .element("code", text: "simexec plot"), .text(" writes it."),
                ]),
            ])
        }
        return ReportSection(id: "plots", heading: "Plots", content: nodes)
    }
}
