import Testing

@testable import ResultFiles

@Suite("CSV writer and round trips")
struct CSVWriterTests {
    @Test func quotesOnlyWhereNeeded() {
        #expect(CSVWriter.line(["point", "1.5", "nan", "task.steps[1].kind"]) == "point,1.5,nan,task.steps[1].kind\n")
        #expect(
            CSVWriter.line(["a,b", "say \"hi\"", "x\ny", "cr\r", ""]) == "\"a,b\",\"say \"\"hi\"\"\",\"x\ny\",\"cr\r\",\n")
        #expect(CSVWriter.line(["crlf\r\n"]) == "\"crlf\r\n\"\n")
        #expect(CSVWriter.line([""]) == "\"\"\n")
        #expect(CSVWriter.line(["", ""]) == ",\n")
    }

    @Test func whatTheWriterWritesTheReaderReadsBack() throws {
        let records: [[String]] = [
            ["point", "runtime.workers", "task.handler.steps[0]", "replications"],
            ["0", "2", "{ cpu = \"exp(100us)\" }", "10"],
            ["1", "", "a,b,c", "\"quoted\""],
            ["2", "line\nbreak", "crlf\r\nbreak", "cr\rbreak"],
            ["3", "é, 日本, 🙂", " spaced ", "\"\""],
            ["", "", "", ""],
        ]
        let text = records.map(CSVWriter.line).joined()
        let table = try CSVTable.parse(text, file: "t.csv")
        #expect(table.header == records[0])
        #expect(table.rows == Array(records.dropFirst()))
        // Each line break inside a quoted field (LF, CRLF or CR) moves the next rows down a line.
        #expect(table.headerLine == 1)
        #expect(table.rowLines == [2, 3, 4, 8, 9])
    }

    @Test func singleEmptyFieldsRoundTripToo() throws {
        let records: [[String]] = [[""], ["x"], [""]]
        let text = records.map(CSVWriter.line).joined()
        #expect(try CSVReader.records(text, file: "t.csv").map(\.fields) == records)
    }
}
