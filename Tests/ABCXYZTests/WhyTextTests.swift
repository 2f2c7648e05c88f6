@testable import ABCXYZ
import Testing

/// The `why` column's wording (docs/call-list.md), each part worked out by hand
/// from the row's figures and SPEC's default thresholds.
@Suite("Why a client is where it is, in plain words")
struct WhyTextTests {
    /// A record with the figures the wording reads; the rest do not matter.
    static func record(purchases: Int32 = 11, recency: Int32 = 171, cycle: Double = 31, own: Bool = true,
                       status: ClientStatus = .lost, abc: ABCClass = .a, xyz: XYZClass = .y, cv: Double = 0.19,
                       annualValue: Int64 = 1_090_000, revenue: Int64 = 660_000) -> ClientRecord {
        ClientRecord(client: 0, manager: 0, purchases: purchases, firstPurchase: 0, lastPurchase: 0, recency: recency,
                     revenue: revenue, annualValue: annualValue, averageOrderValue: 0, ltvLoss: 0, share: 0, cv: cv,
                     cycle: cycle, hasOwnCycle: own, abc: abc, xyz: xyz, status: status, tier: 1)
    }

    @Test("The brief's example: a lost monthly A/Y client")
    func lostMonthlyClient() {
        #expect(WhyText.sentence(Self.record(), cell: Self.record(), options: AnalysisOptions())
            == "buys every 31 days; silent 171 days, 5.5 cycles; A: top 80 % of value; Y: steady within 25 %")
    }

    @Test("Rhythm: an own cycle, or the usual one after one, two or more purchases")
    func rhythm() {
        #expect(WhyText.rhythm(Self.record(cycle: 30.5)) == "buys every 30.5 days")
        #expect(WhyText.rhythm(Self.record(purchases: 1, own: false)) == "bought once, judged by the usual 31 days")
        #expect(WhyText.rhythm(Self.record(purchases: 2, own: false)) == "bought twice, judged by the usual 31 days")
        #expect(WhyText.rhythm(Self.record(purchases: 3, cycle: 28, own: false))
            == "bought 3 times, judged by the usual 28 days")
    }

    @Test("Status: active on time, at-risk overdue with the day it will be lost, lost silent")
    func status() {
        // 12 / 31 = 0.387 → 0.4; 1 / 31 = 0.03 → 0.0.
        #expect(WhyText.status(Self.record(recency: 12, status: .active), lostFactor: 1.5)
            == "last bought 12 days ago, 0.4 cycles: on time")
        #expect(WhyText.status(Self.record(recency: 1, status: .active), lostFactor: 1.5)
            == "last bought 1 day ago, 0.0 cycles: on time")
        #expect(WhyText.status(Self.record(recency: 0, status: .active), lostFactor: 1.5)
            == "bought on the as-of day: on time")
        // Hal: 119 / 91 = 1.31; lost once recency > 1.5 × 91 = 136.5, so after 136 days.
        #expect(WhyText.status(Self.record(recency: 119, cycle: 91, status: .atRisk), lostFactor: 1.5)
            == "overdue: silent 119 days, 1.3 cycles; lost after 136 days")
        // With l = 2: 2 × 91 = 182.
        #expect(WhyText.status(Self.record(recency: 119, cycle: 91, status: .atRisk), lostFactor: 2)
            == "overdue: silent 119 days, 1.3 cycles; lost after 182 days")
        // Old: 730 / 30.5 = 23.93.
        #expect(WhyText.status(Self.record(recency: 730, cycle: 30.5), lostFactor: 1.5) == "silent 730 days, 23.9 cycles")
    }

    @Test("ABC: the share of value each class holds, by the options' cut points and measure")
    func abc() {
        let options = AnalysisOptions()
        #expect(WhyText.abc(Self.record(abc: .a), options) == "A: top 80 % of value")
        #expect(WhyText.abc(Self.record(abc: .b), options) == "B: next 15 % of value")
        #expect(WhyText.abc(Self.record(abc: .c), options) == "C: last 5 % of value")
        #expect(WhyText.abc(Self.record(abc: .c, annualValue: 0), options) == "C: no value in its last year")
        var classic = AnalysisOptions()
        classic.abcMeasure = .revenue
        classic.abcLimits = ABCLimits(a: DecimalFraction("0.7")!, b: DecimalFraction("0.9")!)
        #expect(WhyText.abc(Self.record(abc: .a), classic) == "A: top 70 % of window revenue")
        #expect(WhyText.abc(Self.record(abc: .b), classic) == "B: next 20 % of window revenue")
        #expect(WhyText.abc(Self.record(abc: .c), classic) == "C: last 10 % of window revenue")
        // A client with annual value but no revenue in the window is C "no revenue" by revenue.
        #expect(WhyText.abc(Self.record(abc: .c, revenue: -500), classic) == "C: no revenue in the window")
    }

    @Test("XYZ: steady within x or y, erratic over y, or too few purchases for a cv")
    func xyz() {
        let options = AnalysisOptions()
        #expect(WhyText.xyz(Self.record(xyz: .x, cv: 0.06), options) == "X: steady within 10 %")
        #expect(WhyText.xyz(Self.record(xyz: .y, cv: 0.19), options) == "Y: steady within 25 %")
        #expect(WhyText.xyz(Self.record(xyz: .z, cv: 0.31), options) == "Z: erratic, over 25 %")
        #expect(WhyText.xyz(Self.record(xyz: .z, cv: .nan), options) == "Z: too few purchases to tell")
        var wide = AnalysisOptions()
        wide.xyzLimits = XYZLimits(x: 0.125, y: 0.5)
        #expect(WhyText.xyz(Self.record(xyz: .x), wide) == "X: steady within 12.5 %")
        #expect(WhyText.xyz(Self.record(xyz: .z), wide) == "Z: erratic, over 50 %")
    }

    @Test("A pair's sentence takes rhythm and status from the pair, classes from its client")
    func pairTakesClassesFromClient() {
        let pair = Self.record(purchases: 4, recency: 50, cycle: 42, status: .atRisk, abc: .c, xyz: .z, cv: .nan)
        let client = Self.record(abc: .b, xyz: .x, cv: 0.05)
        // 50 / 42 = 1.19; 1.5 × 42 = 63.
        #expect(WhyText.sentence(pair, cell: client, options: AnalysisOptions())
            == "buys every 42 days; overdue: silent 50 days, 1.2 cycles; lost after 63 days; B: next 15 % of value; "
            + "X: steady within 10 %")
    }
}
