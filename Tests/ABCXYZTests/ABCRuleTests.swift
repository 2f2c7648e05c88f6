import ABCXYZ
import Testing

@Suite("ABC by value: annual value by default, window revenue as the classic (SPEC §3)")
struct ABCRuleTests {
    @Test("A client whose predecessors hold exactly a of revenue is B: before/T < a is strict")
    func exactBoundaryIsStrict() throws {
        // T = 100. before: 0 → A, 50 (0.50) → A, 80 (0.80, not < 0.80) → B, 95 (not < 0.95) → C.
        let analysis = try analyze(csv("P,2025-06-01,50.00", "Q,2025-06-01,30.00",
                                       "R,2025-06-01,15.00", "S,2025-06-01,5.00"))
        #expect(analysis.clients.map(\.client) == ["P", "Q", "R", "S"])
        #expect(analysis.clients.map(\.abc) == [.a, .a, .b, .c])
        #expect(try analysis.client("R").share == 0.15)
        #expect(analysis.totalRevenue == Money(minorUnits: 10_000))
    }

    @Test("The client that crosses a threshold belongs to the upper class")
    func crossingClientIsUpper() throws {
        // 70, 20, 10: before 0 → A; before 70 (0.70 < 0.80) → A although it ends at 90 %; before 90 → B.
        let analysis = try analyze(csv("X,2025-06-01,70.00", "Y,2025-06-01,20.00", "Z,2025-06-01,10.00"))
        #expect(analysis.clients.map(\.abc) == [.a, .a, .b])
    }

    @Test("The top client is A whatever the cut points")
    func topClientIsAlwaysA() throws {
        let analysis = try analyze(csv("Big,2025-06-01,99.00", "Small,2025-06-01,1.00")) {
            $0.abcLimits = ABCLimits(a: 0.01, b: 0.02)
        }
        #expect(analysis.clients.map(\.abc) == [.a, .c])
    }

    @Test("Equal revenues are ordered by client id in UTF-8 byte order")
    func tiesByByteOrder() throws {
        // 0x42 B < 0x5A Z < 0x62 b < 0xC3 É < 0xD0 О < 0xE7 王. T = 60; the sixth has before 50 (0.83) → B.
        let ids = ["王芳", "Ольга", "Émile", "b", "Zed", "B"]
        let analysis = try analyze(csv(ids.map { "\($0),2025-06-01,10.00" }.joined(separator: "\n")))
        #expect(analysis.clients.map(\.client) == ["B", "Zed", "b", "Émile", "Ольга", "王芳"])
        #expect(analysis.clients.map(\.abc) == [.a, .a, .a, .a, .a, .b])
    }

    @Test("By window revenue, clients with revenue ≤ 0 in the window are C, have share 0, take no part in T and come last by id")
    func nonPositiveRevenueIsC() throws {
        // Old bought only before the window; Neg bought before it and refunded inside it.
        let analysis = try analyze(csv("Old,2023-01-10,500.00", "Neg,2024-05-01,100.00", "Neg,2024-08-01,-150.00",
                                       "Live,2025-06-30,20.00")) { $0.abcMeasure = .revenue }
        #expect(analysis.clients.map(\.client) == ["Live", "Neg", "Old"])
        let negative = try analysis.client("Neg")
        #expect(negative.revenue == Money(minorUnits: -15_000))  // the purchase is before the window
        #expect(negative.abc == .c && negative.share == 0)
        #expect(try analysis.client("Old").revenue == .zero)
        #expect(analysis.totalRevenue == Money(minorUnits: 2_000))
        #expect(try analysis.client("Live").share == 1)
    }

    /// Big bought 3 000.00 four times up to 2024-05-30, thirteen months before as-of; three small clients
    /// bought in June 2025.
    static let goneThirteenMonths = csv("Big,2024-02-29,3000.00", "Big,2024-03-30,3000.00", "Big,2024-04-30,3000.00",
                                        "Big,2024-05-30,3000.00", "A1,2025-06-01,1000.00", "A2,2025-06-02,500.00",
                                        "Tiny,2025-06-30,100.00")

    @Test("By annual value, a big client gone 13 months keeps its A and is a tier-1 client to win back")
    func goneThirteenMonthsKeepsItsClass() throws {
        // Annual values 12 000, 1 000, 500, 100: T = 13 600. before: 0 → A; 12 000 (0.88) → B; 13 000 (0.956) → C;
        // 13 500 → C. Big's gaps 30, 31, 30 give steady rates (cv 0.015): AX, lost, tier 1.
        let analysis = try analyze(Self.goneThirteenMonths)
        #expect(analysis.clients.map(\.client) == ["Big", "A1", "A2", "Tiny"])
        #expect(analysis.clients.map(\.abc) == [.a, .b, .c, .c])
        let big = try analysis.client("Big")
        #expect(big.revenue == .zero && big.annualValue == Money(minorUnits: 1_200_000))
        #expect(abs(big.share - 12_000.0 / 13_600) < 1e-15)
        #expect(big.xyz == .x && big.status == .lost && big.tier == .winBackFirst)
        #expect(analysis.abcTotal == Money(minorUnits: 1_360_000))
        #expect(analysis.totalRevenue == Money(minorUnits: 160_000))  // the window's, of the three
    }

    @Test("By window revenue (--abc-measure revenue) the same client is a C with share 0, a tier-3 client")
    func goneThirteenMonthsIsCByRevenue() throws {
        // T = 1 600: A1 before 0 → A, A2 before 1 000 (0.625) → A, Tiny before 1 500 (0.9375) → B; Big has no
        // revenue in the window: C, last.
        let analysis = try analyze(Self.goneThirteenMonths) { $0.abcMeasure = .revenue }
        #expect(analysis.clients.map(\.client) == ["A1", "A2", "Tiny", "Big"])
        #expect(analysis.clients.map(\.abc) == [.a, .a, .b, .c])
        let big = try analysis.client("Big")
        #expect(big.share == 0 && big.xyz == .x && big.tier == .winBackIfPossible)
        #expect(analysis.abcTotal == Money(minorUnits: 160_000))
    }

    @Test("By annual value, a client whose refunds in its last year exceed its purchases is C with share 0")
    func zeroAnnualValueIsC() throws {
        // R: 100.00 then −150.00: annual value max(0, −50) = 0, out of T, after the ranked clients.
        let analysis = try analyze(csv("R,2025-05-01,100.00", "R,2025-05-20,-150.00", "Live,2025-06-30,20.00"))
        #expect(analysis.clients.map(\.client) == ["Live", "R"])
        let refunded = try analysis.client("R")
        #expect(refunded.abc == .c && refunded.share == 0 && refunded.annualValue == .zero)
        #expect(analysis.abcTotal == Money(minorUnits: 2_000))
    }

    @Test("Cut points are compared exactly, however the fraction was written")
    func exactCutPoints() {
        let a = DecimalFraction("0.8")!
        #expect(a == DecimalFraction("0.80")!)
        #expect(a == 0.8)
        #expect(a.numerator == 8 && a.denominator == 10)
        #expect(DecimalFraction("0.333333333")!.description == "0.333333333")
        #expect(DecimalFraction("1e-3") == nil && DecimalFraction("-0.1") == nil && DecimalFraction("") == nil)
        #expect(ABCLimits("0.8,0.95") == ABCLimits(a: 0.8, b: 0.95))
        #expect(ABCLimits("0.9,0.8") == nil && ABCLimits("0,0.5") == nil && ABCLimits("0.5,1.2") == nil)
    }
}
