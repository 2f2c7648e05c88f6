@testable import ABCXYZ
import Foundation
import Testing

@Suite("The report (SPEC §8 and the worked example's figures)")
struct ReportTests {
    @Test("Every figure of the worked example's README appears, exact, in the JSON")
    func exampleFiguresInJSON() throws {
        let report = try BundledExample.table().analyze().report()
        let json = try #require(try JSONSerialization.jsonObject(with: Data(report.text(as: .json).utf8)) as? [String: Any])
        let ingest = try #require(json["ingest"] as? [String: Any])
        #expect(ingest["rows_read"] as? Int == 84 && ingest["accepted"] as? Int == 84 && ingest["rejected"] as? Int == 0)
        #expect(ingest["clients_with_purchases"] as? Int == 13 && ingest["clients_without_purchases"] as? Int == 1)
        #expect(json["population_cycle_days"] as? Int == 31)
        #expect((json["ltv_loss"] as? [String: Any])?["total"] as? Double == 29472)
        // cells: clients (revenue, at-risk + lost, value lost)
        let expected: [String: (Int, Double, Int, Double)] = [
            "AX": (1, 12250, 0, 0), "AY": (1, 6600, 1, 10900), "AZ": (2, 10500, 2, 12500), "BX": (2, 2000, 2, 2000),
            "BY": (0, 0, 0, 0), "BZ": (1, 750, 1, 750), "CX": (1, 302, 1, 302), "CY": (1, 545.97, 0, 0),
            "CZ": (4, 830, 2, 3020),
        ]
        let cells = try #require((json["matrix"] as? [String: Any])?["cells"] as? [[String: Any]])
        #expect(cells.count == 9)
        for cell in cells {
            let name = "\(cell["abc"]!)\(cell["xyz"]!)"
            let (clients, revenue, leaving, loss) = try #require(expected[name])
            #expect(cell["clients"] as? Int == clients, "\(name)")
            #expect(cell["revenue"] as? Double == revenue, "\(name)")
            #expect((cell["at_risk"] as? Int ?? -1) + (cell["lost"] as? Int ?? -1) == leaving, "\(name)")
            #expect(cell["ltv_loss"] as? Double == loss, "\(name)")
        }
        let period = try #require(json["period"] as? [String: Any])
        #expect(period["start"] as? String == "2025-05-30" && period["end"] as? String == "2025-06-30")
        #expect(period["customers_at_start"] as? Int == 5 && period["customers_at_end"] as? Int == 5)
        #expect(period["new_customers"] as? Int == 1 && period["churned"] as? Int == 1)
        #expect(period["churn_rate"] as? Double == 0.2 && period["retention_rate"] as? Double == 0.8)
        #expect(period["return_rate"] as? Double == 0.75)
        #expect(period["returned"] as? Int == 3 && period["previous_buyers"] as? Int == 4)
        let managers = try #require(json["managers"] as? [[String: Any]])
        let rows = managers.map { ($0["manager"] as? String ?? "(none)", $0["customers_at_start"] as? Int,
                                   $0["churned"] as? Int, $0["churn_rate"] as? Double, $0["ltv_loss"] as? Double) }
        #expect(rows.map(\.0) == ["Anna", "Boris", "(none)"])
        #expect(rows.map(\.1) == [2, 2, 1] && rows.map(\.2) == [0, 0, 1] && rows.map(\.3) == [0, 0, 1])
        #expect(rows.map(\.4) == [25800, 2750, 922])
    }

    @Test("…and in the terminal table")
    func exampleFiguresInTable() throws {
        // Columns are compared with runs of spaces made one, so widths do not matter.
        let text = Self.squeezed(try BundledExample.table().analyze().report().text(as: .table))
        for fragment in ["84 rows read = 84 accepted + 0 rejected", "13 with a purchase day, 1 without",
                         "Population purchase cycle: 31 days", "29 472.00 of yearly value",
                         "AX 1 12 250.00 36.3% 1 0 0 0.00", "AY 1 6 600.00 19.5% 0 0 1 10 900.00",
                         "AZ 2 10 500.00 31.1% 0 1 1 12 500.00", "BX 2 2 000.00 5.9% 0 0 2 2 000.00",
                         "BY 0 0.00 0.0% 0 0 0 0.00", "BZ 1 750.00 2.2% 0 0 1 750.00", "CX 1 302.00 0.9% 0 0 1 302.00",
                         "CY 1 545.97 1.6% 1 0 0 0.00", "CZ 4 830.00 2.5% 2 0 2 3 020.00",
                         "Period 2025-05-31 to 2025-06-30", "at the start 5, at the end 5, new 1, churned 1",
                         "Churn rate 20.0% · retention (CRR) 80.0% · return rate 75.0% (3 of 4)",
                         "Anna 2 0 0.0% 2 0 100.0% 100.0% (1 of 1) 1 3 25 800.00",
                         "Boris 2 0 0.0% 2 0 100.0% 100.0% (2 of 2) 0 3 2 750.00",
                         "(none) 1 1 100.0% 1 1 0.0% 0.0% (0 of 1) 0 2 922.00"] {
            #expect(text.contains(fragment), "missing: \(fragment)")
        }
    }

    /// P: Anna's monthly buyer moved to Boris on 06-10 (a manager change inside the period).
    /// R: Boris's fortnightly buyer who stopped in April. Q: no manager, two purchases in May.
    /// S: Anna's new client in June. As-of 2025-06-30; the period is (2025-05-30, 2025-06-30].
    static let managers = """
        client,date,amount,manager
        P,2025-01-10,100.00,Anna
        P,2025-02-10,100.00,Anna
        P,2025-03-10,100.00,Anna
        P,2025-04-10,100.00,Anna
        P,2025-05-10,100.00,Anna
        P,2025-06-10,100.00,Boris
        R,2025-03-01,100.00,Boris
        R,2025-03-15,100.00,Boris
        R,2025-03-29,100.00,Boris
        R,2025-04-12,100.00,Boris
        Q,2025-05-01,50.00,
        Q,2025-05-20,50.00,
        S,2025-06-05,80.00,Anna

        """

    @Test("Per-manager figures, by hand: a manager change inside the period and a client with no manager")
    func managersByHand() throws {
        var options = AnalysisOptions()
        options.asOf = day("2025-06-30")
        let report = try TransactionTable(csv: Array(Self.managers.utf8)).analyze(options).report()
        // At d0 = 05-30: own cycles P 30.5 (31, 28, 31, 30), R 14; population 22.25.
        //   P active (recency 20), R lost (48 > 21), Q active (10 ≤ 22.25): CS = 2.
        // At d1 = 06-30: own cycles P 31, R 14; population 22.5. P active (20), Q lost (41 > 33.75),
        //   S at risk (25 ≤ 33.75), R lost: CE = 2, CN = 1 (S), churned = 1 (Q).
        // Previous period (04-29, 05-30]: P and Q bought; P again in June.
        let total = report.period
        #expect((total.customersAtStart, total.customersAtEnd, total.newCustomers, total.churned) == (2, 2, 1, 1))
        #expect(total.churnRate == 0.5 && total.retentionRate == 0.5 && total.returnRate == 0.5)
        #expect(total.previousStart == day("2025-04-29"))
        let byName = Dictionary(uniqueKeysWithValues: report.managers.map { ($0.name ?? "(none)", $0) })
        #expect(report.managers.map { $0.name ?? "(none)" } == ["Anna", "Boris", "(none)"])
        let anna = try #require(byName["Anna"]), boris = try #require(byName["Boris"]), none = try #require(byName["(none)"])
        // Anna had P at d0 (not churned) and has S at d1 (new); P bought before and after.
        #expect((anna.metrics.customersAtStart, anna.metrics.churned, anna.metrics.customersAtEnd, anna.metrics.newCustomers) == (1, 0, 1, 1))
        #expect(anna.metrics.churnRate == 0 && anna.metrics.retentionRate == 0 && anna.metrics.returnRate == 1)
        // Boris had no customer at d0 (R was lost), so his rates are undefined; P is his at d1.
        #expect((boris.metrics.customersAtStart, boris.metrics.customersAtEnd) == (0, 1))
        #expect(boris.metrics.churnRate == nil && boris.metrics.retentionRate == nil && boris.metrics.returnRate == nil)
        // No manager: Q, a customer at d0, lost at d1; bought before, not after.
        #expect((none.metrics.customersAtStart, none.metrics.churned, none.metrics.customersAtEnd) == (1, 1, 0))
        #expect(none.metrics.churnRate == 1 && none.metrics.returnRate == 0)
        // Value lost by manager at as-of: S at risk (Anna, 80.00), R lost (Boris, 400.00), Q lost (none, 100.00).
        #expect((anna.clients, anna.atRisk, anna.ltvLoss) == (1, 1, Money(minorUnits: 8_000)))
        #expect((boris.clients, boris.lost, boris.ltvLoss) == (2, 1, Money(minorUnits: 40_000)))
        #expect((none.clients, none.lost, none.ltvLoss) == (1, 1, Money(minorUnits: 10_000)))
        // Sums over managers equal the totals.
        #expect(report.managers.reduce(0) { $0 + $1.metrics.customersAtStart } == total.customersAtStart)
        #expect(report.managers.reduce(Money.zero) { $0 + $1.ltvLoss } == report.totalLTVLoss)
        let table = Self.squeezed(report.text(as: .table))
        #expect(table.contains("Boris 0 0 undefined 1 0 undefined undefined (0 of 0) 0 1 400.00"))
    }

    static func squeezed(_ text: String) -> String {
        text.split(separator: " ", omittingEmptySubsequences: true).joined(separator: " ")
    }

    @Test("Reporting periods: a quarter, a year and explicit days; undefined rates stay undefined")
    func periods() throws {
        let analysis = try BundledExample.table().analyze()
        #expect(try analysis.report(period: .quarter).period.start == day("2025-03-30"))
        #expect(try analysis.report(period: .year).period.start == day("2024-06-30"))
        let june = try analysis.report(period: .days(from: day("2025-06-01"), through: day("2025-06-15"))).period
        #expect(june.start == day("2025-05-31") && june.end == day("2025-06-15"))
        #expect(june.previousStart == day("2025-05-16"))  // the 15 days before
        // Before any client bought, there is no customer: every rate is undefined.
        let empty = try analysis.report(period: .days(from: day("2023-01-01"), through: day("2023-01-31"))).period
        #expect(empty.customersAtStart == 0 && empty.churnRate == nil && empty.retentionRate == nil && empty.returnRate == nil)
        let json = try analysis.report(period: .days(from: day("2023-01-01"), through: day("2023-01-31"))).text(as: .json)
        #expect(json.contains("\"churn_rate\": null"))
        #expect(throws: OptionsError.self) { try analysis.report(period: .days(from: day("2025-06-02"), through: day("2025-06-01"))) }
    }

    @Test("Statuses at the period's end equal the classifier's at as-of, on generated data", arguments: [UInt64(3), 8])
    func periodPassAgreesWithClassifier(seed: UInt64) throws {
        let text = ExportGenerator.make(seed: seed, rows: 2_000)
        let analysis = try TransactionTable(csv: Array(text.utf8)).analyze(threads: 2)
        let metrics = PeriodMetrics(start: analysis.asOf.addingMonths(-1), end: analysis.asOf,
                                    previousStart: analysis.asOf.addingMonths(-2))
        let pass = PeriodPass(metrics, options: analysis.options, threads: 2)
        let statuses = pass.statuses(pass.standings(analysis.histories)).atEnd
        for record in analysis.clients.records {
            #expect(statuses[Int(record.client)] == record.status)
        }
    }

    @Test("The HTML page is self-contained and escapes ids")
    func htmlSafety() throws {
        // Both clients are lost by as-of, so both are on the win-back list the page shows.
        let data = "client,date,amount\n\"<script>alert(1)</script>\",2024-06-01,10.00\nB&Co,2024-06-02,5.00\n"
            + "Now,2025-06-30,1.00\n"
        let html = try TransactionTable(csv: Array(data.utf8)).analyze().report().text(as: .html)
        #expect(!html.contains("<script"))
        #expect(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;") && html.contains("B&amp;Co"))
        let external = html.components(separatedBy: "http").dropFirst().filter { !$0.hasPrefix("://www.w3.org/2000/svg") }
        #expect(external.isEmpty)
        for forbidden in ["<link", "@import", "url(", "<img", "<iframe"] { #expect(!html.contains(forbidden)) }
        #expect(html.hasPrefix("<!doctype html>") && html.hasSuffix("</html>\n"))
    }

    @Test("Markdown tables keep ids with pipes and stars literal")
    func markdownEscaping() throws {
        let data = "client,date,amount\n\"a|b*c\",2024-06-01,10.00\nNow,2025-06-30,1.00\n"
        let markdown = try TransactionTable(csv: Array(data.utf8)).analyze().report().text(as: .markdown)
        #expect(markdown.contains("a\\|b\\*c"))
        #expect(markdown.contains("| cell | clients | revenue |"))
    }
}
