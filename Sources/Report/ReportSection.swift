/// One part of the report: a heading, listed in the page's table of contents, and its content.
struct ReportSection: Sendable {
    /// The fragment that links to it (`summary` for `#summary`); unique in the page.
    var id: String
    var heading: String
    var content: [HTMLNode]

    /// The section as a `<section>` element.
    var node: HTMLNode {
        .element("section", [("id", id)], children: [.element("h2", text: heading)] + content)
    }
}
