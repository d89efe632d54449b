import Testing

@testable import ResultFiles

@Suite("JSON parsing")
struct JSONParsingTests {
    @Test func keepsKeysInWrittenOrderAndTellsNumbersApart() throws {
        let value = try JSONValue.parse(
            #"{"b": 1, "a": [true, false, null], "c": {"z": -2.5e3, "y": "x"}, "big": 18446744073709551615}"#,
            file: "run.json")
        guard case let .object(entries) = value else {
            Issue.record("not an object")
            return
        }
        #expect(entries.map(\.0) == ["b", "a", "c", "big"])
        #expect(value["b"] == .integer(1))
        #expect(value["a"] == .array([.bool(true), .bool(false), .null]))
        #expect(value["c"]?["z"] == .double(-2500))
        #expect(value["c"]?["y"] == .string("x"))
        #expect(value["big"] == .unsigned(UInt64.max))
        #expect(value["missing"] == nil)
    }

    @Test func readsWhatItWritesBack() throws {
        let written = JSONValue.object([
            ("text", .string("quote \" backslash \\ tab \t line \n µs ✓ \u{1}")), ("list", .array([.integer(-3), .double(0.25)])),
            ("empty", .object([])), ("none", .array([])),
        ])
        #expect(try JSONValue.parse(written.serialized(), file: "x") == written)
    }

    @Test func decodesEscapesAndSurrogatePairs() throws {
        #expect(try JSONValue.parse(#""\u00b5s \ud83d\ude00 \/""#, file: "x") == .string("µs 😀 /"))
    }

    @Test(arguments: [
        ("{\"a\": 1,\n\"b\": }", "x:2: is not valid JSON: expected a value"),
        ("[1, 2", "x:1: is not valid JSON: the text ends inside an array"),
        ("{\"a\" 1}", "x:1: is not valid JSON: expected \":\""),
        ("\"open", "x:1: is not valid JSON: the text ends inside a string"),
        ("1 2", "x:1: is not valid JSON: unexpected text after the JSON value"),
        ("\"\\ud800\"", "x:1: is not valid JSON: a lone surrogate in a string"),
        ("", "x:1: is not valid JSON: the text ends where a value should be"),
    ])
    func namesTheLineOfTheFirstMistake(text: String, message: String) {
        #expect(throws: ResultFileError.self) { try JSONValue.parse(text, file: "x") }
        do {
            _ = try JSONValue.parse(text, file: "x")
        } catch {
            #expect(error.description == message)
        }
    }
}
