@testable import ABCXYZ
import Testing

@Suite("CSV for Excel in ';' locales (--excel)")
struct ExcelCSVTests {
    func excel(_ listing: Listing, _ analysis: Analysis) throws -> [UInt8] {
        var buffer = ByteArraySink()
        try analysis.write(listing, as: .csv, to: &buffer, dialect: .excel)
        return buffer.bytes
    }

    @Test("A UTF-8 byte order mark, ';' between fields, decimal comma in money, ratios and days; dates unchanged")
    func workedExample() throws {
        let analysis = try BundledExample.table().analyze()
        let winBack = try excel(.winBack, analysis)
        #expect(Array(winBack.prefix(3)) == [0xEF, 0xBB, 0xBF])
        let lines = String(decoding: winBack.dropFirst(3), as: UTF8.self).split(separator: "\n")
        #expect(lines[0] == "rank;client;tier;abc;xyz;status;ltv_loss;annual_value;recency_days;cycle_days;last_purchase;manager")
        // fixtures/example/winback.csv line 2, with ';' and decimal commas.
        #expect(lines[1] == "1;Bolt;1;A;Y;lost;10900,00;10900,00;171;31;2025-01-10;Anna")
        let clients = String(decoding: try excel(.clients, analysis).dropFirst(3), as: UTF8.self)
        // From fixtures/example/classify.csv: "Smith, J." needs no quotes once ',' is not the delimiter.
        #expect(clients.contains("\nSmith, J.;302,00;0,007110;C;0,048766;X;4;2024-12-01;2025-03-01;31;121;lost;302,00;75,50;302,00;3;\n"))
        #expect(clients.contains("\nOld;0,00;0,056500;B;;Z;3;2023-05-01;2023-07-01;30,5;730;lost;2400,00;800,00;2400,00;3;Anna\n"))
    }

    @Test("A field holding ';' or a quote is quoted; ',' alone is not; the formula guard still applies")
    func quoting() throws {
        let analysis = try analyze(csv("a;b,2025-01-01,1.00,m\"x", "\"c,d\",2025-01-02,2.00,=SUM(A1)"), threads: 1)
        let text = String(decoding: try excel(.clients, analysis).dropFirst(3), as: UTF8.self)
        #expect(text.contains("\n\"a;b\";"))
        #expect(text.contains(";\"m\"\"x\"\n"))
        #expect(text.contains("\nc,d;2,00;"))
        #expect(text.contains(";'=SUM(A1)\n"))
    }

    @Test("The standard dialect is SPEC §11's CSV, unchanged")
    func standardUnchanged() throws {
        let analysis = try BundledExample.table().analyze()
        var buffer = ByteArraySink()
        try analysis.write(.clients, as: .csv, to: &buffer, dialect: .standard)
        #expect(buffer.text == (try fixture("example/classify.csv")))
    }
}
