import Experiment
import Foundation
import Testing

@Suite("Runtime settings documentation")
struct RuntimeSettingsDocumentationTests {
    /// The README documents each runtime setting with the range parsing enforces and the default the model uses.
    @Test("the README's [runtime] and [runtime.costs] rows are rendered from RuntimeSetting")
    func readmeRowsMatch() throws {
        let readme = URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("README.md")
        let text = try String(contentsOf: readme, encoding: .utf8)
        #expect(text.contains(RuntimeSettingsTable.rows(isCost: false)))
        #expect(text.contains(RuntimeSettingsTable.rows(isCost: true)))
    }
}
