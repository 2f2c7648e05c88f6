import ABCXYZ
import Testing

@Suite("XYZ by money per day between purchase days (SPEC §4, the default --xyz-measure rate)")
struct XYZRateTests {
    /// `count` purchases of `amount` every `gap` days from `first`.
    private func rhythm(_ client: String, from first: String, every gap: Int, count: Int, amount: String) -> [String] {
        (0..<count).map { "\(client),\(day(first).addingDays($0 * gap)),\(amount)" }
    }

    @Test("A steady 45-day buyer is X whatever the calendar", arguments: ["2024-08-01", "2024-01-31", "2023-12-15",
                                                                          "2024-02-29", "2024-05-30"])
    func steadyRhythmIsX(first: String) throws {
        // Eight purchases of 100.00, 45 days apart: seven rates of 10 000 / 45 minor units a day, all equal.
        let data = csv(rhythm("S", from: first, every: 45, count: 8, amount: "100.00").joined(separator: "\n"))
        let client = try analyze(data) { $0.asOf = day("2025-06-30") }.client("S")
        #expect(try #require(client.cv) < 1e-12)
        #expect(client.xyz == .x)
    }

    @Test("…where revenue per calendar month calls the same client erratic")
    func monthlyRevenueCallsTheRhythmErratic() throws {
        // From 2024-08-01 every 45 days to 2025-06-12; months end on the 30th (2025-02-28 clamped). The span
        // p11…p1 holds 100, 100, 100, 0, 100, 100, 0, 100, 100, 0, 100: mean 800/11, variance 240 000/121,
        // cv = √240 000 / 800 = √0.375 = 0.612372 → Z.
        let data = csv(rhythm("S", from: "2024-08-01", every: 45, count: 8, amount: "100.00").joined(separator: "\n"))
        let client = try analyze(data) {
            $0.asOf = day("2025-06-30")
            $0.xyzMeasure = .revenue
        }.client("S")
        #expect(abs(try #require(client.cv) - 0.375.squareRoot()) < 1e-12)
        #expect(client.xyz == .z)
    }

    @Test("Fewer than 4 purchase days (3 rates) leave cv undefined and the client Z; min-periods is the minimum")
    func fewerThanFourPurchaseDaysIsUndefined() throws {
        let three = csv("T,2025-01-01,100.00", "T,2025-01-31,100.00", "T,2025-03-02,100.00")
        let client = try analyze(three).client("T")
        #expect(client.cv == nil && client.xyz == .z)
        let allowed = try analyze(three) { $0.minimumSpanPeriods = 2 }.client("T")
        #expect(try #require(allowed.cv) < 1e-12 && allowed.xyz == .x)
        let four = try analyze(csv("T,2025-01-01,100.00", "T,2025-01-31,100.00", "T,2025-03-02,100.00",
                                   "T,2025-04-01,100.00")).client("T")
        #expect(four.cv != nil && four.xyz == .x)
    }

    @Test("Rates are money per day: amounts in proportion to the gaps are perfectly steady")
    func amountsInProportionToGapsAreSteady() throws {
        // 100.00 after 10 days, 300.00 after 30, 150.00 after 15: 1 000 minor units a day each time, cv 0.
        let client = try analyze(csv("P,2025-01-01,50.00", "P,2025-01-11,100.00", "P,2025-02-10,300.00",
                                     "P,2025-02-25,150.00")).client("P")
        #expect(client.cv == 0 && client.xyz == .x)
    }

    @Test("The cv is the population sd over the mean of the rates, by hand")
    func coefficientByHand() throws {
        // Rates 1 000/10, 2 000/10, 3 000/10 = 100, 200, 300: mean 200, sd √(20 000/3), cv √(2/3)/2 = 0.408248.
        let client = try analyze(csv("V,2025-01-01,5.00", "V,2025-01-11,10.00", "V,2025-01-21,20.00",
                                     "V,2025-01-31,30.00")).client("V")
        #expect(abs(try #require(client.cv) - (2.0 / 3).squareRoot() / 2) < 1e-12)
        #expect(client.xyz == .z)
    }

    @Test("A refund on another day enters no rate; a refund on a purchase day lowers that day's net")
    func refunds() throws {
        // Purchases 30 days apart. P: a refund on 03-17 (not a purchase day) and on 01-16 a day whose net is
        // negative: neither is a purchase day, so the rates stay 100.00 / 30 three times: X.
        // Q: 40.00 refunded on the 03-02 purchase day: rates 100/30, 60/30, 100/30; mean 26/9, variance 32/81,
        // cv = (4√2/9)/(26/9) = 2√2/13 = 0.217571 → Y.
        let analysis = try analyze(csv(
            "P,2025-01-01,100.00", "P,2025-01-16,50.00", "P,2025-01-16,-80.00", "P,2025-01-31,100.00",
            "P,2025-03-02,100.00", "P,2025-03-17,-50.00", "P,2025-04-01,100.00",
            "Q,2025-01-01,100.00", "Q,2025-01-31,100.00", "Q,2025-03-02,100.00", "Q,2025-03-02,-40.00",
            "Q,2025-04-01,100.00"))
        let p = try analysis.client("P"), q = try analysis.client("Q")
        #expect(try #require(p.cv) < 1e-12 && p.xyz == .x && p.purchases == 4)
        #expect(abs(try #require(q.cv) - 2 * 2.0.squareRoot() / 13) < 1e-12)
        #expect(q.xyz == .y)
    }

    @Test("The rates cover the whole history, not the window: a steady client gone two years is still X")
    func wholeHistory() throws {
        let client = try analyze(csv("O,2023-01-10,80.00", "O,2023-02-10,80.00", "O,2023-03-13,80.00",
                                     "O,2023-04-13,80.00", "Now,2025-06-30,1.00")).client("O")
        // Gaps 31, 31, 31: equal rates. Revenue in the window is 0, which the classic measure could not use.
        #expect(try #require(client.cv) < 1e-12 && client.xyz == .x && client.revenue == .zero)
    }
}
