import ABCXYZ
import Foundation
import Testing

/// CLV of SPEC §14 on models whose expectations are known in closed form.
@Suite struct LifetimeValueTests {
    /// E[Y(t)] = rate·t and P(alive) = alive, for any history.
    struct SteadyBuyer: PurchaseModel {
        var rate: Double
        var alive = 1.0
        func probabilityAlive(x: Int, tx: Double, T: Double) -> Double { alive }
        func expectedPurchases(within t: Double, x: Int, tx: Double, T: Double) -> Double { rate * t }
    }

    @Test func discountedPurchasesAreEachMonthsPurchasesOverOnePlusDToTheMonth() {
        // 0.5 a week, 4.345 weeks a month: 2.1725 a month; Σ_{m=1..12} 1/1.01^m = 11.2550775…
        let value = LifetimeValue.discountedPurchases(SteadyBuyer(rate: 0.5), x: 1, tx: 1, T: 2, months: 12,
                                                      month: ModelUnit.week.month, discount: 0.01)
        let annuity = (1 - pow(1.01, -12)) / 0.01
        #expect(abs(value - 2.1725 * annuity) < 1e-12)
        #expect(abs(annuity - 11.255077473484) < 1e-11)
    }

    @Test func clvIsMarginTimesSpendTimesDiscountedPurchasesRoundedHalfAwayFromZero() throws {
        let summary = ModelSummary(rows: [
            ClientSummary(client: "a", x: 2, tx: 3, T: 4, mx: 10, count: 1, group: 0),
            ClientSummary(client: "b", x: 0, tx: 0, T: 4, mx: nil, count: 1, group: 0),
        ], unit: .week, occasions: nil, asOf: nil)
        // Gamma-Gamma p = 2, q = 3, γ = 4: a spends (4 + 10·2)·2/(2·2 + 3 − 1) = 8; b the mean 2·4/2 = 4.
        let spend = GammaGamma(p: 2, q: 3, gamma: 4)
        var options = ModelOptions()
        options.monthlyDiscount = 0
        options.margin = 0.5
        // No discount: 12 months of 4.345 weeks at 1/7 a week = 7.448571… purchases.
        let forecast = summary.forecast(SteadyBuyer(rate: 1.0 / 7, alive: 0.25), spend: spend, options: options)
        #expect(forecast[0].expectedSpend == Money(minorUnits: 800))
        #expect(forecast[1].expectedSpend == Money(minorUnits: 400))
        // a: 0.5 × 8 × 52.14/7 = 29.794285… → 29.79; b: 0.5 × 4 × 7.448571… = 14.897142… → 14.90.
        #expect(forecast[0].clv == Money(minorUnits: 2979))
        #expect(forecast[1].clv == Money(minorUnits: 1490))
        #expect(forecast[0].probabilityAlive == 0.25)
        // The horizon is a year of 365 days: 365/7 weeks.
        #expect(abs(forecast[0].expectedPurchases - 365.0 / 49) < 1e-12)
    }

    @Test func noSpendWhenTheGammaGammaMeanIsInfinite() {
        #expect(GammaGamma(p: 2, q: 0.9, gamma: 4).expectedSpend(x: 0, mx: nil) == nil)
        let fitted: Double? = GammaGamma(p: 2, q: 0.9, gamma: 4).expectedSpend(x: 3, mx: 5)
        #expect(fitted == 38.0 / 5.9)   // (4 + 5·3)·2 / (2·3 + 0.9 − 1)
    }
}
