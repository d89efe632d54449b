/// The top of the report and its first section: the experiment's name and description, and which file it ran.
enum ExperimentSection {
    /// The page's header: the experiment's name and description.
    static func header(_ input: ReportInput) -> [HTMLNode] {
        var nodes: [HTMLNode] = [.element("h1", text: "simexec report: \(input.run.experiment)")]
        if !input.run.description.isEmpty {
            nodes.append(.element("p", [("class", "description")], text: input.run.description))
        }
        return nodes
    }

    /// The experiment file's path and SHA-256 and the command line, as run.json records them.
    static func section(_ input: ReportInput) -> ReportSection {
        let run = input.run
        var facts: [(String, HTMLNode)] = [("experiment", .text(run.experiment))]
        if let file = run.file { facts.append(("experiment file", .element("code", text: file))) }
        if let hash = run.fileSHA256 { facts.append(("its SHA-256", .element("code", text: hash))) }
        if !run.commandLine.isEmpty {
            let command = run.commandLine.map(shellQuoted).joined(separator: " ")
            facts.append(("command line", .element("code", text: command)))
        }
        return ReportSection(
            id: "experiment", heading: "Experiment",
            content: [
                facts.definitionList,
                .element("p", [("class", "note")], children: [
                    .text("The file is recorded by its path and hash; "),
                    .element("code", text: "sha256sum FILE"),
                    .text(" tells whether a copy you read is the one that ran."),
                ]),
            ])
    }

    /// `argument` as a shell would need it: unchanged when it is plain, else in single quotes.
    static func shellQuoted(_ argument: String) -> String {
        let plain = !argument.isEmpty && argument.unicodeScalars.allSatisfy { scalar in
            scalar.properties.isAlphabetic || ("0"..."9").contains(scalar)
                || "-_./=:,+@%[]".unicodeScalars.contains(scalar)
        }
        return plain ? argument : "'" + argument.split(separator: "'", omittingEmptySubsequences: false)
            .joined(separator: "'\\''") + "'"
    }
}
