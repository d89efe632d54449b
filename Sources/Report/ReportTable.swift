/// A table of the report: text columns left-aligned, number columns right-aligned, in a box that scrolls sideways
/// when the table is wider than the page.
struct ReportTable: Sendable {
    struct Column: Sendable {
        var title: String
        var isNumeric: Bool
        /// A longer explanation, shown as the header's tooltip.
        var help: String?

        init(_ title: String, isNumeric: Bool, help: String? = nil) {
            self.title = title
            self.isNumeric = isNumeric
            self.help = help
        }
    }

    /// One cell: its text, and whether it is an alarm (a deadlock mark).
    struct Cell: Sendable {
        var text: String
        var isAlarm = false

        init(_ text: String, isAlarm: Bool = false) {
            self.text = text
            self.isAlarm = isAlarm
        }
    }

    struct Row: Sendable {
        var cells: [Cell]
        /// Whether the row is a deadlocked point, shaded as one.
        var isDeadlock = false
    }

    var columns: [Column]
    var rows: [Row]
    /// What the `class` attribute of the table says, for styling and for readers of the HTML.
    var name: String

    var node: HTMLNode {
        let header = HTMLNode.element("tr", children: columns.map { column in
            var attributes: [(String, String)] = [("scope", "col")]
            if column.isNumeric { attributes.append(("class", "num")) }
            if let help = column.help { attributes.append(("title", help)) }
            return .element("th", attributes, children: Self.breakable(column.title))
        })
        let body = rows.map { row in
            HTMLNode.element(
                "tr", row.isDeadlock ? [("class", "deadlock")] : [],
                children: zip(columns, row.cells).map { column, cell in
                    var classes = [column.isNumeric ? "num" : "text"]
                    if cell.isAlarm { classes.append("alarm") }
                    return .element("td", [("class", classes.joined(separator: " "))], text: cell.text)
                })
        }
        return .element("div", [("class", "scroll")], children: [
            .element(
                "table", [("class", name)],
                children: [.element("thead", children: [header]), .element("tbody", children: body)]),
        ])
    }

    /// `title` with a line-break opportunity after every `.` and before every `[`, so a long key such as
    /// `task.dropped.steps[1].hold[0].duration` wraps in a narrow header instead of widening its column.
    static func breakable(_ title: String) -> [HTMLNode] {
        var nodes: [HTMLNode] = []
        var run = ""
        for character in title {
            if character == "[", !run.isEmpty {
                nodes += [.text(run), .element("wbr")]
                run = ""
            }
            run.append(character)
            if character == "." {
                nodes += [.text(run), .element("wbr")]
                run = ""
            }
        }
        if !run.isEmpty { nodes.append(.text(run)) }
        return nodes
    }
}
