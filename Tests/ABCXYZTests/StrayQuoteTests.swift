import ABCXYZ
import Testing

@Suite("A stray quote costs one row, and the line count shows what was read")
struct StrayQuoteTests {
    /// `client,date,amount` and 999 rows on lines 2…1000 (`C<line>`), one line changed.
    func export(changing changes: [Int: String] = [:]) -> [UInt8] {
        var lines = ["client,date,amount"]
        for line in 2...1000 { lines.append("C\(line),2025-01-\(line % 28 + 1 < 10 ? "0" : "")\(line % 28 + 1),1") }
        for (line, text) in changes { lines[line - 1] = text }
        return Array((lines.joined(separator: "\n") + "\n").utf8)
    }

    func read(_ bytes: [UInt8], skip: Bool = true, pieces: Int? = nil) throws -> TransactionTable {
        var options = ReadOptions()
        options.onError = skip ? .skip : .stop
        options.pieces = pieces
        return try TransactionTable(csv: bytes, name: "in.csv", options: options)
    }

    @Test("A quote on line 11 that never closes rejects line 11 only", arguments: [nil, 1, 4, 16] as [Int?])
    func unclosedQuoteRejectsItsLine(pieces: Int?) throws {
        let table = try read(export(changing: [11: "\"C11,2025-01-12,1"]), pieces: pieces)
        #expect(table.lines == 1000)
        #expect(table.rowsRead == 999 && table.acceptedCount == 998)
        #expect(table.rejections.map(\.line) == [11])
        #expect(table.rejections.first?.error.description
            == "in.csv:11:1: unterminated quoted field in column 'client' (a \" opens it and none closes it)")
        #expect(table.rejections.first?.record == Array("\"C11,2025-01-12,1".utf8))
    }

    @Test("A quote closed 590 lines later that breaks the row is reported where it opened",
          arguments: [nil, 1, 5] as [Int?])
    func runawayQuoteReportedWhereItOpened(pieces: Int?) throws {
        let bytes = export(changing: [11: "\"C11,2025-01-12,1", 601: "C601,2025-01-02,5\" pipe"])
        let table = try read(bytes, pieces: pieces)
        #expect(table.lines == 1000 && table.rowsRead == 999)
        // Line 11 (the stray quote) and line 601 (whose `5" pipe` is not an amount).
        #expect(table.rejections.map(\.line) == [11, 601])
        #expect(table.rejections.first?.error.description == "in.csv:11:1: unterminated quoted field in column "
            + "'client' (the \" here is closed only 590 lines later, which breaks the row: a stray quote? "
            + "inside quotes write it as \"\")")
        let stopped = #expect(throws: ReadError.self) { try read(bytes, skip: false) }
        #expect(stopped?.line == 11 && stopped?.column == 1)
    }

    @Test("A long quoted field in a well-formed row is data, however many lines it spans")
    func longQuotedFieldIsData() throws {
        let note = (1...150).map { "line \($0)" }.joined(separator: "\n")
        let table = try read(Array("client,date,amount,note\nA,2025-01-01,1,\"\(note)\"\nB,2025-01-02,2,\n".utf8))
        #expect(table.rowsRead == 2 && table.acceptedCount == 2)
        #expect(table.lines == 152)  // header, 150 lines of A (149 breaks inside the quotes), B
    }

    @Test("A short quoted field that breaks its row still gets the field count")
    func shortQuotedFieldKeepsFieldCount() throws {
        let error = #expect(throws: ReadError.self) {
            try read(Array("client,date,amount\n\"A\nB\",2025-01-01\n".utf8), skip: false)
        }
        #expect(error?.description == "in.csv:2:1: expected 3 fields as in the header, found 2")
    }
}
