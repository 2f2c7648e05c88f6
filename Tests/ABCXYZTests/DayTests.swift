@testable import ABCXYZ
import Testing

@Suite("Calendar days and month arithmetic (SPEC §2)")
struct DayTests {
    @Test("Subtracting months keeps the day and clamps it to the target month, as SPEC §2's examples say")
    func monthSubtractionClamps() {
        #expect(day("2024-03-31").addingMonths(-1) == day("2024-02-29"))
        #expect(day("2024-03-30").addingMonths(-1) == day("2024-02-29"))
        #expect(day("2024-03-30").addingMonths(-2) == day("2024-01-30"))
        #expect(day("2025-03-31").addingMonths(-1) == day("2025-02-28"))
        #expect(day("2025-05-31").addingMonths(-1) == day("2025-04-30"))
        #expect(day("2025-01-15").addingMonths(-13) == day("2023-12-15"))
        #expect(day("2024-01-31").addingMonths(1) == day("2024-02-29"))
        #expect(day("2000-02-29").addingMonths(-12) == day("1999-02-28"))
    }

    @Test("Boundaries are taken from as-of directly, not step by step")
    func boundariesFromAsOf() {
        let grid = PeriodGrid(asOf: day("2024-03-31"), length: .month, count: 3)
        #expect(grid.boundaries == [day("2024-03-31"), day("2024-02-29"), day("2024-01-31"), day("2023-12-31")])
    }

    @Test("Day counts match the proleptic Gregorian calendar")
    func dayCounts() {
        #expect(day("1970-01-01").daysSince1970 == 0)
        #expect(day("2000-03-01") - day("2000-02-28") == 2)  // 2000 is a leap year
        #expect(day("1900-03-01") - day("1900-02-28") == 1)  // 1900 is not
        #expect(day("2025-06-30") - day("2024-06-30") == 365)
        #expect(day("2025-01-10").addingDays(-365) == day("2024-01-11"))
        #expect(Day(year: 2025, month: 2, day: 29) == nil)
        #expect(Day(year: 0, month: 1, day: 1) == nil)
    }

    @Test("Every day from 1600 to 2400 survives a round trip through its components")
    func roundTrip() {
        var current = Day(year: 1600, month: 1, day: 1)!
        let last = Day(year: 2400, month: 12, day: 31)!
        var previous = current.addingDays(-1)
        while current <= last {
            let (y, m, d) = current.components
            #expect(Day(year: y, month: m, day: d) == current)
            #expect(current - previous == 1)
            previous = current
            current = current.addingDays(1)
            if current.daysSince1970 % 997 != 0 { continue }  // spot-check the text form
            #expect(Day(iso: current.description) == current)
        }
    }
}
