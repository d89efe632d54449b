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
    static var width: Int { columns(of: STDOUT_FILENO) ?? TableLayout.defaultWidth }

    /// The progress bar's width when stderr is a terminal: that terminal's width (a `COLUMNS` set to widen the
    /// table must not make the bar wrap), else `COLUMNS`, else 80; nil when stderr is not a terminal: no bar.
    static var progressWidth: Int? {
        guard isatty(STDERR_FILENO) != 0 else { return nil }
        return terminalColumns(of: STDERR_FILENO) ?? environmentColumns ?? 80
    }

    /// `COLUMNS` if set, else the width of the terminal on `descriptor`, if it is one.
    private static func columns(of descriptor: Int32) -> Int? {
        environmentColumns ?? terminalColumns(of: descriptor)
    }

    private static var environmentColumns: Int? {
        guard let text = ProcessInfo.processInfo.environment["COLUMNS"], let columns = Int(text), columns > 0 else {
            return nil
        }
        return columns
    }

    private static func terminalColumns(of descriptor: Int32) -> Int? {
        var size = winsize()
        guard isatty(descriptor) != 0, ioctl(descriptor, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 else {
            return nil
        }
        return Int(size.ws_col)
    }
}
