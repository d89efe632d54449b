import Testing

@testable import ResultFiles

@Suite("CSV reader: RFC 4180 edge cases and line numbers")
struct CSVReaderTests {
    func fields(_ text: String) throws -> [[String]] {
        try CSVReader.records(text, file: "t.csv").map(\.fields)
    }

    func failure(_ text: String) -> ResultFileError? {
        do {
            _ = try CSVReader.records(text, file: "t.csv")
            return nil
        } catch {
            return error
        }
    }

    @Test func quotedFieldsHoldSeparatorsQuotesAndLineBreaks() throws {
        #expect(try fields("\"a,b\",\"say \"\"hi\"\"\",\"two\nlines\",\"crlf\r\nkept\"\n")
            == [["a,b", "say \"hi\"", "two\nlines", "crlf\r\nkept"]])
        #expect(try fields("\"\",x,\"\"\n") == [["", "x", ""]])
        #expect(try fields("\"\"\"\"\n") == [["\""]])
    }

    @Test func emptyFieldsAndTheLastLineBreakIsOptional() throws {
        #expect(try fields(",\n,,x\n") == [["", ""], ["", "", "x"]])
        #expect(try fields("a,b\n1,2") == [["a", "b"], ["1", "2"]])
        #expect(try fields("a,") == [["a", ""]])
        #expect(try fields("").isEmpty)
    }

    @Test func lineEndsAreLFCRLFOrCR() throws {
        #expect(try fields("a\r\nb\nc\rd") == [["a"], ["b"], ["c"], ["d"]])
        let records = try CSVReader.records("a\r\nb\nc\rd\r\n", file: "t.csv")
        #expect(records.map(\.line) == [1, 2, 3, 4])
    }

    @Test func emptyLinesAreNotRecordsButAQuotedEmptyFieldIs() throws {
        let records = try CSVReader.records("\na\n\n\r\n\"\"\nb\n", file: "t.csv")
        #expect(records.map(\.fields) == [["a"], [""], ["b"]])
        #expect(records.map(\.line) == [2, 5, 6])
    }

    @Test func aQuoteInsideAnUnquotedFieldIsKept() throws {
        #expect(try fields("5\" disk,x\n") == [["5\" disk", "x"]])
    }

    @Test func recordsSpanningLinesReportTheirFirstLine() throws {
        let records = try CSVReader.records("h1,h2\n\"multi\nline\r\ncell\",1\nlast,2\n", file: "t.csv")
        #expect(records.map(\.line) == [1, 2, 5])
        #expect(records[1].fields == ["multi\nline\r\ncell", "1"])
    }

    @Test func anUnclosedQuoteNamesTheLineItOpensOn() throws {
        let error = try #require(failure("a,b\n1,2\n3,\"open\nmore\n"))
        #expect(error == ResultFileError(file: "t.csv", line: 3, message: "a quoted cell is never closed"))
        #expect(error.description == "t.csv:3: a quoted cell is never closed")
    }

    @Test func textAfterAClosingQuoteIsAnErrorOnItsLine() throws {
        let error = try #require(failure("a,b\n\"two\nlines\"x,1\n"))
        #expect(error.file == "t.csv")
        #expect(error.line == 3)
        #expect(error.message.hasPrefix("unexpected text after a closing quote"))
        #expect(failure("\"a\" ,b\n") != nil)
    }
}
