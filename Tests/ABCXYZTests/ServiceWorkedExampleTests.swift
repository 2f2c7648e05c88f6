import ABCXYZ
import Foundation
import Testing

/// The salon of fixtures/salon/ (SPEC §13's worked example): its four listings
/// byte for byte, and every figure of its README in the report.
/// Counts compared as one array (the failure shows them all).
private func counts(_ values: Int...) -> [Int] { values }

@Suite("The salon worked example of SPEC §13")
struct ServiceWorkedExampleTests {
    func salon() throws -> Analysis {
        try TransactionTable(contentsOfFile: fixtures.appendingPathComponent("salon/transactions.csv").path).analyze()
    }

    @Test("classify, winback, services and winback --by service equal the example's files byte for byte")
    func goldenOutputs() throws {
        let analysis = try salon()
        #expect(analysis.cycles == .service)  // the file has a category column
        #expect(analysis.text(.clients, as: .csv) == (try fixture("salon/classify.csv")))
        #expect(analysis.text(.winBack, as: .csv) == (try fixture("salon/winback.csv")))
        #expect(analysis.text(.services, as: .csv) == (try fixture("salon/services.csv")))
        #expect(analysis.text(.serviceWinBack, as: .csv) == (try fixture("salon/winback-services.csv")))
    }

    @Test("With --cycles client the population cycle (35 days) calls Bella lost")
    func clientCycles() throws {
        var options = AnalysisOptions()
        options.cycles = .client
        let table = try TransactionTable(contentsOfFile: fixtures.appendingPathComponent("salon/transactions.csv").path)
        let analysis = try table.analyze(options)
        let bella = try analysis.client("Bella")
        #expect(analysis.populationCycleDays == 35)
        #expect((bella.cycleDays, bella.status) == (35, .lost))
    }

    /// The README's per-service table, row by row:
    /// service, cycle, d0, pairs, active, at risk, lost, value lost (minor units), CS, CE, CN, churned,
    /// churn, CRR, returned, previous buyers, lost rate.
    struct Row: Sendable {
        var service: String, cycle: Double, start: String
        var pairs: Int, active: Int, atRisk: Int, lost: Int, ltvLoss: Int64
        var cs: Int, ce: Int, cn: Int, churned: Int, churn: Double?, crr: Double?
        var returned: Int, previous: Int, lostRate: Double
    }

    static let services: [Row] = [
        Row(service: "", cycle: 35, start: "2025-05-12", pairs: 1, active: 0, atRisk: 0, lost: 1, ltvLoss: 300_000,
            cs: 0, ce: 0, cn: 0, churned: 0, churn: nil, crr: nil, returned: 0, previous: 0, lostRate: 1),
        Row(service: "Botox", cycle: 178.5, start: "2024-12-19", pairs: 3, active: 2, atRisk: 1, lost: 0,
            ltvLoss: 2_450_000, cs: 3, ce: 3, cn: 0, churned: 0, churn: 0, crr: 1, returned: 2, previous: 3, lostRate: 0),
        Row(service: "Haircut", cycle: 41, start: "2025-05-06", pairs: 5, active: 3, atRisk: 2, lost: 0,
            ltvLoss: 2_400_000, cs: 4, ce: 5, cn: 1, churned: 0, churn: 0, crr: 1, returned: 2, previous: 4, lostRate: 0),
        Row(service: "Manicure", cycle: 20.5, start: "2025-05-26", pairs: 3, active: 1, atRisk: 0, lost: 2,
            ltvLoss: 2_275_000, cs: 0, ce: 1, cn: 1, churned: 0, churn: nil, crr: nil, returned: 0, previous: 0,
            lostRate: 2.0 / 3),
        Row(service: "Massage, 60 min", cycle: 14, start: "2025-06-02", pairs: 1, active: 1, atRisk: 0, lost: 0,
            ltvLoss: 0, cs: 1, ce: 1, cn: 0, churned: 0, churn: 0, crr: 1, returned: 1, previous: 1, lostRate: 0),
    ]

    @Test("The report's per-service and per-master figures are the README's")
    func serviceFigures() throws {
        let report = try salon().report()
        let services = try #require(report.services)
        #expect(services.map(\.service) == Self.services.map(\.service))
        for (figures, row) in zip(services, Self.services) {
            let m = figures.metrics
            #expect(figures.cycleDays == row.cycle, "\(row.service)")
            #expect(m.start == day(row.start) && m.end == day("2025-06-16"), "\(row.service)")
            #expect(counts(figures.pairs, figures.active, figures.atRisk, figures.lost) == counts(row.pairs, row.active, row.atRisk, row.lost),
                    "\(row.service)")
            #expect(figures.ltvLoss == Money(minorUnits: row.ltvLoss), "\(row.service)")
            #expect(counts(m.customersAtStart, m.customersAtEnd, m.customersWon, m.churned) == counts(row.cs, row.ce, row.cn, row.churned),
                    "\(row.service)")
            #expect(m.churnRate == row.churn && m.retentionRate == row.crr, "\(row.service)")
            #expect((m.returned, m.previousBuyers) == (row.returned, row.previous), "\(row.service)")
            #expect(figures.lostRate == row.lostRate, "\(row.service)")
        }
        // Haircut: Masha CS 2, churned 0, returned 0 of 2, 3 pairs, 0 lost, 24 000.00;
        //          Olga CS 2, churned 0, returned 2 of 2, 2 pairs, 0 lost, 0.00.
        let haircut = services[2].masters
        #expect(haircut.map(\.name) == ["Masha", "Olga"])
        #expect(haircut.map { [$0.metrics.customersAtStart, $0.metrics.churned, $0.metrics.returned,
                               $0.metrics.previousBuyers, $0.pairs, $0.lost] } == [[2, 0, 0, 2, 3, 0], [2, 0, 2, 2, 2, 0]])
        #expect(haircut.map(\.ltvLoss) == [Money(minorUnits: 2_400_000), .zero])
        // Manicure: Anna 1 pair, 1 lost (100%), 11 050.00; Iryna 2 pairs, 1 lost (50%), 11 700.00.
        let manicure = services[3].masters
        #expect(manicure.map(\.name) == ["Anna", "Iryna"])
        #expect(manicure.map { [$0.pairs, $0.lost] } == [[1, 1], [2, 1]])
        #expect(manicure.map(\.lostRate) == [1, 0.5])
        #expect(manicure.map(\.ltvLoss) == [Money(minorUnits: 1_105_000), Money(minorUnits: 1_170_000)])
    }

    @Test("The business as a whole and the lost rate per manager are the README's")
    func businessFigures() throws {
        let report = try salon().report()
        let m = report.period
        #expect(m.start == day("2025-05-16") && m.end == day("2025-06-16"))
        #expect(counts(m.customersAtStart, m.customersAtEnd, m.customersWon, m.churned) == counts(7, 8, 1, 0))
        #expect(m.churnRate == 0 && m.retentionRate == 1 && m.returnRate == 0.6)
        #expect((m.returned, m.previousBuyers) == (3, 5))
        let managers = Dictionary(uniqueKeysWithValues: report.managers.map { ($0.name ?? "(none)", ($0.lost, $0.clients)) })
        #expect(managers.mapValues { [$0.0, $0.1] }
            == ["Anna": [1, 1], "Dr. Petrov": [0, 2], "Masha": [0, 3], "Iryna": [0, 1], "Olga": [0, 1], "(none)": [0, 1]])
        #expect(report.managers.first { $0.name == "Anna" }?.lostRate == 1)
    }

    @Test("The report JSON carries the services array with exactly the keys of the brief, and the README's values")
    func json() throws {
        let text = try salon().report().text(as: .json)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        let services = try #require(json["services"] as? [[String: Any]])
        #expect(Set(services[0].keys) == [
            "service", "cycle_days", "period", "pairs", "active", "at_risk", "lost", "ltv_loss", "customers_at_start",
            "customers_at_end", "new_customers", "reactivated", "churned", "churn_rate", "retention_rate",
            "previous_buyers", "returned", "return_rate", "lost_rate", "masters",
        ])
        let master = try #require((services[0]["masters"] as? [[String: Any]])?.first)
        #expect(Set(master.keys) == [
            "master", "customers_at_start", "churned", "previous_buyers", "returned", "return_rate", "churn_rate",
            "pairs", "active", "at_risk", "lost", "ltv_loss", "lost_rate",
        ])
        #expect(master["master"] is NSNull && services[0]["service"] as? String == "")
        // Every figure of the README, as JSON spells it.
        for (object, row) in zip(services, Self.services) {
            let period = try #require(object["period"] as? [String: Any])
            #expect(object["service"] as? String == row.service)
            #expect(object["cycle_days"] as? Double == row.cycle)
            #expect(period["start"] as? String == row.start && period["end"] as? String == "2025-06-16")
            #expect([object["pairs"], object["active"], object["at_risk"], object["lost"]].map { $0 as? Int }
                == [row.pairs, row.active, row.atRisk, row.lost])
            #expect(object["ltv_loss"] as? Double == Double(row.ltvLoss) / 100)
            #expect([object["customers_at_start"], object["customers_at_end"], object["churned"], object["returned"],
                     object["previous_buyers"]].map { $0 as? Int } == [row.cs, row.ce, row.churned, row.returned, row.previous])
            #expect((object["new_customers"] as? Int ?? -1) + (object["reactivated"] as? Int ?? -1) == row.cn)
            #expect(object["churn_rate"] as? Double == row.churn && object["retention_rate"] as? Double == row.crr)
            #expect((object["lost_rate"] as? Double).map { abs($0 - row.lostRate) < 5e-7 } == true)
        }
        #expect(services[1]["return_rate"] as? Double == 0.666667)
        #expect(text.contains("\"lost_rate\": 0.666667"))
        let managers = try #require(json["managers"] as? [[String: Any]])
        #expect(managers.first { $0["manager"] as? String == "Anna" }?["lost_rate"] as? Double == 1)
    }

    @Test("The terminal report shows the README's figures in its Services section")
    func table() throws {
        let text = try salon().report().text(as: .table)
        let section = try #require(text.range(of: "SERVICES")).upperBound
        let services = String(text[section...])
        for line in [
            "(none)              35  (2025-05-12, 2025-06-16]      1       0        0     1    3 000.00         0       0",
            "Botox            178.5  (2024-12-19, 2025-06-16]      3       2        1     0   24 500.00         3       3",
            "Haircut             41  (2025-05-06, 2025-06-16]      5       3        2     0   24 000.00         4       5",
            "Manicure          20.5  (2025-05-26, 2025-06-16]      3       1        0     2   22 750.00         0       1",
            "Massage, 60 min     14  (2025-06-02, 2025-06-16]      1       1        0     0        0.00         1       1",
        ] {
            #expect(services.contains(line), "\(line)")
        }
        for figure in ["66.7% (2 of 3)", "50.0% (2 of 4)", "100.0% (1 of 1)", "66.7% (2 of 3)", "100.0% (1 of 1)",
                       "undefined (0 of 0)"] {
            #expect(services.contains(figure), "\(figure)")
        }
        // Master rows, with runs of spaces read as one: service, master, CS, churned, churn, return, pairs,
        // active, at risk, lost, value lost, lost rate.
        let squeezed = services.split(separator: "\n").map { $0.split(separator: " ").joined(separator: " ") }
        #expect(squeezed.contains("Haircut Masha 2 0 0.0% 0.0% (0 of 2) 3 1 2 0 24 000.00 0.0% (0 of 3)"))
        #expect(squeezed.contains("Haircut Olga 2 0 0.0% 100.0% (2 of 2) 2 2 0 0 0.00 0.0% (0 of 2)"))
        #expect(services.contains("Manicure         Anna   "))
        #expect(services.contains("11 050.00  100.0% (1 of 1)") && services.contains("11 700.00   50.0% (1 of 2)"))
        #expect(text.contains("Customers at the start 7, at the end 8, won 1 (new 1, reactivated 0), churned 0."))
        #expect(text.contains("Churn rate 0.0% · retention (CRR) 100.0% · return rate 60.0% (3 of 5)."))
        #expect(text.contains("100.0% (1 of 1)") && text.contains("0.0% (0 of 3)"))
    }
}
