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
        #expect(json["abc_measure"] as? String == "annual-value" && json["xyz_measure"] as? String == "rate")
        // cells: clients (window revenue, at-risk + lost, value lost)
        let expected: [String: (Int, Double, Int, Double)] = [
            "AX": (2, 17750, 1, 7500), "AY": (1, 6600, 1, 10900), "AZ": (1, 5000, 1, 5000), "BX": (2, 2000, 2, 2000),
            "BY": (0, 0, 0, 0), "BZ": (2, 750, 2, 3150), "CX": (1, 302, 1, 302), "CY": (0, 0, 0, 0),
            "CZ": (4, 1375.97, 1, 620),
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
        // Z clients: erratic / too short a history for a cv.
        let columns = try #require((json["matrix"] as? [String: Any])?["columns"] as? [[String: Any]])
        let z = try #require(columns.first { $0["xyz"] as? String == "Z" })
        #expect(z["clients"] as? Int == 7 && z["erratic"] as? Int == 2 && z["short_history"] as? Int == 5)
        // Value lost by tier (clients), and split by when it went.
        let loss = try #require(json["ltv_loss"] as? [String: Any])
        let tiers = try #require(loss["by_tier"] as? [[String: Any]])
        #expect(tiers.map { $0["ltv_loss"] as? Double } == [18400, 7000, 3452, 620])
        #expect(tiers.map { $0["clients"] as? Int } == [2, 3, 3, 1])
        func split(_ key: String) -> (Int?, Double?) {
            let part = loss[key] as? [String: Any]
            return (part?["clients"] as? Int, part?["ltv_loss"] as? Double)
        }
        // Hal at risk; Bolt, Dan, Ivy, Jon, Gus, Eve, Smith lost within the window; Old gone since 2023.
        #expect(split("at_risk") == (1, 7500) && split("lost_in_window") == (7, 19572))
        #expect(split("lost_before_window") == (1, 2400))
        #expect(loss["in_window"] as? Double == 27072 && loss["lost_once_only"] as? Int == 1)
        let period = try #require(json["period"] as? [String: Any])
        #expect(period["start"] as? String == "2025-05-30" && period["end"] as? String == "2025-06-30")
        #expect(period["customers_at_start"] as? Int == 5 && period["customers_at_end"] as? Int == 5)
        #expect(period["customers_won"] as? Int == 1 && period["churned"] as? Int == 1)
        #expect(period["new_customers"] as? Int == 1 && period["reactivated"] as? Int == 0)
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
        // Shares are of T = 42 477.97 (annual values): AX (12 250 + 7 500) / T = 46.5 %, and so on.
        for fragment in ["84 rows read = 84 accepted + 0 rejected", "13 with a purchase day, 1 without",
                         "Population purchase cycle: 31 days", "rest of yearly value",
                         "42 477.97 in all", "Z: 7 clients, 2 erratic and 5 with too short a history for a cv",
                         "cell clients window revenue share",
                         "AX 2 17 750.00 46.5% 1 1 0 7 500.00", "AY 1 6 600.00 25.7% 0 0 1 10 900.00",
                         "AZ 1 5 000.00 11.8% 0 0 1 5 000.00", "BX 2 2 000.00 4.7% 0 0 2 2 000.00",
                         "BY 0 0.00 0.0% 0 0 0 0.00", "BZ 2 750.00 7.4% 0 0 2 3 150.00", "CX 1 302.00 0.7% 0 0 1 302.00",
                         "CY 0 0.00 0.0% 0 0 0 0.00", "CZ 4 1 375.97 3.2% 3 0 1 620.00",
                         "This window's loss: 27 072.00 of yearly value, 7 500.00 at risk (1 client) and "
                             + "19 572.00 lost within the window (7 clients)",
                         "Long gone, lost before the window began: 2 400.00 (1 client)",
                         "1 of the 8 lost clients bought once only",
                         "1 win back first 2 18 400.00", "2 must win back 3 7 000.00",
                         "3 win back if possible 3 3 452.00", "4 let go 1 620.00", "total 9 29 472.00",
                         "Period 2025-05-31 to 2025-06-30",
                         "at the start 5, at the end 5, won 1 (new 1, reactivated 0), churned 1",
                         "Churn rate 20.0% · retention (CRR) 80.0% · return rate 75.0% (3 of 4)",
                         "Anna 2 0 0.0% 0 100.0% 100.0% (1 of 1) 1 3 25 800.00",
                         "Boris 2 0 0.0% 0 100.0% 100.0% (2 of 2) 0 3 2 750.00",
                         "(none) 1 1 100.0% 1 0.0% 0.0% (0 of 1) 0 2 922.00"] {
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
        #expect(table.contains("Boris 0 0 undefined 0 undefined undefined (0 of 0) 0 1 400.00"))
    }

    /// As-of 2025-06-30, reported over the year (d0 = 2024-06-30). K buys monthly throughout; C monthly
    /// until 2024-06-10; R bought three times in early 2023, then again in June 2025; N first bought in
    /// May 2025; L once, in 2022.
    static let reactivation = """
        client,date,amount
        K,2024-01-15,100.00
        K,2024-02-15,100.00
        K,2024-03-15,100.00
        K,2024-04-15,100.00
        K,2024-05-15,100.00
        K,2024-06-15,100.00
        K,2024-09-15,100.00
        K,2024-12-15,100.00
        K,2025-03-15,100.00
        K,2025-06-15,100.00
        C,2024-01-10,100.00
        C,2024-02-10,100.00
        C,2024-03-10,100.00
        C,2024-04-10,100.00
        C,2024-05-10,100.00
        C,2024-06-10,100.00
        R,2023-01-05,100.00
        R,2023-02-05,100.00
        R,2023-03-05,100.00
        R,2025-06-01,100.00
        R,2025-06-20,100.00
        N,2025-05-01,100.00
        N,2025-06-01,100.00
        L,2022-05-01,100.00

        """

    @Test("CN counts reactivated clients as well as new ones, so CRR + churn rate = 1 over a year")
    func reactivatedClientsOverAYear() throws {
        var options = AnalysisOptions()
        options.asOf = day("2025-06-30")
        let report = try TransactionTable(csv: Array(Self.reactivation.utf8)).analyze(options).report(period: .year)
        // At d0 = 2024-06-30: K (recency 15, cycle 31) and C (recency 20, cycle 31) are customers; R (own cycle
        //   29.5, silent 483 days) and L (one purchase, 791 days before) are lost; N has not bought: CS = 2.
        // At d1: K (recency 15; intervals 31, 29, 31, 30, 31, 92, 91, 90, 92: cycle 31) is active; C is lost
        //   (churned); R (intervals 31, 28, 819, 19: cycle 29.5, recency 10) is back; N (recency 29, population
        //   cycle 31) is new; L still lost: CE = 3, CN = 2 (1 new, 1 reactivated).
        let metrics = report.period
        #expect((metrics.customersAtStart, metrics.customersAtEnd, metrics.churned) == (2, 3, 1))
        #expect((metrics.newCustomers, metrics.reactivated, metrics.customersWon) == (1, 1, 2))
        // CRR = (3 − 2) / 2 = 50 %, churn 1 / 2 = 50 %: together 100 % (counting R as retained gave 100 % + 50 %).
        #expect(metrics.retentionRate == 0.5 && metrics.churnRate == 0.5)
        #expect(metrics.retentionRate! + metrics.churnRate! == 1)
        // The 365 days before d0, (2023-07-01, 2024-06-30]: K and C bought; K again this year.
        #expect((metrics.previousBuyers, metrics.returned) == (2, 1))
        let json = report.text(as: .json)
        #expect(json.contains("\"customers_won\": 2,\"new_customers\": 1,\"reactivated\": 1,\"churned\": 1"))
        #expect(Self.squeezed(report.text(as: .table)).contains("won 2 (new 1, reactivated 1), churned 1"))
    }

    @Test("Value lost is split into at risk, lost within the window and long gone; the headline leaves the long gone out")
    func valueLostByWhenItWent() throws {
        // As-of 2025-06-30; the window opens after 2024-06-30. Own cycles: G 30.5, W 30.5, A 30; population 30.5.
        // G: last bought 2024-05-01, 60 days before the window (> 1.5 × 30.5): lost before it, long gone.
        // W: last bought 2024-06-20, 10 days before the window: lost within it, though it spent nothing in it.
        // O: one purchase in January 2025, lost (171 > 45.75) within the window. A: recency 40, at risk.
        let data = csv("G,2024-03-01,100.00", "G,2024-04-01,100.00", "G,2024-05-01,100.00",
                       "W,2024-04-20,100.00", "W,2024-05-20,100.00", "W,2024-06-20,100.00",
                       "O,2025-01-10,200.00",
                       "A,2025-03-22,100.00", "A,2025-04-21,100.00", "A,2025-05-21,100.00",
                       "Now,2025-06-30,1.00")
        let report = try analyze(data).report()
        #expect(report.atRisk == Report.LossFigures(clients: 1, ltvLoss: Money(minorUnits: 30_000)))
        #expect(report.lostInWindow == Report.LossFigures(clients: 2, ltvLoss: Money(minorUnits: 50_000)))
        #expect(report.lostBeforeWindow == Report.LossFigures(clients: 1, ltvLoss: Money(minorUnits: 30_000)))
        #expect(report.lostOnceOnly == 1)
        #expect(report.ltvLossInWindow == Money(minorUnits: 80_000) && report.totalLTVLoss == Money(minorUnits: 110_000))
        let table = Self.squeezed(report.text(as: .table))
        #expect(table.contains("This window's loss: 800.00 of yearly value, 300.00 at risk (1 client) and 500.00 lost "
            + "within the window (2 clients)."))
        #expect(table.contains("Long gone, lost before the window began: 300.00 (1 client)"))
        #expect(table.contains("1 of the 3 lost clients bought once only."))
        #expect(!table.contains("at risk or gone"))
        // The page's headline tile is this window's loss, not the total with the long gone summed in.
        let html = report.text(as: .html)
        #expect(html.contains("<span class=\"value\">800.00</span><span class=\"label\">at risk + lost in the window</span>"))
        #expect(!html.contains("<span class=\"value\">1 100.00</span>"))
    }

    @Test("Z clients are counted apart, erratic and too short a history, in Markdown and HTML too")
    func zCountedApartInEveryFormat() throws {
        let report = try BundledExample.table().analyze().report()
        let line = "Z: 7 clients, 2 erratic and 5 with too short a history for a cv."
        #expect(report.text(as: .markdown).contains(line))
        // The page wraps each figure in a span that keeps it on one line.
        let html = report.text(as: .html).replacingOccurrences(of: "<span class=\"fig\">", with: "")
            .replacingOccurrences(of: "</span>", with: "")
        #expect(html.contains("<p>" + line + "</p>"))
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
        #expect(markdown.contains("| cell | clients | window revenue |"))
    }
}
