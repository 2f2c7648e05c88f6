@testable import ABCXYZ
import Testing

/// The call list's library parts: kept input columns, the two return dates and
/// win-back selections, each checked against values worked out by hand.
@Suite("The call list: kept columns, return dates, selections")
struct CallListTests {
    /// A 1C-style export: `;`, Cyrillic header, decimal comma, day-first dates.
    static let export = """
        Клиент;Дата;Сумма;Телефон;ИНН
        ОАО Ромашка;01.03.2025;1 000,00;+7 900 111-11-11;7701000001
        ОАО Ромашка;01.04.2025;1000,00;;7701000001
        ОАО Ромашка;01.05.2025;1000,00;+7 900 222-22-22;
        ОАО Ромашка;01.05.2025;1000,00;"  +7 900 333-33-33 ";
        ИП Лютик;10.01.2025;500,00;8 (812) 000-00-00;780100000001
        ИП Лютик;10.02.2025;-500,00;"8 ""812"" 999";
        ООО Василёк;15.06.2025;250,00;;

        """

    static func kept(_ columns: [String], threads: Int = 2, pieces: Int? = nil,
                     asOf: String? = nil) throws -> [String: [String]] {
        var read = ReadOptions()
        read.keptColumns = columns
        read.threads = threads
        read.pieces = pieces
        let analysis = try analyze(export, read: read, threads: threads) { options in
            options.asOf = asOf.flatMap(Day.init(iso:))
        }
        let kept = try #require(analysis.keptColumns)
        var values: [String: [String]] = [:]
        for record in analysis.clients.records {
            values[analysis.names.clients.string(Int(record.client))] = (0..<kept.count).map {
                kept.value($0, ofClient: Int(record.client))
            }
        }
        return values
    }

    @Test("Each client's latest non-empty value: a later row of the same day wins, an empty one erases nothing")
    func latestNonEmptyValue() throws {
        // Ромашка: phones 111 (03-01), none, 222 and then 333 on 05-01 (the later row, trimmed);
        // tax id on 03-01 and 04-01, none after. Лютик: the refund's phone (quotes unescaped) is
        // the latest, its tax id the first row's. Василёк has neither.
        let values = try Self.kept(["телефон", "инн"])  // names match case-insensitively, Cyrillic too
        #expect(values["ОАО Ромашка"] == ["+7 900 333-33-33", "7701000001"])
        #expect(values["ИП Лютик"] == ["8 \"812\" 999", "780100000001"])
        #expect(values["ООО Василёк"] == ["", ""])
    }

    @Test("Rows after as-of are left out of the kept values too")
    func asOfBoundsKeptValues() throws {
        let values = try Self.kept(["Телефон"], asOf: "2025-03-01")
        #expect(values["ОАО Ромашка"] == ["+7 900 111-11-11"])
        #expect(values["ИП Лютик"] == ["8 \"812\" 999"])
    }

    @Test("The same kept values for any threads and any cut of the file into pieces")
    func anySplit() throws {
        let reference = try Self.kept(["ИНН", "Телефон"], threads: 1, pieces: 1)
        for threads in [1, 2, 4] {
            for pieces in [1, 2, 3, 5, 8] {
                #expect(try Self.kept(["ИНН", "Телефон"], threads: threads, pieces: pieces) == reference,
                        "threads \(threads), pieces \(pieces)")
            }
        }
    }

    @Test("A kept column the header lacks, named twice, or read for the transaction is an error naming it")
    func badKeptColumns() {
        for (columns, expected) in [
            (["Phone"], ReadError.Reason.unknownKeptColumn(name: "Phone", header: ["Клиент", "Дата", "Сумма", "Телефон", "ИНН"])),
            (["ИНН", "инн"], .keptColumnNotFree(name: "инн", role: nil)),
            (["сумма"], .keptColumnNotFree(name: "сумма", role: .amount)),
        ] {
            var read = ReadOptions()
            read.keptColumns = columns
            #expect(throws: ReadError(file: "test.csv", line: 1, reason: expected)) {
                try analyze(Self.export, read: read)
            }
        }
    }

    @Test("Without kept columns the reader keeps nothing beside the transactions")
    func nothingKeptByDefault() throws {
        let table = try TransactionTable(csv: Array(Self.export.utf8), name: "test.csv")
        #expect(table.keptColumnNames.isEmpty && table.segments.allSatisfy { $0.kept == nil })
        #expect(try table.analyze().keptColumns == nil)
    }

    /// A client with two services: the cut every 100 days, last 2024-12-12 (200 days before
    /// as-of), and the colour every 7 days, last 2025-06-11 (19 days before).
    static let twoServices = """
        client,date,amount,category
        K,2024-05-26,10.00,cut
        K,2024-09-03,10.00,cut
        K,2024-12-12,10.00,cut
        K,2025-05-28,5.00,colour
        K,2025-06-04,5.00,colour
        K,2025-06-11,5.00,colour
        Z,2025-06-30,1.00,cut

        """

    @Test("next_expected is the deciding pair's last purchase + cycle; lost_since the latest of the pairs' loss days")
    func serviceModeDates() throws {
        let analysis = try analyze(Self.twoServices)
        let k = try #require(analysis.clients.records.first { analysis.names.clients.string(Int($0.client)) == "K" })
        // K is A (35.00 of 36.00) and Z (its main service, the cut, has two rates only): tier 2.
        // Lost for both: the cut (200 > 150) and the colour (19 > 10.5). The cut decides
        // (200 / 100 = 2 < 19 / 7 = 2.7): cycle 100, recency 200, due back 2024-12-12 + 100.
        #expect(k.status == .lost && k.cycle == 100 && k.recency == 200)
        #expect(Day(daysSince1970: Int(analysis.nextExpected(k))) == Day(iso: "2025-03-22"))
        // The cut was lost from 2024-12-12 + 151 = 2025-05-12, the colour from 2025-06-11 + 11
        // = 2025-06-22: only then was K lost for every service.
        #expect(analysis.lostSince(k, perService: false).map { Day(daysSince1970: Int($0)) } == Day(iso: "2025-06-22"))
        let csv = try analysis.text(.services, as: .csv, content: ListingContent(extended: true))
        #expect(csv.contains("\nK,colour,3,2025-05-28,2025-06-11,7,19,lost,15.00,15.00,2,A,Z,,2025-06-18,2025-06-22\n"))
        #expect(csv.contains("\nK,cut,3,2024-05-26,2024-12-12,100,200,lost,30.00,30.00,2,A,Z,,2025-03-22,2025-05-12\n"))
    }

    @Test("A selection naming a manager the data does not have is an error listing the managers")
    func unknownManager() throws {
        let analysis = try TransactionTable(contentsOfFile: fixtures.appendingPathComponent("example/transactions.csv").path)
            .analyze()
        var selection = WinBackSelection()
        selection.managers = ["Bob"]
        #expect(throws: OptionsError(option: "--manager", requirement: "one of the managers in the data (Anna, Boris, "
            + "or '(none)'); no manager is named 'Bob'")) {
            try analysis.count(of: selection, in: .winBack)
        }
        selection.managers = ["Boris", nil]
        #expect(try analysis.count(of: selection, in: .winBack) == (5, 9))  // Ivy, Jon, Gus; Smith, Eve
    }
}
