import Foundation
import Testing

@testable import Experiment

/// Issue 15, strings: NUL and control characters never reach a name or the terminal, and a name too long for the file
/// system is refused before the run.
@Suite struct NameSafetyTests {
    @Test func anEscapedNULIsRefusedWithItsLine() {
        let message = errorMessage(replacing("name = \"tiny\"", with: "name = \"a\\u0000../../evil\""))
        #expect(message.hasPrefix("test.toml:2: "), "\(message)")
        #expect(message.contains("\\u0000 (NUL)"))
        let long = errorMessage(replacing("name = \"handler\"", with: "name = \"h\\U00000000\""))
        #expect(long.hasPrefix("test.toml:15: "), "\(long)")
        // An escaped backslash before u0000 is no NUL.
        #expect(!errorMessage(replacing("name = \"tiny\"", with: "name = \"a\\\\u0000\"")).contains("NUL"))
    }

    @Test(arguments: [
        ("name = \"tiny\"", "name = \"a\\nb\"", "experiment.name", "\\u{A}"),
        ("name = \"tiny\"", "name = \"a\\rb\"", "experiment.name", "\\u{D}"),
        ("name = \"handler\"", "name = \"h\\u001b[31m\"", "task[0].name", "\\u{1B}"),
        ("name = \"handler\"", "name = \"h\u{202E}x\"", "task[0].name", "\\u{202E}"),
    ])
    func controlCharactersInNamesAreRefusedAndEscaped(old: String, new: String, key: String, escape: String) {
        let message = errorMessage(replacing(old, with: new))
        #expect(message.contains(key + ": "), "\(message)")
        #expect(message.contains(escape), "\(message)")
        #expect(!message.unicodeScalars.contains { $0.properties.generalCategory == .control || $0 == "\u{202E}" })
        #expect(message.contains("not starting with -"))
    }

    @Test func primitiveNamesAreCheckedToo() {
        let message = errorMessage(replacing("name = \"db\"", with: "name = \"d\\u001bb\"", in: lockExperiment))
        #expect(message.contains("mutex[0].name: found string \"d\\u{1B}b\""), "\(message)")
    }

    @Test func aNameStartingWithADashIsRefusedByAConsistentMessage() {
        let message = errorMessage(replacing("name = \"tiny\"", with: "name = \"-tiny\""))
        #expect(message.contains("a name may use ASCII letters, digits, _ and -, not starting with -"), "\(message)")
    }

    @Test func anExperimentNameTooLongForAFolderIsRefused() throws {
        let longest = String(repeating: "n", count: SchemaResolver.longestExperimentName)
        #expect(SchemaResolver.longestExperimentName == 238)
        _ = try makePlan(replacing("name = \"tiny\"", with: "name = \"\(longest)\""))
        let message = errorMessage(replacing("name = \"tiny\"", with: "name = \"\(longest)n\""))
        #expect(message.hasPrefix("test.toml:2:"), "\(message)")
        #expect(message.contains("experiment.name: the name is 239 characters long"))
        #expect(message.contains("at most 238 characters"))
    }

    @Test func anOutFolderNameTooLongIsRefusedBeforeTheRun() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        try baseExperiment.write(to: directory.appendingPathComponent("tiny.toml"), atomically: true, encoding: .utf8)
        let out = String(repeating: "o", count: 250)
        let run = try EndToEndTests.simexec(["run", "tiny.toml", "--quiet", "--out", out], in: directory)
        #expect(run.status == 2, "\(run.stderr)")
        #expect(run.stderr.contains("the results folder's name is 250 bytes long"))
        #expect(!FileManager.default.fileExists(atPath: directory.appendingPathComponent(out).path))
    }

    @Test func escapingLeavesOrdinaryTextAlone() {
        #expect("µs ± 5%".escapingControlCharacters == "µs ± 5%")
        #expect("a\u{1B}[2Jb\u{0}".escapingControlCharacters == "a\\u{1B}[2Jb\\u{0}")
        #expect("one\ntwo\t".escapingControlCharacters(keeping: ["\n"]) == "one\ntwo\\u{9}")
    }
}
