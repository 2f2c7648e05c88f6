@testable import ABCXYZ
import Testing

@Suite("The terminal table's cells and columns")
struct TableLayoutTests {
    /// What ``TableText/appendPrintable(_:to:)`` writes for `bytes`, and the width it returns.
    static func printable(_ bytes: some Collection<UInt8>, from start: Int = 0) -> (String, Int) {
        let array = [UInt8](repeating: UInt8(ascii: "#"), count: start) + Array(bytes)
        var output = SpelledBytes(capacity: 1)
        output.append(UInt8(ascii: "|"))  // what a line holds before the cell stays
        let width = TableText.appendPrintable(array[start...], to: &output)
        let written = output.array()
        #expect(written.first == UInt8(ascii: "|"))
        return (String(decoding: written.dropFirst(), as: UTF8.self), width)
    }

    @Test("An id's cell is its text with control characters as ?, and as wide as a terminal shows it")
    func printableCells() {
        let cases: [(String, String, Int)] = [
            ("王芳", "王芳", 4),                       // CJK: two columns each
            ("Ольга", "Ольга", 5),
            ("e\u{301}cole", "e\u{301}cole", 5),      // the combining acute takes none
            ("a\u{1B}[31mb", "a?[31mb", 7),           // ESC, C0
            ("\u{9B}x\u{7F}", "?x?", 3),              // CSI (C1, two bytes in UTF-8) and DEL
            ("ＡＢ", "ＡＢ", 4),                       // fullwidth forms
            ("😀", "😀", 2),
            ("a\u{200B}b", "a\u{200B}b", 2),          // zero width space
            ("\u{10FFFF}", "\u{10FFFF}", 1),          // the last scalar, four bytes from F4
            ("\u{A0}\u{9F}\u{A0}", "\u{A0}?\u{A0}", 3),  // C1's last, between no-break spaces
            ("", "", 0),
        ]
        for (id, shown, width) in cases {
            let (text, measured) = Self.printable(Array(id.utf8), from: 3)
            #expect(Array(text.utf8) == Array(shown.utf8), "\(id.unicodeScalars.map(\.value))")
            #expect(measured == width, "\(id.unicodeScalars.map(\.value))")
            #expect(TableText.displayWidth(TableText.printable(id)) == width)
        }
    }

    @Test("Bytes that are not UTF-8 are shown with U+FFFD for each maximal ill-formed part")
    func illFormedCells() {
        let replacement = "\u{FFFD}"
        let cases: [([UInt8], String, Int)] = [
            ([0x61, 0xFF, 0x62], "a\(replacement)b", 3),
            ([0xC0, 0x80], replacement + replacement, 2),            // overlong: C0 is never a lead
            ([0xED, 0xA0, 0x80], String(repeating: replacement, count: 3), 3),  // a surrogate
            ([0xE2, 0x82], replacement, 1),                          // € cut short: one maximal part
            ([0x1B, 0xF0, 0x9F], "?" + replacement, 2),
            ([0xF4, 0x90, 0x80, 0x80], String(repeating: replacement, count: 4), 4),  // beyond U+10FFFF
        ]
        for (bytes, shown, width) in cases {
            let (text, measured) = Self.printable(bytes)
            #expect(text == shown, "\(bytes)")
            #expect(measured == width, "\(bytes)")
        }
    }

    static func day(_ text: String) -> Day { Day(iso: text)! }

    @Test("Columns are as wide as their widest cell in terminal columns: text padded after, numbers before")
    func alignedColumns() throws {
        let table = TransactionTable([
            Transaction(client: "王芳王芳", date: Self.day("2025-06-01"), amount: Money(minorUnits: 123_450)),
            Transaction(client: "e\u{301}", date: Self.day("2025-06-10"), amount: Money(minorUnits: 500)),
            Transaction(client: "x\u{1B}y", date: Self.day("2025-06-20"), amount: Money(minorUnits: 9_999)),
            Transaction(client: "Ольга", date: Self.day("2025-06-30"), amount: Money(minorUnits: 100_000_000)),
        ])
        let text = try table.analyze(threads: 1).text(.clients, as: .table)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        // client: max("client" 6, 王芳王芳 8, é 1, x?y 3, Ольга 5) = 8 columns; revenue: the heading's 16;
        // share: "share" 5. Shares of 1 001 339.49: 0.12 %, 0.0005 %, 0.01 %, 99.87 %.
        let expected = [
            "client" + String(repeating: " ", count: 2 + 2) + "revenue (window)  share  ",
            "王芳王芳" + String(repeating: " ", count: 0 + 2 + 8) + "1 234.50   0.1%  ",
            "e\u{301}" + String(repeating: " ", count: 7 + 2 + 12) + "5.00   0.0%  ",
            "x?y" + String(repeating: " ", count: 5 + 2 + 11) + "99.99   0.0%  ",
            "Ольга" + String(repeating: " ", count: 3 + 2 + 4) + "1 000 000.00  99.9%  ",
        ]
        for prefix in expected {
            #expect(lines.contains { $0.utf8.starts(with: prefix.utf8) }, "\(prefix)")
        }
        let body = lines.dropFirst(2).filter { !$0.isEmpty }
        #expect(body.count == 5)
        #expect(body.allSatisfy { !$0.hasSuffix(" ") }, "the last column, text, is not padded")
        #expect(body.dropFirst().allSatisfy { $0.hasSuffix("  -") }, "no manager: a dash")
        #expect(body.first?.hasSuffix("  manager") == true)
    }

    @Test("A width set by the last chunk's row pads the first chunk's, on any thread count")
    func widthsAcrossChunks() throws {
        var sales = (1...20_000).map { index in
            Transaction(client: "c" + String(100_000 + index).dropFirst(), date: Self.day("2025-06-01"),
                        amount: Money(minorUnits: Int64(1_000_000 - index)))
        }
        let wide = String(repeating: "王", count: 12)  // 24 columns, the smallest value: listed last
        sales.append(Transaction(client: wide, date: Self.day("2025-06-01"), amount: Money(minorUnits: 1)))
        let table = TransactionTable(sales)
        let texts = try [1, 2, 3].map { try table.analyze(threads: $0).text(.clients, as: .table) }
        #expect(texts[1] == texts[0] && texts[2] == texts[0])
        let lines = texts[0].split(separator: "\n").map(String.init)
        #expect(lines.count == 2 + 1 + 20_001)
        #expect(lines[2].hasPrefix("client" + String(repeating: " ", count: 18 + 2) + "revenue"))
        #expect(lines[3].hasPrefix("c00001" + String(repeating: " ", count: 18 + 2)))
        #expect(lines.last!.hasPrefix(wide + "  "))
    }
}
