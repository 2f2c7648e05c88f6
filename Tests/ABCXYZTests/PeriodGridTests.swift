@testable import ABCXYZ
import Testing

@Suite("Periods and the window (SPEC §2)")
struct PeriodGridTests {
    @Test("Monthly periods of the worked example: the newest ends on as-of, February clamps")
    func monthlyPeriods() {
        let grid = PeriodGrid(asOf: day("2025-06-30"), length: .month, count: 12)
        #expect(grid.windowStart == day("2024-06-30"))
        #expect(grid.period(1) == day("2025-05-31")...day("2025-06-30"))
        #expect(grid.period(4) == day("2025-03-01")...day("2025-03-30"))  // (2025-02-28, 2025-03-30]
        #expect(grid.period(5) == day("2025-01-31")...day("2025-02-28"))
        #expect(grid.index(ofDayInWindow: day("2025-03-03").daysSince1970) == 3)  // period 4
        #expect(grid.index(ofDayInWindow: day("2025-06-30").daysSince1970) == 0)
        #expect(grid.index(ofDayInWindow: day("2024-07-01").daysSince1970) == 11)
    }

    @Test("Weekly and quarterly periods step 7 days and 3 months")
    func weeksAndQuarters() {
        let weeks = PeriodGrid(asOf: day("2025-01-05"), length: .week, count: 2)
        #expect(weeks.boundaries == [day("2025-01-05"), day("2024-12-29"), day("2024-12-22")])
        let quarters = PeriodGrid(asOf: day("2025-05-31"), length: .quarter, count: 2)
        #expect(quarters.boundaries == [day("2025-05-31"), day("2025-02-28"), day("2024-11-30")])
    }

    @Test("Every day of the window is in exactly the period whose range holds it")
    func everyDayInItsPeriod() {
        for length in PeriodLength.allCases {
            let grid = PeriodGrid(asOf: day("2024-03-31"), length: length, count: 14)
            var current = grid.windowStart.addingDays(1)
            while current <= grid.asOf {
                let k = grid.index(ofDayInWindow: current.daysSince1970) + 1
                #expect(grid.period(k).contains(current), "\(current) in period \(k) of \(length)")
                current = current.addingDays(1)
            }
        }
    }
}
