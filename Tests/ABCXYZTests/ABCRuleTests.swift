import ABCXYZ
import Testing

@Suite("ABC by revenue (SPEC §3)")
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

    @Test("Clients with revenue ≤ 0 in the window are C, have share 0, take no part in T and come last by id")
    func nonPositiveRevenueIsC() throws {
        // Old bought only before the window; Neg bought before it and refunded inside it.
        let analysis = try analyze(csv("Old,2023-01-10,500.00", "Neg,2024-05-01,100.00", "Neg,2024-08-01,-150.00",
                                       "Live,2025-06-30,20.00"))
        #expect(analysis.clients.map(\.client) == ["Live", "Neg", "Old"])
        let negative = try analysis.client("Neg")
        #expect(negative.revenue == Money(minorUnits: -15_000))  // the purchase is before the window
        #expect(negative.abc == .c && negative.share == 0)
        #expect(try analysis.client("Old").revenue == .zero)
        #expect(analysis.totalRevenue == Money(minorUnits: 2_000))
        #expect(try analysis.client("Live").share == 1)
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
