/// A whole SVG file.
public struct SVGDocument: Sendable {
    public var width: Double
    public var height: Double
    public var children: [SVGElement]

    public init(width: Double, height: Double, children: [SVGElement]) {
        self.width = width
        self.height = height
        self.children = children
    }

    /// The document as text, with an XML declaration and a white background.
    public func rendered() -> String {
        let background = SVGElement.rect(x: 0, y: 0, width: width, height: height, fill: "white")
        let root = SVGElement(
            "svg",
            [
                ("xmlns", "http://www.w3.org/2000/svg"), ("width", SVGElement.number(width)),
                ("height", SVGElement.number(height)),
                ("viewBox", "0 0 \(SVGElement.number(width)) \(SVGElement.number(height))"),
                ("font-family", "DejaVu Sans, Helvetica, Arial, sans-serif"),
            ],
            children: [background] + children)
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" + root.rendered()
    }
}
