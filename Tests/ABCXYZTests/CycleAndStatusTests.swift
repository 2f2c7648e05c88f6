import ABCXYZ
import Testing

@Suite("Purchase cycle and status (SPEC §5)")
struct CycleAndStatusTests {
    // P: intervals 10, 20 → own 15.  Q: 4, 6, 8 → own 6 (below the 7-day minimum).
    // R: 30, 31, 40, 50 → (31 + 40)/2 = 35.5.  D: one purchase → population cycle.
    static let ownCycles = [
        "P,2025-01-01,10.00", "P,2025-01-11,10.00", "P,2025-01-31,10.00",
        "Q,2025-02-01,10.00", "Q,2025-02-05,10.00", "Q,2025-02-11,10.00", "Q,2025-02-19,10.00",
        "R,2025-01-01,10.00", "R,2025-01-31,10.00", "R,2025-03-03,10.00", "R,2025-04-12,10.00", "R,2025-06-01,10.00",
        "D,2025-05-01,10.00",
    ]

    @Test("Own cycle is the median interval; the minimum applies after the population median is taken")
    func ownAndPopulationCycles() throws {
        let analysis = try analyze(csv(Self.ownCycles.joined(separator: "\n"))) { $0.asOf = day("2025-06-30") }
        #expect(try analysis.client("P").cycleDays == 15)
        #expect(try analysis.client("Q").cycleDays == 7)      // max(6, 7)
        #expect(try analysis.client("R").cycleDays == 35.5)
        #expect(analysis.populationCycleDays == 15)             // median of 6, 15, 35.5: not of 7, 15, 35.5
        let single = try analysis.client("D")
        #expect(single.cycleDays == 15 && !single.hasOwnCycle)
    }

    @Test("An even number of own cycles gives the mean of the two middle ones")
    func evenPopulation() throws {
        // E: 20, 20 → 20. Own cycles 6, 15, 20, 35.5 → (15 + 20)/2 = 17.5.
        let lines = Self.ownCycles + ["E,2025-03-01,10.00", "E,2025-03-21,10.00", "E,2025-04-10,10.00"]
        let analysis = try analyze(csv(lines.joined(separator: "\n"))) { $0.asOf = day("2025-06-30") }
        #expect(analysis.populationCycleDays == 17.5)
        #expect(try analysis.client("D").cycleDays == 17.5)
        let raised = try analyze(csv(lines.joined(separator: "\n"))) {
            $0.asOf = day("2025-06-30")
            $0.minimumCycleDays = 20
        }
        #expect(raised.populationCycleDays == 17.5)
        #expect(try raised.client("D").cycleDays == 20)
        #expect(try raised.client("Q").cycleDays == 20)
        #expect(try raised.client("R").cycleDays == 35.5)
    }

    @Test("With no own cycle anywhere every client takes the fallback, 30 days by default")
    func fallbackCycle() throws {
        let data = csv("A,2025-05-01,10.00", "A,2025-06-01,10.00", "B,2025-06-20,10.00")
        let analysis = try analyze(data)
        #expect(analysis.populationCycleDays == nil)
        #expect(try analysis.client("A").cycleDays == 30)
        #expect(try analyze(data) { $0.fallbackCycleDays = 45 }.client("B").cycleDays == 45)
    }

    @Test("A 90-day buyer is active through day 90, at risk from day 91 and lost after day 135",
          arguments: [(90, ClientStatus.active), (91, .atRisk), (135, .atRisk), (136, .lost)])
    func statusBoundaries(recency: Int, status: ClientStatus) throws {
        // 2024-01-01, 2024-03-31, 2024-06-29: intervals 90, 90.
        let data = csv("K,2024-01-01,10.00", "K,2024-03-31,10.00", "K,2024-06-29,10.00")
        let analysis = try analyze(data) { $0.asOf = day("2024-06-29").addingDays(recency) }
        let client = try analysis.client("K")
        #expect(client.cycleDays == 90)
        #expect(client.recencyDays == recency)
        #expect(client.status == status)
    }

    @Test("A purchase refunded the same day is no purchase day")
    func zeroNetDayIsNotAPurchase() throws {
        let analysis = try analyze(csv("G,2025-01-05,100.00", "G,2025-02-05,400.00", "G,2025-02-05,-400.00",
                                       "G,2025-03-05,100.00", "Only,2025-03-01,-50.00"))
        let client = try analysis.client("G")
        #expect(client.purchases == 2)
        #expect(client.firstPurchase == day("2025-01-05") && client.lastPurchase == day("2025-03-05"))
        #expect(analysis.clients[client: "Only"] == nil)   // refund only: without purchases
        #expect(analysis.summary.clients == 2 && analysis.summary.clientsWithPurchases == 1)
    }
}
