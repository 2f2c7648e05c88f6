import ABCXYZ
import Testing

/// x, t_x, T and m_x of SPEC §14 from sales rows, worked out by hand.
@Suite struct ModelSummaryTests {
    /// A: purchases on Jan 1, Jan 8 (two rows, 30 + 20), a refund day Jan 10 (−5), a $0 day
    /// Jan 15, a purchase Jan 29 (40). B: one purchase on Jan 22. C: only a refund. As-of Jan 29.
    static let rows = csv(
        "A,2024-01-01,10.00",
        "A,2024-01-08,30.00",
        "A,2024-01-08,20.00",
        "A,2024-01-10,-5.00",
        "A,2024-01-15,0.00",
        "A,2024-01-29,40.00",
        "B,2024-01-22,7.00",
        "C,2024-01-03,-3.00",
        "D,2024-02-05,9.00")

    func summary(_ occasions: ModelOccasions, unit: ModelUnit = .week) throws -> ModelSummary {
        var options = ModelOptions()
        options.asOf = day("2024-01-29")
        options.occasions = occasions
        options.unit = unit
        return try TransactionTable(csv: Array(Self.rows.utf8)).modelSummary(options, threads: 2)
    }

    @Test func purchaseDaysCountOnlyDaysWithAPositiveNet() throws {
        let summary = try summary(.purchaseDays)
        let a = summary.clients.first { $0.client == "A" }!
        #expect(a.x == 2)                          // Jan 8 and Jan 29 after Jan 1
        #expect(a.tx == 4 && a.T == 4)             // 28 days = 4 weeks, both
        #expect(a.mx == (50.0 + 40.0) / 2)         // same-day rows add up; the refund day is no occasion
        let b = summary.clients.first { $0.client == "B" }!
        #expect(b.x == 0 && b.tx == 0 && b.T == 1 && b.mx == nil)
        #expect(summary.clients.map { $0.client } == ["A", "B"])   // C never bought, D is after as-of
        #expect(summary.clientCount == 2 && summary.repeaters == 1)
    }

    @Test func transactionDaysCountEveryDayWithARowWhateverItsAmount() throws {
        let summary = try summary(.transactionDays)
        let a = summary.clients.first { $0.client == "A" }!
        #expect(a.x == 4)                          // Jan 8, 10, 15, 29 after Jan 1
        #expect(a.mx == (50.0 - 5.0 + 0.0 + 40.0) / 4)
        let c = summary.clients.first { $0.client == "C" }!
        #expect(c.x == 0 && c.T == 26.0 / 7)       // a refund-only client has one occasion
        #expect(summary.spend == [SpendObservation(x: 4, mx: 21.25)])
    }

    @Test func dayUnitsGiveDaysAndIdenticalHistoriesAreGroupedWithCounts() throws {
        let summary = try summary(.purchaseDays, unit: .day)
        let a = summary.clients.first { $0.client == "A" }!
        #expect(a.tx == 28 && a.T == 28)
        let grouped = ModelSummary(rows: [
            ClientSummary(client: "p", x: 1, tx: 2, T: 5, mx: 3, count: 1, group: 0),
            ClientSummary(client: "q", x: 0, tx: 0, T: 5, mx: nil, count: 4, group: 0),
            ClientSummary(client: "r", x: 1, tx: 2, T: 5, mx: 8, count: 2, group: 0),
        ], unit: .week, occasions: nil, asOf: nil)
        #expect(grouped.groups == [FrequencyRecency(x: 0, tx: 0, T: 5, count: 4),
                                   FrequencyRecency(x: 1, tx: 2, T: 5, count: 3)])
        #expect(grouped.clients.map { $0.group } == [1, 0, 1])
        #expect(grouped.clientCount == 7 && grouped.repeaters == 3)
    }

    @Test func theAnalysisGivesTheSameSummaryWithoutGroupingAgain() throws {
        var options = AnalysisOptions()
        options.asOf = day("2024-01-29")
        let analysis = try TransactionTable(csv: Array(Self.rows.utf8)).analyze(options, threads: 2)
        #expect(analysis.modelSummary().clients == (try summary(.purchaseDays)).clients)
    }
}
