/// A flaw in a figure's layout that a reader would see: text cut at the canvas edge, text drawn over text, or text
/// drawn over the data.
public struct LayoutProblem: Sendable, Equatable, CustomStringConvertible {
    public enum Kind: Sendable, Equatable {
        /// The text reaches past the canvas.
        case outsideCanvas
        /// Two texts overlap.
        case textOverText
        /// A text runs into a plot area.
        case textOverPlot
    }

    public var kind: Kind
    /// The text (and, for an overlap, the other text) concerned.
    public var texts: [String]
    /// The boxes concerned, in the order of `texts` (a plot area's box last).
    public var boxes: [BoundingBox]

    public var description: String {
        let quoted = texts.map { "\"\($0)\"" }.joined(separator: " and ")
        let places = boxes.map(\.description).joined(separator: " / ")
        switch kind {
        case .outsideCanvas: return "\(quoted) leaves the canvas at \(places)"
        case .textOverText: return "\(quoted) overlap at \(places)"
        case .textOverPlot: return "\(quoted) runs into a plot area at \(places)"
        }
    }
}

extension SVGDocument {
    /// Every text box and plot area of the document, in drawing order, as recorded when its elements were built.
    public var placedBoxes: [PlacedBox] {
        var boxes: [PlacedBox] = []
        func collect(_ element: SVGElement) {
            if let placed = element.placed { boxes.append(placed) }
            element.children.forEach(collect)
        }
        children.forEach(collect)
        return boxes
    }

    /// What a reader would see wrong with the layout: every text that leaves the canvas, every pair of texts that
    /// overlap, and every text that runs into a plot area. Empty text is ignored. Empty when the layout is clean.
    public func layoutProblems() -> [LayoutProblem] {
        let canvas = BoundingBox(minX: 0, minY: 0, maxX: width, maxY: height)
        var texts: [(String, BoundingBox)] = []
        var plots: [BoundingBox] = []
        for placed in placedBoxes {
            switch placed.kind {
            case let .text(content) where !content.isEmpty: texts.append((content, placed.box))
            case .text: continue
            case .plotArea: plots.append(placed.box)
            }
        }
        var problems: [LayoutProblem] = []
        for (index, (content, box)) in texts.enumerated() {
            if !canvas.contains(box) {
                problems.append(LayoutProblem(kind: .outsideCanvas, texts: [content], boxes: [box]))
            }
            for (other, otherBox) in texts[(index + 1)...] where box.overlaps(otherBox) {
                problems.append(LayoutProblem(kind: .textOverText, texts: [content, other], boxes: [box, otherBox]))
            }
            for plot in plots where box.overlaps(plot) {
                problems.append(LayoutProblem(kind: .textOverPlot, texts: [content], boxes: [box, plot]))
            }
        }
        return problems
    }
}
