/// What varies between the sweep points: the swept keys with their values, and every resolved setting that differs
/// between points (a zipped key, a duration in ns, a step that only some points have).
enum SettingsSection {
    static func section(_ input: ReportInput) -> ReportSection {
        let summary = input.folder.summary
        guard !summary.sweepColumns.isEmpty else {
            return ReportSection(
                id: "settings", heading: "What varies",
                content: [.element("p", text: "Nothing: the experiment has one point and no sweep.")])
        }
        let swept = ReportTable(
            columns: [
                ReportTable.Column("swept key", isNumeric: false), ReportTable.Column("values", isNumeric: false),
            ],
            rows: summary.sweepColumns.indices.map { column in
                var values: [String] = []
                for point in summary.points where !values.contains(point.swept[column]) {
                    values.append(point.swept[column])
                }
                return ReportTable.Row(cells: [
                    ReportTable.Cell(summary.sweepColumns[column]), ReportTable.Cell(values.joined(separator: ", ")),
                ])
            },
            name: "swept")
        var content: [HTMLNode] = [
            .element(
                "p",
                text: "\(summary.points.count) points; the first key varies slowest. Each point's values are in "
                    + "the first columns of the summary table."),
            swept.node,
        ]
        let resolved = input.run.varyingSettings
        if !resolved.isEmpty {
            let table = ReportTable(
                columns: [
                    ReportTable.Column("setting", isNumeric: false), ReportTable.Column("values", isNumeric: false),
                ],
                rows: resolved.map { setting in
                    ReportTable.Row(cells: [
                        ReportTable.Cell(setting.key), ReportTable.Cell(setting.values.joined(separator: ", ")),
                    ])
                },
                name: "resolved")
            content.append(.element("details", children: [
                .element("summary", text: "\(resolved.count) resolved settings differ between points (from run.json; "
                    + "durations in ns)"),
                table.node,
            ]))
        }
        return ReportSection(id: "settings", heading: "What varies", content: content)
    }
}
