import Foundation

/// A one-line progress bar on stderr: points and replications done, elapsed time and an estimate of what is left.
/// Redrawn at most ten times a second; `finish()` erases it. The line stays narrower than the terminal (a line that
/// wraps could no longer be redrawn in place): the bar shrinks, then the words shorten.
public final class ProgressBar: ProgressReporting, @unchecked Sendable {
    private let lock = NSLock()
    private let start = Date()
    private var lastDraw = Date.distantPast
    private var drawn = false
    /// The terminal's width in characters; lines use at most one less.
    private let columns: Int

    /// `columns`: the width of the terminal stderr shows on.
    public init(columns: Int) {
        self.columns = columns
    }

    public func update(pointsDone: Int, points: Int, replicationsDone: Int, replications: Int) {
        lock.lock()
        defer { lock.unlock() }
        let now = Date()
        guard replicationsDone == replications || now.timeIntervalSince(lastDraw) >= 0.1 else { return }
        lastDraw = now
        let elapsed = now.timeIntervalSince(start)
        let fraction = replications > 0 ? Double(replicationsDone) / Double(replications) : 1
        var eta = "?"
        if replicationsDone > 0 {
            eta = Self.time(elapsed / Double(replicationsDone) * Double(replications - replicationsDone))
        }
        let text = Self.line(
            fraction: fraction,
            words: [
                " points \(pointsDone)/\(points)  replications \(replicationsDone)/\(replications)  elapsed "
                    + "\(Self.time(elapsed))  ETA \(eta)",
                " \(replicationsDone)/\(replications) replications  ETA \(eta)",
            ],
            room: columns - 1)
        FileHandle.standardError.write(Data(("\r\u{1B}[K" + text).utf8))
        drawn = true
    }

    /// The narrowest bar drawn; with less room the words go alone.
    static let shortestBar = 5
    /// The widest bar.
    static let longestBar = 24

    /// A bar filled to `fraction` and the first of `words` (longest first) that fits `room` characters beside a bar
    /// of ``shortestBar``; with no room for a bar, the last words alone, cut to `room`.
    static func line(fraction: Double, words: [String], room: Int) -> String {
        for text in words {
            let barWidth = min(longestBar, room - 2 - text.count)
            guard barWidth >= shortestBar else { continue }
            let filled = min(barWidth, Int(fraction * Double(barWidth)))
            return "[" + String(repeating: "=", count: filled) + String(repeating: " ", count: barWidth - filled) + "]"
                + text
        }
        return String((words.last ?? "").dropFirst().prefix(max(room, 0)))
    }

    public func finish() {
        lock.lock()
        defer { lock.unlock() }
        if drawn { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
        drawn = false
    }

    static func time(_ seconds: Double) -> String {
        guard seconds.isFinite else { return "?" }
        if seconds < 60 { return NumberFormatting.readable(seconds, digits: 2) + "s" }
        let whole = Int(seconds.rounded())
        return "\(whole / 60)m\(String(format: "%02d", whole % 60))s"
    }
}
