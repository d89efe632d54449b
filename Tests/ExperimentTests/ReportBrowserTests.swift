import Foundation
import Testing

/// Opens a real report.html in headless Chromium (Debian's `chromium` package) through `Tests/Browser/check_report.py`:
/// it loads with no console error or warning and no request but the file itself, fits a 1280 px window, and renders a
/// non-blank screenshot of the window's size. Skipped, saying so, where chromium or python3 is not installed.
@Suite struct ReportBrowserTests {
    /// The first of `names` on PATH, if any.
    static func onPath(_ names: String...) -> String? {
        let folders = (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":")
        for name in names {
            for folder in folders {
                let path = "\(folder)/\(name)"
                if FileManager.default.isExecutableFile(atPath: path) { return path }
            }
        }
        return nil
    }

    static let chromium = ProcessInfo.processInfo.environment["CHROMIUM"] ?? onPath("chromium", "chromium-browser")
    static let python = onPath("python3")
    static let script = ReportCommandTests.packageRoot.appendingPathComponent("Tests/Browser/check_report.py")

    @Test(
        .enabled(
            if: chromium != nil && python != nil,
            """
            SKIPPED: the headless-browser check needs chromium and python3 on PATH \
            (Debian: apt-get install chromium)
            """))
    func reportOpensInChromiumWithoutErrorsAndRendersAPage() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = ReportCommandTests.packageRoot.appendingPathComponent("Experiments/locks.toml").path
        let run = try ReportCommandTests.simexec(
            ["run", file, "--set", "experiment.duration=100ms", "--replications", "3", "--jobs", "2", "--quiet",
             "--out", "locks", "--report"],
            in: directory)
        #expect(run.status == 0, "stderr: \(run.stderr)")

        let process = Process()
        process.executableURL = URL(fileURLWithPath: Self.python!)
        process.arguments = [
            Self.script.path, directory.appendingPathComponent("locks/report.html").path, "--width", "1280",
            "--height", "900",
        ]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        try process.run()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "check_report.py:\n\(text)")
        #expect(text.contains("7 passed, 0 failed"), "check_report.py:\n\(text)")
    }
}
