import ABCXYZ
import Testing

@Suite("XYZ by revenue per period over the active span (SPEC §4, --xyz-measure revenue)")
struct XYZRuleTests {
    // As-of 2025-06-30 (set by "Now"); monthly periods p1 = (05-30, 06-30], p4 = (02-28, 03-30], …

    /// The classic measure, revenue per period; `configure` adds to it.
    private func analyze(_ csv: String, _ configure: (inout AnalysisOptions) -> Void = { _ in }) throws -> Analysis {
        try ABCXYZTests.analyze(csv) {
            $0.xyzMeasure = .revenue
            configure(&$0)
        }
    }

    @Test("Periods after a client left do not count: three steady months then silence is X")
    func spanEndsAtLastPurchase() throws {
        // p12, p11, p10 hold 100 each; the nine empty months after are outside the span: cv = 0.
        let analysis = try analyze(csv("S,2024-07-15,100.00", "S,2024-08-15,100.00", "S,2024-09-15,100.00",
                                       "Now,2025-06-30,1.00"))
        let steady = try analysis.client("S")
        #expect(steady.cv == 0)
        #expect(steady.xyz == .x)
    }

    @Test("Empty periods inside the span count as zero")
    func gapsInsideSpanCount() throws {
        // p6 = 100, p5 = 0, p4 = 200, p3 = 100: mean 100, variance (0 + 100² + 100² + 0)/4 = 5000,
        // sd = 70.710678…, cv = 0.707107 → Z.
        let analysis = try analyze(csv("G,2025-01-15,100.00", "G,2025-03-15,200.00", "G,2025-04-15,100.00",
                                       "Now,2025-06-30,1.00"))
        let client = try analysis.client("G")
        #expect(abs(try #require(client.cv) - 0.7071067811865476) < 1e-15)
        #expect(client.xyz == .z)
    }

    @Test("A span shorter than the minimum has no cv and is Z; the minimum is an option")
    func shortSpanIsZ() throws {
        let data = csv("T,2025-05-15,100.00", "T,2025-06-15,100.00", "Now,2025-06-30,1.00")
        let twoPeriods = try analyze(data).client("T")
        #expect(twoPeriods.cv == nil && twoPeriods.xyz == .z)
        let allowed = try analyze(data) { $0.minimumSpanPeriods = 2 }.client("T")
        #expect(allowed.cv == 0 && allowed.xyz == .x)
    }

    @Test("A span whose mean is not positive has no cv")
    func nonPositiveMeanIsUndefined() throws {
        // p6 = 100, p5 = −300 (a refund, not a purchase day), p4 = 100: mean −33.3 ≤ 0.
        let analysis = try analyze(csv("H,2025-01-15,100.00", "H,2025-02-15,-300.00", "H,2025-03-15,100.00",
                                       "Now,2025-06-30,1.00"))
        let client = try analysis.client("H")
        #expect(client.cv == nil && client.xyz == .z)
    }

    @Test("cv at exactly x is X and at exactly y is Y")
    func boundariesAreInclusive() throws {
        // 90,110,90,110: mean 100, sd 10, cv 0.10. 75,125,75,125: sd 25, cv 0.25.
        let analysis = try analyze(csv(
            "X1,2025-03-15,90.00", "X1,2025-04-15,110.00", "X1,2025-05-15,90.00", "X1,2025-06-15,110.00",
            "Y1,2025-03-15,75.00", "Y1,2025-04-15,125.00", "Y1,2025-05-15,75.00", "Y1,2025-06-15,125.00",
            "Now,2025-06-30,1.00"))
        #expect(try analysis.client("X1").cv == 0.1)
        #expect(try analysis.client("X1").xyz == .x)
        #expect(try analysis.client("Y1").cv == 0.25)
        #expect(try analysis.client("Y1").xyz == .y)
    }

    @Test("Purchase days per period is the alternative measure")
    func purchaseDaysMeasure() throws {
        // Purchase days: p3 = 2, p2 = 1, p1 = 1. mean 4/3, variance 2/9, cv = (√2/3)/(4/3) = 0.353553.
        let analysis = try analyze(csv("D,2025-04-05,10.00", "D,2025-04-20,500.00", "D,2025-05-10,10.00",
                                       "D,2025-06-10,10.00", "Now,2025-06-30,1.00")) {
            $0.xyzMeasure = .purchaseDays
        }
        let client = try analysis.client("D")
        #expect(abs(try #require(client.cv) - 2.0.squareRoot() / 4) < 1e-15)
        #expect(client.xyz == .z)
    }
}
