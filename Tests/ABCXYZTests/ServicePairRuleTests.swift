import ABCXYZ
import Foundation
import Testing

/// SPEC §13's pair rules on small data sets worked out by hand.
@Suite("Client × service pairs (SPEC §13), by hand")
struct ServicePairRuleTests {
    static let asOf = day("2025-06-30")

    /// `client,date,amount,manager,category` rows, `count` visits of `service`
    /// every `gap` days, the last `daysAgo` days before as-of.
    static func visits(_ client: String, _ service: String, count: Int, gap: Int, lastDaysAgo: Int,
                       amount: String = "100.00") -> [String] {
        (0..<count).map { k in
            "\(client),\(asOf.addingDays(-lastDaysAgo - gap * (count - 1 - k))),\(amount),,\(service)"
        }
    }

    static func analyze(_ rows: [String], cycles: CycleBasis? = nil) throws -> Analysis {
        var options = AnalysisOptions()
        options.asOf = asOf
        options.cycles = cycles
        let text = "client,date,amount,manager,category\n" + rows.joined(separator: "\n") + "\n"
        return try TransactionTable(csv: Array(text.utf8), name: "pairs.csv").analyze(options, threads: 2)
    }

    func pair(_ analysis: Analysis, _ client: String, _ service: String) throws -> ServicePairResult {
        try #require(analysis.servicePairs.first { $0.client == client && $0.service == service },
                     "no pair \(client) × \(service)")
    }

    /// Haircuts every 30 days for three clients: the population cycle is 30.
    static let haircuts = visits("H1", "Haircut", count: 4, gap: 30, lastDaysAgo: 3)
        + visits("H2", "Haircut", count: 4, gap: 30, lastDaysAgo: 10)
        + visits("H3", "Haircut", count: 4, gap: 30, lastDaysAgo: 20)

    @Test("A two-visit botox client is judged by the botox cycle, not by the salon's 30 days")
    func twoVisitBotoxClient() throws {
        // P has botox every 180 days, Q every 170: c_botox = median(180, 170) = 175.
        // R: two visits 190 days apart (one interval: no own cycle), the last 200 days ago.
        // 175 < 200 ≤ 1.5 × 175 = 262.5: at risk. Population cycle: median(30, 30, 30, 170, 180) = 30.
        let rows = Self.haircuts
            + Self.visits("P", "Botox", count: 4, gap: 180, lastDaysAgo: 30)
            + Self.visits("Q", "Botox", count: 4, gap: 170, lastDaysAgo: 60)
            + Self.visits("R", "Botox", count: 2, gap: 190, lastDaysAgo: 200)
        let analysis = try Self.analyze(rows)
        #expect(analysis.cycles == .service && analysis.populationCycleDays == 30)
        let r = try analysis.client("R")
        #expect((r.status, r.cycleDays, r.recencyDays, r.hasOwnCycle) == (.atRisk, 175, 200, false))
        let pair = try pair(analysis, "R", "Botox")
        #expect((pair.status, pair.cycleDays, pair.purchases) == (.atRisk, 175, 2))
        // Judged per client instead: 200 > 1.5 × 30, lost.
        let byClient = try Self.analyze(rows, cycles: .client).client("R")
        #expect((byClient.status, byClient.cycleDays) == (.lost, 30))
    }

    @Test("A client who still has her nails done but stopped her haircuts is active, with a lost haircut pair")
    func stoppedOneService() throws {
        // Haircuts every 42 days, the last 150 days ago: 150 > 63, lost. Nails every 21 days, 5 days ago: active.
        let rows = Self.visits("N", "Haircut", count: 4, gap: 42, lastDaysAgo: 150, amount: "1800.00")
            + Self.visits("N", "Manicure", count: 5, gap: 21, lastDaysAgo: 5, amount: "900.00")
        let analysis = try Self.analyze(rows)
        let n = try analysis.client("N")
        #expect((n.status, n.cycleDays, n.recencyDays, n.ltvLoss) == (.active, 21, 5, .zero))
        #expect(n.purchases == 9 && n.tier == nil)
        let haircut = try pair(analysis, "N", "Haircut")
        // Its annual value: the four haircuts within 365 days of the last one, 7 200.00, all lost.
        #expect((haircut.status, haircut.cycleDays, haircut.recencyDays) == (.lost, 42, 150))
        #expect(haircut.annualValue == Money(minorUnits: 720_000) && haircut.ltvLoss == Money(minorUnits: 720_000))
        #expect(haircut.tier != nil)
        #expect(try pair(analysis, "N", "Manicure").status == .active)
        #expect(analysis.serviceWinBackList.map { "\($0.client) \($0.service)" } == ["N Haircut"])
        #expect(analysis.winBackList.isEmpty)
    }

    @Test("The main service is the pair with the largest annual value; a tie goes to the first service in byte order")
    func mainServiceTies() throws {
        // Steady: 4 visits 30 days apart, 100.00 each (rates equal, cv 0, X).
        // Erratic: 4 visits 10, 30 and 50 days apart, 100.00 each (rates 10, 3.33, 2 per day: cv > 0.25, Z).
        // Both pairs have an annual value of 400.00.
        func rows(steady: String, erratic: String, erraticAmount: String = "100.00") -> [String] {
            Self.visits("T", steady, count: 4, gap: 30, lastDaysAgo: 1)
                + [120, 110, 80, 30].map { "T,\(Self.asOf.addingDays(-$0)),\(erraticAmount),,\(erratic)" }
        }
        #expect(try Self.analyze(rows(steady: "Alpha", erratic: "Beta")).client("T").xyz == .x)
        #expect(try Self.analyze(rows(steady: "Beta", erratic: "Alpha")).client("T").xyz == .z)
        // Not a tie: the erratic service brings more (800.00), so it is the main one.
        #expect(try Self.analyze(rows(steady: "Alpha", erratic: "Beta", erraticAmount: "200.00")).client("T").xyz == .z)
        // Per client the visits interleave: the rate cv is that of all eight purchase days (not X).
        #expect(try Self.analyze(rows(steady: "Alpha", erratic: "Beta"), cycles: .client).client("T").xyz != .x)
    }

    @Test("A service whose pairs have no own cycle takes the population cycle")
    func serviceCycleFallsBackToPopulation() throws {
        // Gift cards: G bought one 40 days ago, K one 50 days ago; no gift pair has an interval.
        // Population cycle 30 (the haircut clients): 30 < 40 ≤ 45, at risk; 50 > 45, lost.
        let rows = Self.haircuts + ["G,\(Self.asOf.addingDays(-40)),50.00,,Gift", "K,\(Self.asOf.addingDays(-50)),50.00,,Gift"]
        let analysis = try Self.analyze(rows)
        #expect((try pair(analysis, "G", "Gift").cycleDays, try pair(analysis, "G", "Gift").status) == (30, .atRisk))
        #expect(try pair(analysis, "K", "Gift").status == .lost)
        // And with no own cycle anywhere, the fallback (30 days unless set) applies, at least the minimum.
        let alone = try Self.analyze(["G,\(Self.asOf.addingDays(-20)),50.00,,Gift"])
        #expect(try pair(alone, "G", "Gift").cycleDays == 30 && alone.populationCycleDays == nil)
    }

    @Test("Ties of the deciding pair: the same recency / cycle goes to the smaller recency")
    func decidingPairTies() throws {
        // Haircut own 40, 20 days ago (0.5); Manicure own 20, 10 days ago (0.5): the manicure decides.
        let rows = Self.visits("D", "Haircut", count: 3, gap: 40, lastDaysAgo: 20)
            + Self.visits("D", "Manicure", count: 3, gap: 20, lastDaysAgo: 10)
        let d = try Self.analyze(rows).client("D")
        #expect((d.cycleDays, d.recencyDays) == (20, 10))
    }

    @Test("Without a category column --cycles service gives exactly SPEC §5")
    func noCategoryColumnIsOneService() throws {
        let text = try fixture("example/transactions.csv")
        let table = try TransactionTable(csv: Array(text.utf8))
        var options = AnalysisOptions()
        options.cycles = .service
        let byService = try table.analyze(options)
        let byClient = try table.analyze()
        #expect(byClient.cycles == .client)
        #expect(byService.text(.clients, as: .csv) == byClient.text(.clients, as: .csv))
        #expect(byService.text(.winBack, as: .csv) == byClient.text(.winBack, as: .csv))
        #expect(byService.servicePairs.count == byClient.clients.count)
        #expect(byService.servicePairs.allSatisfy { $0.service == "" })
    }
}
