import Foundation

#if canImport(FoundationXML)
import FoundationXML
#endif

@testable import Plotting

/// A results folder like `simexec run Experiments/blocking.toml` writes, small: 2 workers × 3 kinds × 4 shares.
enum Fixture {
    static let columns = ["runtime.workers", "task.sync_call.steps[1].kind", "task.handler.weight", "task.sync_call.weight"]
    static let kinds = ["block", "spawn_blocking", "io"]
    static let shares = [0, 2, 5, 10]

    /// (workers, kind, share) of every point, in sweep order.
    static var points: [(workers: Int, kind: String, share: Int)] {
        [2, 4].flatMap { workers in kinds.flatMap { kind in shares.map { (workers, kind, $0) } } }
    }

    static func summaryCSV() -> String {
        let metrics = ["latency_p50_us", "latency_p99_us", "stall_ratio", "worker_busy_ratio", "worker_blocked_ratio"]
        var text = (["point"] + columns + ["replications"]
            + metrics.flatMap { ["\($0)_mean", "\($0)_ci95_lo", "\($0)_ci95_hi"] }).joined(separator: ",") + "\n"
        for (index, point) in points.enumerated() {
            let blocking = point.kind == "block" ? Double(point.share) * (point.workers == 2 ? 2 : 0.3) : 0
            let values = [1100 + 100 * blocking, 4000 + 1000 * blocking, 0.04 * blocking, 0.07, 0.05 * blocking]
            var cells = [String(index), String(point.workers), point.kind, String(100 - point.share), String(point.share), "10"]
            for value in values { cells += [String(value), String(value * 0.95), String(value * 1.05)] }
            text += cells.joined(separator: ",") + "\n"
        }
        return text
    }

    static func histogramsCSV() -> String {
        var text = "point,metric,bucket_lower_us,bucket_upper_us,count\n"
        for index in points.indices {
            var lower = 100.0
            for count in [5, 40, 30, 15, 6, 3, 1] {
                text += "\(index),latency,\(lower),\(lower * 2),\(count + index % 4)\n"
                lower *= 2
            }
        }
        return text
    }

    static let runJSON = """
        {"experiment": "blocking", "description": "A 5 ms call <in> 0-10% of handlers & more", "points": []}
        """

    /// Writes the fixture into a new temporary folder and returns its path.
    static func folder(histograms: Bool = true) throws -> String {
        let directory = scratchFolder + "/plotting-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        try summaryCSV().write(toFile: directory + "/summary.csv", atomically: true, encoding: .utf8)
        if histograms {
            try histogramsCSV().write(toFile: directory + "/histograms.csv", atomically: true, encoding: .utf8)
        }
        try runJSON.write(toFile: directory + "/run.json", atomically: true, encoding: .utf8)
        return directory
    }
}

/// An element seen while parsing XML.
struct XMLNode: Sendable {
    var name: String
    var attributes: [String: String]
    var text: String
    /// Names of the enclosing elements' `class` attributes, outermost first.
    var classes: [String]
}

/// Parses XML with Foundation's XMLParser; fails on anything that is not well-formed.
final class XMLCollector: NSObject, XMLParserDelegate {
    private(set) var nodes: [XMLNode] = []
    private var stack: [Int] = []
    private var classStack: [String] = []

    static func parse(_ text: String) throws -> [XMLNode] {
        let parser = XMLParser(data: Data(text.utf8))
        let collector = XMLCollector()
        parser.delegate = collector
        guard parser.parse() else {
            throw parser.parserError ?? NSError(domain: "XML", code: 1)
        }
        return collector.nodes
    }

    func parser(
        _ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?, qualifiedName: String?,
        attributes: [String: String] = [:]
    ) {
        nodes.append(XMLNode(name: elementName, attributes: attributes, text: "", classes: classStack))
        stack.append(nodes.count - 1)
        classStack.append(attributes["class"] ?? "")
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        if let last = stack.last { nodes[last].text += string }
    }

    func parser(_ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName: String?) {
        stack.removeLast()
        classStack.removeLast()
    }
}

extension Array where Element == XMLNode {
    /// The text of every `<text>` element.
    var texts: [String] { filter { $0.name == "text" }.map(\.text) }
}

/// This test process's scratch folder: the temporary folders the tests make go inside it, and it is removed when the
/// process exits, so a test run leaves nothing behind in the system's temporary folder.
let scratchFolder: String = {
    try? FileManager.default.createDirectory(atPath: scratchPath, withIntermediateDirectories: true)
    atexit { try? FileManager.default.removeItem(atPath: scratchPath) }
    return scratchPath
}()
private let scratchPath = NSTemporaryDirectory() + "simexec-plotting-tests-\(getpid())"
