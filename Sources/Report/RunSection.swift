import Foundation
import ResultFiles

/// The run's facts from run.json: simexec's version, when it ran and for how long, seed, replications, jobs and
/// events.
enum RunSection {
    static func section(_ input: ReportInput) -> ReportSection {
        let run = input.run
        var facts: [(String, HTMLNode)] = []
        if let version = run.simexecVersion { facts.append(("simexec version", .text(version))) }
        if let started = run.startedAt { facts.append(("started", .text(started))) }
        if let seconds = run.wallSeconds { facts.append(("wall time", .text(String(format: "%.1f s", seconds)))) }
        if let seed = run.seed { facts.append(("seed", .text(String(seed)))) }
        facts.append(("sweep points", .text(String(input.folder.summary.points.count))))
        if let replications = run.replications { facts.append(("replications per point", .text(String(replications)))) }
        if let jobs = run.jobs { facts.append(("parallel jobs", .text(String(jobs)))) }
        if let events = run.eventsProcessed { facts.append(("simulated events", .text(String(events)))) }
        let files = [
            ResultFileName.summary, ResultFileName.replications, ResultFileName.histograms, ResultFileName.runManifest,
        ].map { name -> HTMLNode in .element("a", [("href", name)], children: [.element("code", text: name)]) }
        facts.append(("files", .element("span", children: files.interleaved(with: .text(", ")))))
        return ReportSection(id: "run", heading: "Run", content: [facts.definitionList])
    }
}

extension [HTMLNode] {
    /// The nodes with `separator` between each two.
    fileprivate func interleaved(with separator: HTMLNode) -> [HTMLNode] {
        enumerated().flatMap { index, node in index == 0 ? [node] : [separator, node] }
    }
}
