import Foundation

/// A node of an SVG document: an element with attributes, children and optional text. Rendering escapes text and
/// attribute values, so any label is safe to put in.
public struct SVGElement: Sendable {
    public var name: String
    public var attributes: [(String, String)]
    public var children: [SVGElement]
    public var text: String?
    /// Where the element sits for the layout check, recorded when it is built (not written to the file): the box of
    /// a `<text>` made by ``text(_:x:y:size:anchor:weight:rotate:fill:)``, or a plot area.
    public internal(set) var placed: PlacedBox?

    public init(_ name: String, _ attributes: [(String, String)] = [], children: [SVGElement] = [], text: String? = nil) {
        self.name = name
        self.attributes = attributes
        self.children = children
        self.text = text
    }

    /// A `<text>` element.
    static func text(
        _ content: String, x: Double, y: Double, size: Double = 12, anchor: String = "start",
        weight: String? = nil, rotate: Double? = nil, fill: String = "#222"
    ) -> SVGElement {
        var attributes: [(String, String)] = [
            ("x", SVGElement.number(x)), ("y", SVGElement.number(y)), ("font-size", SVGElement.number(size)),
            ("text-anchor", anchor), ("fill", fill),
        ]
        if let weight { attributes.append(("font-weight", weight)) }
        if let rotate {
            attributes.append(
                ("transform", "rotate(\(SVGElement.number(rotate)) \(SVGElement.number(x)) \(SVGElement.number(y)))"))
        }
        var element = SVGElement("text", attributes, text: content)
        element.placed = PlacedBox(
            kind: .text(content), box: textBox(content, x: x, y: y, size: size, anchor: anchor, rotate: rotate))
        return element
    }

    /// The box `content` covers when drawn at (`x`, `y`) as ``text(_:x:y:size:anchor:weight:rotate:fill:)`` draws it:
    /// the estimated advance width along the baseline, ascent above it and descent below, turned by `rotate` degrees
    /// around (`x`, `y`).
    static func textBox(
        _ content: String, x: Double, y: Double, size: Double, anchor: String, rotate: Double?
    ) -> BoundingBox {
        let width = TextMetrics.width(content, size: size)
        let start: Double
        switch anchor {
        case "middle": start = -width / 2
        case "end": start = -width
        default: start = 0
        }
        let corners = [
            (start, -TextMetrics.ascent * size), (start + width, -TextMetrics.ascent * size),
            (start, TextMetrics.descent * size), (start + width, TextMetrics.descent * size),
        ]
        let angle = (rotate ?? 0) * Double.pi / 180
        let turned = corners.map { dx, dy in
            (x + dx * cos(angle) - dy * sin(angle), y + dx * sin(angle) + dy * cos(angle))
        }
        return BoundingBox(
            minX: turned.map(\.0).min() ?? x, minY: turned.map(\.1).min() ?? y, maxX: turned.map(\.0).max() ?? x,
            maxY: turned.map(\.1).max() ?? y)
    }

    /// A straight line.
    static func line(
        _ x1: Double, _ y1: Double, _ x2: Double, _ y2: Double, stroke: String, width: Double = 1,
        dash: String? = nil
    ) -> SVGElement {
        var attributes: [(String, String)] = [
            ("x1", number(x1)), ("y1", number(y1)), ("x2", number(x2)), ("y2", number(y2)), ("stroke", stroke),
            ("stroke-width", number(width)),
        ]
        if let dash { attributes.append(("stroke-dasharray", dash)) }
        return SVGElement("line", attributes)
    }

    /// A rectangle.
    static func rect(
        x: Double, y: Double, width: Double, height: Double, fill: String, stroke: String? = nil
    ) -> SVGElement {
        var attributes: [(String, String)] = [
            ("x", number(x)), ("y", number(y)), ("width", number(width)), ("height", number(height)), ("fill", fill),
        ]
        if let stroke { attributes.append(("stroke", stroke)) }
        return SVGElement("rect", attributes)
    }

    /// A group of elements.
    static func group(_ children: [SVGElement], _ attributes: [(String, String)] = []) -> SVGElement {
        SVGElement("g", attributes, children: children)
    }

    /// The element as XML.
    public func rendered(indent: Int = 0) -> String {
        let pad = String(repeating: "  ", count: indent)
        var out = pad + "<" + name
        for (key, value) in attributes { out += " \(key)=\"\(MarkupEscaping.escape(value))\"" }
        if children.isEmpty, text == nil { return out + "/>\n" }
        out += ">"
        if let text { out += MarkupEscaping.escape(text) }
        if !children.isEmpty {
            out += "\n"
            for child in children { out += child.rendered(indent: indent + 1) }
            out += pad
        }
        return out + "</\(name)>\n"
    }

    /// A coordinate with at most two decimals and no trailing zeros.
    static func number(_ value: Double) -> String {
        guard value.isFinite else { return "0" }
        let rounded = (value * 100).rounded() / 100
        if rounded == rounded.rounded() { return String(Int64(rounded)) }
        var text = String(rounded)
        if text.contains("e") { text = String(Int64(rounded.rounded())) }
        return text
    }
}
