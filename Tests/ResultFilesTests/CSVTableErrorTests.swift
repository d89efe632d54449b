import Testing

@testable import ResultFiles

@Suite("CSV table errors name FILE:LINE")
struct CSVTableErrorTests {
    func failure(_ text: String) -> ResultFileError? {
        do {
            _ = try CSVTable.parse(text, file: "results/summary.csv")
            return nil
        } catch {
            return error
        }
    }

    @Test func anEmptyFileIsAnErrorOnLineOne() {
        #expect(
            failure("")?.description == "results/summary.csv:1: is empty; expected a CSV file written by `simexec run`")
        #expect(failure("\n\r\n")?.line == 1)
    }

    @Test func aRaggedRowNamesItsOwnLine() throws {
        let narrow = try #require(failure("point,replication,seed,value\n0,0,1,1.5\n0,1,1\n"))
        #expect(narrow.description.hasPrefix("results/summary.csv:3: found 3 cells, but the header has 4 columns"))
        // A quoted line break in an earlier row shifts the line numbers; blank lines count too.
        let wide = try #require(failure("a,b\n\"x\ny\",1\n\n1,2,3\n"))
        #expect(wide.line == 5)
        #expect(wide.message == "found 3 cells, but the header has 2 columns; the file is truncated or was edited")
    }

    @Test func columnsAreFoundByName() throws {
        let table = try CSVTable.parse("point,metric,count\n0,latency,3\n", file: "h.csv")
        #expect(table.column("metric") == 1)
        #expect(table.column("nope") == nil)
    }
}
