import Testing

@testable import ResultFiles

@Suite("CSV reading")
struct CSVTableTests {
    @Test func quotedCellsAndLineEndings() throws {
        let table = try CSVTable.parse("a,b\r\n\"x,1\",\"say \"\"hi\"\"\"\n2,3\n", file: "t.csv")
        #expect(table.header == ["a", "b"])
        #expect(table.rows == [["x,1", "say \"hi\""], ["2", "3"]])
    }

    @Test func raggedRowIsAnError() {
        #expect(throws: ResultFileError.self) { try CSVTable.parse("a,b\n1\n", file: "t.csv") }
    }

    @Test func unclosedQuoteIsAnError() {
        #expect(throws: ResultFileError.self) { try CSVTable.parse("a\n\"x\n", file: "t.csv") }
    }
}
