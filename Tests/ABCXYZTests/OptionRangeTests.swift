@testable import ABCXYZ
import Testing

@Suite("Option ranges: AnalysisOptions.validate() refuses what SPEC §2–§8 does not allow")
struct OptionRangeTests {
    /// The option `validate()` names for `configure`'s options, or `nil` when they pass.
    func refused(_ configure: (inout AnalysisOptions) -> Void) -> OptionsError? {
        var options = AnalysisOptions()
        configure(&options)
        do {
            try options.validate()
            return nil
        } catch {
            return error
        }
    }

    @Test("The margin is a share of revenue: more than 0 and at most 1 (SPEC §6)")
    func marginIsAShare() {
        #expect(refused { $0.margin = 35 }?.option == "margin")
        #expect(refused { $0.margin = 35 }?.description == "margin must be more than 0 and at most 1 (got 35)")
        #expect(refused { $0.margin = 0 }?.option == "margin")
        #expect(refused { $0.margin = -0.5 }?.option == "margin")
        #expect(refused { $0.margin = .nan }?.option == "margin")
        #expect(refused { $0.margin = 1 } == nil)
        #expect(refused { $0.margin = 0.35 } == nil)
    }

    @Test("The horizon is more than 0 and at most 100 years; the lost factor at least the at-risk factor (§5, §6)")
    func horizonAndFactors() {
        #expect(refused { $0.horizonYears = 0 }?.option == "horizonYears")
        #expect(refused { $0.horizonYears = 101 }?.option == "horizonYears")
        #expect(refused { $0.horizonYears = .infinity }?.option == "horizonYears")
        #expect(refused { $0.horizonYears = 100 } == nil)
        #expect(refused { $0.atRiskFactor = 0 }?.option == "atRiskFactor")
        #expect(refused { $0.lostFactor = 0.5 }?.option == "lostFactor")
        #expect(refused { $0.lostFactor = 1001 }?.option == "lostFactor")
        #expect(refused {
            $0.atRiskFactor = 2
            $0.lostFactor = 2
        } == nil)
    }

    @Test("Window and span: 1 to 1000 periods; a cv needs at least 2 periods and no more than the window holds (§2, §4)")
    func periods() {
        #expect(refused { $0.periodCount = 0 }?.option == "periodCount")
        #expect(refused { $0.periodCount = 1001 }?.option == "periodCount")
        #expect(refused { $0.minimumSpanPeriods = 1 }?.option == "minimumSpanPeriods")
        #expect(refused { $0.periodCount = 2 }?.option == "minimumSpanPeriods")  // the default 3 > N = 2
        #expect(refused {
            $0.periodCount = 2
            $0.minimumSpanPeriods = 2
        } == nil)
        #expect(refused { $0.minimumIntervals = 0 }?.option == "minimumIntervals")
    }

    @Test("Cycles: the fallback more than 0 days, the floor 0 or more, both at most 36525 days (§5)")
    func cycles() {
        #expect(refused { $0.fallbackCycleDays = 0 }?.option == "fallbackCycleDays")
        #expect(refused { $0.fallbackCycleDays = 40_000 }?.option == "fallbackCycleDays")
        #expect(refused { $0.minimumCycleDays = -1 }?.option == "minimumCycleDays")
        #expect(refused { $0.minimumCycleDays = 0 } == nil)
    }

    @Test("As-of lies in the years an export can hold, 1900-01-01 to 9999-12-31")
    func asOfRange() {
        #expect(refused { $0.asOf = Day(year: 1899, month: 12, day: 31) }?.option == "asOf")
        #expect(refused { $0.asOf = Day(year: 1, month: 1, day: 1) }?.option == "asOf")
        #expect(refused { $0.asOf = Day(year: 1900, month: 1, day: 1) } == nil)
        #expect(refused { $0.asOf = Day(year: 9999, month: 12, day: 31) } == nil)
    }

    @Test("A horizon that would push the value lost past 64 bits is refused, not a crash")
    func valueLostOverflow() throws {
        // Nine rows of 10^18 − 1 minor units: 9·10^18 in total, within 2^63; × 2 years is not.
        let rows = (1...9).map { "A,2024-01-0\($0),9999999999999999.99" } + ["B,2025-06-30,1.00"]
        let table = try TransactionTable(csv: Array(("client,date,amount\n" + rows.joined(separator: "\n")).utf8))
        var options = AnalysisOptions()
        options.horizonYears = 2
        #expect(throws: AnalysisError.self) { try table.analyze(options) }
        options.horizonYears = 1
        let analysis = try table.analyze(options)
        // 9·(10^18 − 1) as a Double is 9·10^18 exactly (doubles there are 1024 apart).
        #expect(try analysis.client("A").annualValue == Money(minorUnits: 9 * 999_999_999_999_999_999))
        #expect(try analysis.client("A").ltvLoss == Money(minorUnits: 9_000_000_000_000_000_000))
    }
}
