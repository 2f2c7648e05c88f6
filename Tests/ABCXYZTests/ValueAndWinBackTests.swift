import ABCXYZ
import Testing

@Suite("Annual value, lifetime value lost and the win-back list (SPEC §6, §7)")
struct ValueAndWinBackTests {
    @Test("Annual value sums rows strictly after lastPurchase − 365 days, a refund after the last purchase included")
    func annualValueWindow() throws {
        // Last purchase 2025-01-10; minus 365 days is 2024-01-11 (2024 is a leap year), excluded.
        // Counted: 2024-06-10 200 + 2025-01-10 300 + refund 2025-02-01 −50 = 450.00.
        let analysis = try analyze(csv("V,2024-01-10,100.00", "V,2024-01-11,1000.00", "V,2024-06-10,200.00",
                                       "V,2025-01-10,300.00", "V,2025-02-01,-50.00")) {
            $0.asOf = day("2025-12-01")
        }
        let client = try analysis.client("V")
        #expect(client.annualValue == Money(minorUnits: 45_000))
        // Intervals 1, 151, 214: cycle 151; recency 325 > 226.5 → lost, loses its annual value.
        #expect(client.cycleDays == 151 && client.recencyDays == 325 && client.status == .lost)
        #expect(client.ltvLoss == Money(minorUnits: 45_000))
        // (100 + 1000 + 200 + 300 − 50) / 4 purchases = 387.50.
        #expect(client.averageOrderValue == Money(minorUnits: 38_750))
    }

    @Test("A negative annual value counts as 0, so the client costs nothing")
    func negativeAnnualValueIsZero() throws {
        let analysis = try analyze(csv("W,2025-01-10,100.00", "W,2025-01-20,-300.00", "Now,2025-06-30,1.00"))
        let client = try analysis.client("W")
        #expect(client.status == .lost)
        #expect(client.annualValue == .zero && client.ltvLoss == .zero)
        #expect(client.averageOrderValue == Money(minorUnits: -20_000))
    }

    @Test("Value lost applies horizon then margin and rounds half away from zero",
          arguments: [(101, 1.0, 0.5, 51), (103, 1.0, 0.5, 52), (101, 2.0, 0.25, 51), (1_000, 1.5, 1.0, 1_500),
                      (333, 1.0, 0.1, 33)])
    func valueLostRounding(annual: Int64, horizon: Double, margin: Double, expected: Int64) throws {
        // One purchase of `annual` minor units, lost by as-of (fallback cycle 30, recency 180).
        let amount = Money(minorUnits: annual).formatted(scale: 2)
        let analysis = try analyze(csv("M,2025-01-01,\(amount)", "Now,2025-06-30,1.00")) {
            $0.horizonYears = horizon
            $0.margin = margin
        }
        #expect(try analysis.client("M").ltvLoss == Money(minorUnits: expected))
        #expect(try analysis.client("Now").ltvLoss == .zero)  // active clients lose nothing
    }

    @Test("Average order value rounds half away from zero, also when negative")
    func averageOrderValueRounding() throws {
        // 10.01 / 2 = 5.005 → 5.01;  (1.00 + 1.00 − 12.01) / 2 = −5.005 → −5.01.
        let analysis = try analyze(csv("U,2025-05-01,5.00", "U,2025-06-01,5.01",
                                       "N,2025-05-01,1.00", "N,2025-05-02,1.00", "N,2025-05-03,-12.01"))
        #expect(try analysis.client("U").averageOrderValue == Money(minorUnits: 501))
        #expect(try analysis.client("N").averageOrderValue == Money(minorUnits: -501))
    }

    @Test("The win-back list orders by tier, then value lost descending, then id; active clients are not on it")
    func winBackOrder() throws {
        // A-class big clients lost (tier 1 AX/AY, 2 AZ); small C clients lost (tier 3/4).
        let analysis = try analyze(csv("Big,2024-10-01,5000.00", "b2,2025-01-01,10.00", "a1,2025-01-01,10.00",
                                       "c3,2025-01-01,20.00", "Now,2025-06-30,1.00"))
        let list = analysis.winBackList
        #expect(list.map(\.result.client) == ["Big", "c3", "a1", "b2"])
        #expect(list.map(\.rank) == [1, 2, 3, 4])
        #expect(list.map(\.tier.rawValue) == [2, 4, 4, 4])   // Big is AZ (one purchase); the rest CZ
        #expect(!list.contains { $0.result.client == "Now" })
    }

    @Test("The tier matrix is an option")
    func customTiers() throws {
        let matrix = try #require(TierMatrix("4,4,4,4,4,4,4,4,1"))
        let analysis = try analyze(csv("Big,2024-10-01,5000.00", "c3,2025-01-01,20.00", "Now,2025-06-30,1.00")) {
            $0.tierMatrix = matrix
        }
        #expect(analysis.winBackList.map(\.result.client) == ["c3", "Big"])
        #expect(TierMatrix("1,2,3") == nil && TierMatrix("1,1,2,2,2,3,3,4,5") == nil)
        #expect(TierMatrix.standard.description == "1,1,2,2,2,3,3,4,4")
    }

    @Test("The manager at as-of is on the latest row that names one; the later row wins a same-day tie")
    func managerAtAsOf() throws {
        let analysis = try analyze(csv(
            "M1,2025-06-01,10.00,Anna", "M1,2025-06-01,5.00,Boris",      // same day: the later row
            "M2,2025-06-01,10.00,Anna", "M2,2025-06-10,10.00,",           // latest names none
            "M3,2025-06-10,10.00,Boris", "M3,2025-06-01,10.00,Anna",      // file out of date order
            "M4,2025-06-01,10.00,", "M4,2025-06-30,1.00,  ",              // never named
            "M5,2025-06-01,10.00,Anna", "M5,2025-07-15,10.00,Carl")) {    // after as-of: ignored
            $0.asOf = day("2025-06-30")
        }
        #expect(try analysis.client("M1").manager == "Boris")
        #expect(try analysis.client("M2").manager == "Anna")
        #expect(try analysis.client("M3").manager == "Boris")
        #expect(try analysis.client("M4").manager == nil)
        #expect(try analysis.client("M5").manager == "Anna")
        #expect(analysis.summary.afterAsOf == 1)
    }
}
