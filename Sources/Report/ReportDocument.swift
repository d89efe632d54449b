/// A whole report page: a header, a table of contents and sections, with its style sheet inlined.
///
/// The page needs nothing else: no script, no font, no image or style sheet from elsewhere. Its content security
/// policy says so, so a browser would refuse anything that asked for more.
struct ReportDocument: Sendable {
    /// The page's title, in the browser tab.
    var title: String
    /// What comes before the table of contents: the experiment's name and description.
    var header: [HTMLNode]
    var sections: [ReportSection]

    /// The content security policy: inline styles only; no scripts, connections, frames or outside resources.
    static let contentSecurityPolicy = "default-src 'none'; style-src 'unsafe-inline'; img-src data:"

    /// The page as HTML5 text.
    func rendered() -> String {
        let head = HTMLNode.element("head", children: [
            .element("meta", [("charset", "utf-8")]),
            .element("meta", [("http-equiv", "Content-Security-Policy"), ("content", Self.contentSecurityPolicy)]),
            .element("meta", [("name", "viewport"), ("content", "width=device-width, initial-scale=1")]),
            .element("meta", [("name", "generator"), ("content", "simexec report")]),
            .element("title", text: title),
            .element("style", children: [.trusted("\n" + ReportStyle.css + "\n")]),
        ])
        let contents = HTMLNode.element("nav", [("aria-label", "Contents")], children: [
            .element("ul", children: sections.map { section in
                .element("li", children: [.element("a", [("href", "#" + section.id)], text: section.heading)])
            }),
        ])
        let body = HTMLNode.element("body", children: [
            .element("main", children: [.element("header", children: header + [contents])] + sections.map(\.node)),
        ])
        return "<!DOCTYPE html>\n" + HTMLNode.element("html", [("lang", "en")], children: [head, body]).rendered()
    }
}
