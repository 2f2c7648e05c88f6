@testable import ABCXYZ
import Testing

/// A small table for the workbook's own API: an id, money in cents, a day.
private struct SampleRows: WorksheetRows {
    let ids: [String]
    let columns = [SheetColumn("id", .text), SheetColumn("amount", .money(scale: 2)), SheetColumn("day", .date)]
    var count: Int { ids.count }

    func spell(_ range: Range<Int>, into writer: inout SheetRowWriter) {
        for index in range {
            writer.beginRow()
            writer.text(ArraySlice(ids[index].utf8))
            if index % 3 == 2 { writer.empty() } else { writer.money(Int64(index) * 1_225_000) }
            writer.date(Day(iso: "2025-06-30")!.daysSince1970)
            writer.endRow()
        }
    }
}

@Suite("The workbook: parts, cells, layout")
struct WorkbookTests {
    func parts(_ workbook: Workbook, threads: Int = 2, keptBytes: Int = 64 << 20) throws -> ParsedZip {
        try ParsedZip(workbook.write(to: ByteArraySink(), threads: threads, keptBytes: keptBytes).bytes)
    }

    @Test("A workbook holds the parts of an Office Open XML package, in a fixed order")
    func packageParts() throws {
        var workbook = Workbook()
        workbook.add("sample", SampleRows(ids: ["a"]))
        let zip = try parts(workbook)
        #expect(zip.entries.map(\.name) == ["[Content_Types].xml", "_rels/.rels", "xl/workbook.xml",
                                            "xl/_rels/workbook.xml.rels", "xl/styles.xml", "xl/worksheets/sheet1.xml"])
        let types = try #require(zip.text("[Content_Types].xml"))
        #expect(types.contains(#"<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>"#))
        #expect(types.contains(#"<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>"#))
        #expect(try #require(zip.text("_rels/.rels")).contains(#"Target="xl/workbook.xml""#))
        let relationships = try #require(zip.text("xl/_rels/workbook.xml.rels"))
        #expect(relationships.contains(#"<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>"#))
        #expect(relationships.contains(#"Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml""#))
        let book = try #require(zip.text("xl/workbook.xml"))
        #expect(book.contains(#"<sheet name="sample" sheetId="1" r:id="rId1"/>"#))
        #expect(book.contains(#"<definedName name="_xlnm._FilterDatabase" localSheetId="0" hidden="1">&apos;sample&apos;!$A$1:$C$2</definedName>"#))
    }

    @Test("Cells are typed: inline text, money as exact decimal under 0.00, dates as serials under yyyy-mm-dd, empty as <c/>")
    func cells() throws {
        var workbook = Workbook()
        workbook.add("sample", SampleRows(ids: ["<x>", " lead", "Ольга"]))
        let zip = try parts(workbook)
        let sheet = try #require(zip.text("xl/worksheets/sheet1.xml"))
        // Style 2 is "0.00" (built-in format 2), style 3 the date format 164 (kinds in column order).
        let styles = try #require(zip.text("xl/styles.xml"))
        #expect(styles.contains(#"<numFmts count="1"><numFmt numFmtId="164" formatCode="yyyy-mm-dd"/></numFmts>"#))
        #expect(styles.contains(#"<cellXfs count="4"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>"#
            + #"<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/>"#
            + #"<xf numFmtId="2" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>"#
            + #"<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs>"#))
        #expect(styles.contains(#"<font><b/><sz val="11"/>"#))
        #expect(sheet.contains(#"<row r="1"><c s="1" t="inlineStr"><is><t>id</t></is></c><c s="1" t="inlineStr"><is><t>amount</t></is></c><c s="1" t="inlineStr"><is><t>day</t></is></c></row>"#))
        // 2025-06-30 is serial 45838; row 0 has 0 cents, row 1 1,225,000 cents = 12250.00; row 2 no amount.
        #expect(sheet.contains(#"<row r="2"><c t="inlineStr"><is><t>&lt;x&gt;</t></is></c><c s="2"><v>0.00</v></c><c s="3"><v>45838</v></c></row>"#))
        #expect(sheet.contains(#"<row r="3"><c t="inlineStr"><is><t xml:space="preserve"> lead</t></is></c><c s="2"><v>12250.00</v></c><c s="3"><v>45838</v></c></row>"#))
        #expect(sheet.contains(#"<row r="4"><c t="inlineStr"><is><t>Ольга</t></is></c><c/><c s="3"><v>45838</v></c></row>"#))
    }

    @Test("The header row is frozen, an autofilter covers the used range, columns are as wide as their widest cell")
    func layout() throws {
        var workbook = Workbook()
        workbook.add("sample", SampleRows(ids: ["张伟张伟张伟", String(repeating: "x", count: 100)]))
        let sheet = try #require(try parts(workbook).text("xl/worksheets/sheet1.xml"))
        #expect(sheet.contains(#"<dimension ref="A1:C3"/>"#))
        #expect(sheet.contains(#"<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>"#))
        #expect(sheet.contains(#"<sheetView tabSelected="1" workbookViewId="0">"#))
        #expect(sheet.hasSuffix(#"</sheetData><autoFilter ref="A1:C3"/><pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/></worksheet>"#))
        // id: 100 characters, capped at 60, + 3; amount: "12250.00" is 8 + 3; day: 10 + 3.
        #expect(sheet.contains(#"<cols><col min="1" max="1" width="63" customWidth="1"/><col min="2" max="2" width="11" customWidth="1"/><col min="3" max="3" width="13" customWidth="1"/></cols>"#))
        // Child order of CT_Worksheet: dimension, sheetViews, sheetFormatPr, cols, sheetData, autoFilter.
        let order = ["<dimension", "<sheetViews>", "<sheetFormatPr", "<cols>", "<sheetData>", "<autoFilter"]
        let positions = try order.map { try #require(sheet.range(of: $0)).lowerBound }
        #expect(positions == positions.sorted())
    }

    @Test("Column widths count characters, East Asian wide ones twice, and are capped")
    func columnWidths() {
        #expect(ColumnWidth.characters(ArraySlice("Bolt".utf8)) == 4)
        #expect(ColumnWidth.characters(ArraySlice("Ольга".utf8)) == 5)  // 10 bytes, 5 letters
        #expect(ColumnWidth.characters(ArraySlice("张伟".utf8)) == 4)   // 6 bytes, 2 wide characters
        #expect(ColumnWidth.characters(ArraySlice("😀a".utf8)) == 3)
        #expect(ColumnWidth.characters(ArraySlice("e\u{301}".utf8)) == 1)  // e and a combining accent
        #expect(ColumnWidth.width(characters: 0) == 4)
        #expect(ColumnWidth.width(characters: 9) == 12)
        #expect(ColumnWidth.width(characters: 60) == 63)
        #expect(ColumnWidth.width(characters: 5_000) == 63)
    }

    @Test("Sheet names lose [ ] : * ? / \\, keep 31 UTF-16 units at most, and are made unique regardless of case")
    func sheetNames() {
        #expect(SheetName.sanitized("a[b]c:d*e?f/g\\h") == "a_b_c_d_e_f_g_h")
        #expect(SheetName.sanitized(String(repeating: "x", count: 40)) == String(repeating: "x", count: 31))
        #expect(SheetName.sanitized(String(repeating: "a", count: 30) + "😀") == String(repeating: "a", count: 30))
        #expect(SheetName.sanitized("'quoted'") == "quoted")
        #expect(SheetName.sanitized("") == "Sheet")
        #expect(SheetName.sanitized("History") == "History_")
        #expect(SheetName.sanitized("tab\there") == "tabhere")
        #expect(SheetName.sanitized("клиенты") == "клиенты")
        #expect(SheetName.unique(["clients", "Clients", "clients"]) == ["clients", "Clients (2)", "clients (3)"])
        let long = String(repeating: "y", count: 31)
        #expect(SheetName.unique([long, long]) == [long, String(repeating: "y", count: 27) + " (2)"])
    }

    @Test("Column letters run A…Z, AA…ZZ, AAA…, up to Excel's last column XFD")
    func columnNames() {
        #expect([0, 1, 25, 26, 27, 51, 52, 701, 702, 16_383].map(CellReference.columnName)
            == ["A", "B", "Z", "AA", "AB", "AZ", "BA", "ZZ", "AAA", "XFD"])
    }

    @Test("A table longer than a sheet continues on sheets named 'name (2)'…, each with its header and its rows from 2")
    func continuationSheets() throws {
        var workbook = Workbook()
        workbook.add("t", SampleRows(ids: ["a", "b", "c", "d", "e"]), rowsPerSheet: 2)
        let zip = try parts(workbook)
        #expect(zip.entries.filter { $0.name.hasPrefix("xl/worksheets/") }.count == 3)
        let book = try #require(zip.text("xl/workbook.xml"))
        #expect(book.contains(#"<sheet name="t" sheetId="1" r:id="rId1"/><sheet name="t (2)" sheetId="2" r:id="rId2"/><sheet name="t (3)" sheetId="3" r:id="rId3"/>"#))
        let third = try #require(zip.text("xl/worksheets/sheet3.xml"))
        #expect(third.contains(#"<autoFilter ref="A1:C2"/>"#))
        #expect(third.contains(#"<row r="2"><c t="inlineStr"><is><t>e</t></is></c>"#))
        #expect(!third.contains("tabSelected"))
        #expect(try #require(zip.text("xl/worksheets/sheet2.xml")).contains(#"<row r="3"><c t="inlineStr"><is><t>d</t></is></c>"#))
    }

    @Test("Spelling rows again (nothing kept from the first pass) or on one thread gives the same bytes")
    func passesAgree() throws {
        let ids = (0..<20_000).map { "client-\($0 * 7919 % 20_000)" }  // three pieces of 8,192 rows
        var workbook = Workbook()
        workbook.add("many", SampleRows(ids: ids))
        let kept = try workbook.write(to: ByteArraySink(), threads: 2).bytes
        #expect(try workbook.write(to: ByteArraySink(), threads: 2, keptBytes: 0).bytes == kept)
        #expect(try workbook.write(to: ByteArraySink(), threads: 1, keptBytes: 100_000).bytes == kept)
        let sheet = try #require(try ParsedZip(kept).text("xl/worksheets/sheet1.xml"))
        #expect(sheet.contains(#"<row r="20001"><c t="inlineStr"><is><t>client-\#(19_999 * 7919 % 20_000)</t></is></c>"#))
    }

    @Test("Money of scale 0 uses the built-in format 0, scale 3 a format 0.000, ratios 0.000000")
    func numberFormats() {
        let styles = WorkbookStyles(kinds: [.money(scale: 0), .money(scale: 3), .fixed(digits: 6), .integer, .text])
        #expect(styles.index(of: .money(scale: 0)) == 2 && styles.index(of: .money(scale: 3)) == 3)
        #expect(styles.index(of: .fixed(digits: 6)) == 4 && styles.index(of: .integer) == 0)
        #expect(styles.cellFormats.map(\.numberFormat) == [0, 0, 1, 164, 165])
        #expect(styles.customFormats.map(\.code) == ["0.000", "0.000000"])
    }

    @Test("The worked example's win-back list: Bolt's row as cells")
    func exampleWinBack() throws {
        let analysis = try BundledExample.table().analyze()
        var buffer = ByteArraySink()
        try analysis.write(.winBack, as: .xlsx, to: &buffer)
        let zip = try ParsedZip(buffer.bytes)
        #expect(try #require(zip.text("xl/workbook.xml")).contains(#"<sheet name="winback" sheetId="1" r:id="rId1"/>"#))
        let sheet = try #require(zip.text("xl/worksheets/sheet1.xml"))
        // fixtures/example/winback.csv: 1,Bolt,1,A,Y,lost,10900.00,10900.00,171,31,2025-01-10,Anna.
        // 2025-01-10 is 45838 (2025-06-30) − 171 = 45667. Money is style 2 (0.00), the date style 3.
        #expect(sheet.contains(#"<row r="2"><c><v>1</v></c><c t="inlineStr"><is><t>Bolt</t></is></c><c><v>1</v></c>"#
            + #"<c t="inlineStr"><is><t>A</t></is></c><c t="inlineStr"><is><t>Y</t></is></c>"#
            + #"<c t="inlineStr"><is><t>lost</t></is></c><c s="2"><v>10900.00</v></c><c s="2"><v>10900.00</v></c>"#
            + #"<c><v>171</v></c><c><v>31</v></c><c s="3"><v>45667</v></c><c t="inlineStr"><is><t>Anna</t></is></c></row>"#))
        // Nine clients to win back: rows 2…10; twelve columns A…L.
        #expect(sheet.contains(#"<autoFilter ref="A1:L10"/>"#) && sheet.contains(#"<row r="10">"#))
    }
}
