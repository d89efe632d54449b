import ArgumentParser
import Experiment
import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// `--columns` and the width of the end-of-run table.
struct TableOptions: ParsableArguments {
    @Option(help: ArgumentHelp(
        "The table's metric columns, comma-separated summary.csv names (`simexec metrics` lists them); the point and "
            + "swept values always come first. Example: --columns latency_p99_us,stall_ratio",
        valueName: "list"))
    var columns: String?

    /// The layout: the chosen columns, and lines as wide as `COLUMNS`, else the terminal, else 160 characters.
    var layout: TableLayout {
        TableLayout(
            width: Self.width,
            metrics: columns.map { $0.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) } })
    }

    /// `COLUMNS`, else stdout's terminal width, else ``TableLayout/defaultWidth``: how wide printed tables may be.
    static var width: Int {
        if let text = ProcessInfo.processInfo.environment["COLUMNS"], let columns = Int(text), columns > 0 {
            return columns
        }
        var size = winsize()
        if isatty(STDOUT_FILENO) != 0, ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 {
            return Int(size.ws_col)
        }
        return TableLayout.defaultWidth
    }
}
