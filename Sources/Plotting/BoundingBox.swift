/// An axis-aligned rectangle on the canvas, in SVG pixels (y grows downwards).
public struct BoundingBox: Sendable, Equatable, CustomStringConvertible {
    public var minX: Double
    public var minY: Double
    public var maxX: Double
    public var maxY: Double

    public init(minX: Double, minY: Double, maxX: Double, maxY: Double) {
        self.minX = minX
        self.minY = minY
        self.maxX = maxX
        self.maxY = maxY
    }

    public var width: Double { maxX - minX }
    public var height: Double { maxY - minY }

    /// Whether the two boxes share some area (boxes that only touch do not).
    public func overlaps(_ other: BoundingBox) -> Bool {
        minX < other.maxX && other.minX < maxX && minY < other.maxY && other.minY < maxY
    }

    /// Whether `other` lies wholly inside this box.
    public func contains(_ other: BoundingBox) -> Bool {
        other.minX >= minX && other.maxX <= maxX && other.minY >= minY && other.maxY <= maxY
    }

    public var description: String {
        "[\(SVGElement.number(minX)), \(SVGElement.number(minY))]–[\(SVGElement.number(maxX)), \(SVGElement.number(maxY))]"
    }
}
