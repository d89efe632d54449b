extension [(String, HTMLNode)] {
    /// The (term, description) pairs as a two-column definition list.
    var definitionList: HTMLNode {
        .element("dl", [("class", "facts")], children: flatMap { term, description in
            [HTMLNode.element("dt", text: term), .element("dd", children: [description])]
        })
    }
}
