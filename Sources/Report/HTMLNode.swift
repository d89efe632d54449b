import Plotting

/// A piece of an HTML document. Text and attribute values are escaped when rendered, so user text can only be text;
/// the one exception is ``trusted(_:)``, for markup simexec made itself (an inlined SVG figure).
indirect enum HTMLNode: Sendable {
    /// An element with attributes (name, value) and children. Void elements (`meta`, `br`) have no children.
    case element(String, attributes: [(String, String)], children: [HTMLNode])
    /// Text, escaped when rendered.
    case text(String)
    /// Markup written out as it is; only for output of simexec's own renderers, never for user text.
    case trusted(String)

    /// An element; `attributes` in the order given.
    static func element(_ name: String, _ attributes: [(String, String)] = [], children: [HTMLNode] = []) -> HTMLNode {
        .element(name, attributes: attributes, children: children)
    }

    /// An element holding only `text`.
    static func element(_ name: String, _ attributes: [(String, String)] = [], text: String) -> HTMLNode {
        .element(name, attributes: attributes, children: [.text(text)])
    }

    /// The elements the HTML syntax writes without an end tag.
    private static let voidElements: Set<String> = ["br", "hr", "img", "meta", "link", "wbr"]

    /// The node as HTML.
    func rendered() -> String {
        var out = ""
        render(into: &out)
        return out
    }

    private func render(into out: inout String) {
        switch self {
        case let .text(text):
            out += MarkupEscaping.escape(text)
        case let .trusted(markup):
            out += markup
        case let .element(name, attributes, children):
            out += "<" + name
            for (key, value) in attributes { out += " \(key)=\"\(MarkupEscaping.escape(value))\"" }
            out += ">"
            if HTMLNode.voidElements.contains(name) { return }
            for child in children { child.render(into: &out) }
            out += "</\(name)>"
            if HTMLNode.blockElements.contains(name) { out += "\n" }
        }
    }

    /// Elements followed by a line break in the output, so the file reads line by line.
    private static let blockElements: Set<String> = [
        "html", "head", "body", "section", "header", "footer", "main", "h1", "h2", "h3", "p", "table", "thead", "tbody",
        "tr", "ul", "ol", "li", "dl", "div", "details", "figure", "pre", "style", "title", "nav",
    ]
}
