import ABCXYZ
import Testing

@Suite("Year-last dates take the order of day and month their column shows")
struct DateOrderTests {
    func read(_ text: String, pieces: Int? = nil, skip: Bool = false) throws -> TransactionTable {
        var options = ReadOptions()
        options.pieces = pieces
        options.onError = skip ? .skip : .stop
        return try TransactionTable(csv: Array(text.utf8), name: "in.csv", options: options)
    }

    @Test("A first part over 12 anywhere makes the column day first", arguments: [nil, 1, 3] as [Int?])
    func dayFirst(pieces: Int?) throws {
        let table = try read("client;date;amount\nA;03/04/2025;1\nB;13/01/2025;2\nC;05.06.2025;3\nD;2/1/2025;4\n",
                             pieces: pieces)
        #expect(table.transactions.map(\.date) == [day("2025-04-03"), day("2025-01-13"), day("2025-06-05"),
                                                   day("2025-01-02")])
        let order = try #require(table.inferredDateOrder)
        #expect(order.format == .dayFirst && order.column == "date" && order.example == "13/01/2025" && order.line == 3)
        #expect(table.inferredDateOrder?.description == "dates in column 'date' read as DD/MM/YYYY: '13/01/2025' "
            + "on line 3 can only be day first (--date-format names the order)")
    }

    @Test("A second part over 12 anywhere makes the column month first, the rows before it too",
          arguments: [nil, 1, 3] as [Int?])
    func monthFirst(pieces: Int?) throws {
        let table = try read("client,date,amount\nA,03/04/2025,1\nB,12/1/2010 8:26,2\nC,01/13/2025,3\nD,3-4-2025,4\n",
                             pieces: pieces)
        #expect(table.transactions.map(\.date) == [day("2025-03-04"), day("2010-12-01"), day("2025-01-13"),
                                                   day("2025-03-04")])
        #expect(table.inferredDateOrder?.format == .monthFirst)
        #expect(table.inferredDateOrder?.line == 4)
    }

    @Test("Both orders in one column are an error that names both dates and lines, even with skip",
          arguments: [false, true])
    func bothOrders(skip: Bool) throws {
        let error = #expect(throws: ReadError.self) {
            try read("client,date,amount\nA,13/01/2025,1\nB,02/03/2025,1\nC,01/14/2025,1\n", skip: skip)
        }
        #expect(error?.description == "in.csv:4:3: date '01/14/2025' in column 'date' can only be month first, "
            + "but '13/01/2025' on line 2 can only be day first: correct the dates, or name the order with --date-format")
    }

    @Test("When no date decides, the dates stay ambiguous")
    func undecided() throws {
        let error = #expect(throws: ReadError.self) { try read("client,date,amount\nA,2025-01-01,1\nB,03/04/2025,1\n") }
        #expect(error?.line == 3 && error?.reason == .ambiguousDate("03/04/2025"))
        let skipped = try read("client,date,amount\nA,2025-01-01,1\nB,03/04/2025,1\nC,04/03/2025,1\n", skip: true)
        #expect(skipped.acceptedCount == 1 && skipped.rejections.map(\.line) == [3, 4])
        #expect(skipped.inferredDateOrder == nil)
    }

    @Test("A date format given on the command line is never second-guessed")
    func namedFormatWins() throws {
        var options = ReadOptions()
        options.dateFormat = .monthFirst
        options.onError = .skip
        let table = try TransactionTable(csv: Array("client,date,amount\nA,13/01/2025,1\nB,01/02/2025,1\n".utf8),
                                         options: options)
        #expect(table.transactions.map(\.date) == [day("2025-01-02")])
        #expect(table.inferredDateOrder == nil)
    }
}
