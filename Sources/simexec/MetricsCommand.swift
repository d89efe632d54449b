import ArgumentParser
import MetricCatalogue

/// `simexec metrics`: prints the metric catalogue, every metric with its unit, better direction, window and meaning.
struct MetricsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "metrics",
        abstract: "List every metric simexec writes: unit, which direction is better, what it covers, what it means.",
        discussion: """
            Prints a Markdown table (the README's metric table is this output). Names with <class> or <name> \
            repeat for every [[task]] class or every [[mutex]] and [[semaphore]].
            """)

    func run() {
        print(MetricCatalogue.markdownTable, terminator: "")
    }
}
