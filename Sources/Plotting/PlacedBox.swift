/// A part of a figure the layout placed and the layout check looks at: a text's box, or a plot area that text must
/// stay out of.
public struct PlacedBox: Sendable, Equatable {
    public enum Kind: Sendable, Equatable {
        /// A `<text>` element with this content.
        case text(String)
        /// The inside of a panel's axes, where the data is drawn.
        case plotArea
    }

    public var kind: Kind
    /// In SVG pixels.
    public var box: BoundingBox

    public init(kind: Kind, box: BoundingBox) {
        self.kind = kind
        self.box = box
    }
}
