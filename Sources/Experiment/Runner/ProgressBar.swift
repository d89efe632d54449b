import Foundation

/// A one-line progress bar on stderr: points and replications done, elapsed time and an estimate of what is left.
/// Redrawn at most ten times a second; `finish()` erases it.
public final class ProgressBar: ProgressReporting, @unchecked Sendable {
    private let lock = NSLock()
    private let start = Date()
    private var lastDraw = Date.distantPast
    private var drawn = false

    public init() {}

    public func update(pointsDone: Int, points: Int, replicationsDone: Int, replications: Int) {
        lock.lock()
        defer { lock.unlock() }
        let now = Date()
        guard replicationsDone == replications || now.timeIntervalSince(lastDraw) >= 0.1 else { return }
        lastDraw = now
        let elapsed = now.timeIntervalSince(start)
        let fraction = replications > 0 ? Double(replicationsDone) / Double(replications) : 1
        let width = 24
        let filled = min(width, Int(fraction * Double(width)))
        let bar = String(repeating: "=", count: filled) + String(repeating: " ", count: width - filled)
        var eta = "?"
        if replicationsDone > 0 {
            eta = Self.time(elapsed / Double(replicationsDone) * Double(replications - replicationsDone))
        }
        let line = "\r\u{1B}[K[\(bar)] points \(pointsDone)/\(points)  replications \(replicationsDone)/\(replications)"
            + "  elapsed \(Self.time(elapsed))  ETA \(eta)"
        FileHandle.standardError.write(Data(line.utf8))
        drawn = true
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
