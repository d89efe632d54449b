import Testing

@testable import Experiment

/// Table headers that toml++ aborts on (an assertion, SIGABRT) are reported as parse errors instead.
@Suite struct TableHeaderCheckTests {
    /// Each of these aborted the process inside TOMLKit before the check existed.
    @Test(arguments: ["[{", "[=]", "[}", "[.]", "[[{x]]", "[ {]", "[[ =]]", "[runtime]\nworkers = 2\n[{"])
    func headersWithoutAKeyAreParseErrors(_ text: String) {
        let message = errorMessage(text)
        #expect(message.contains("invalid TOML: a table header needs a key"), "\(message)")
        #expect(message.hasPrefix("test.toml:"))
    }

    /// Lines that start with `[` inside a multi-line array, a string or a comment are not headers.
    @Test func bracketsInsideValuesAreNotHeaders() {
        let text = """
            a = [
              [ { b = 1 } ],
              [ {c = 2} ],
            ]
            s = \"\"\"
            [{ not a header
            \"\"\"
            # [{ a comment
            [ok]
            """
        #expect(TableHeaderCheck.firstBadHeader(in: text) == nil)
    }

    @Test func thePositionIsTheOffendingCharacter() {
        let bad = TableHeaderCheck.firstBadHeader(in: "x = 1\n\n  [[ =]]\n")
        #expect(bad?.line == 3)
        #expect(bad?.column == 6)
        #expect(bad?.found == "=")
    }
}
