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

    @Test("Days before year 1, which a long window can reach, print in ISO 8601's expanded form instead of trapping")
    func yearsBeforeOne() {
        let first = Day(year: 1, month: 1, day: 1)!
        #expect(first.description == "0001-01-01")
        #expect(first.addingDays(-1).description == "0000-12-31")  // year 0 is 1 BC, a leap year
        #expect(first.addingMonths(-24).description == "-0001-01-01")
        #expect(first.addingMonths(-12 * 250).description == "-0249-01-01")  // 1 − 250 = −249 (year 0 counts)
        #expect(Day(year: 1900, month: 3, day: 5)!.addingMonths(-3000).description == "1650-03-05")
    }

    @Test("The years an export may hold are 1900 to 9999")
    func dataYears() {
        #expect(Day.earliestData.description == "1900-01-01")
        #expect(Day.latestData.description == "9999-12-31")
        #expect(!Day(year: 1899, month: 12, day: 31)!.isInDataRange)
        #expect(Day(year: 1900, month: 1, day: 1)!.isInDataRange)
    }

    @Test("A report on a table built in memory with a year-1 sale does not crash: its periods reach back before year 1")
    func reportBeforeYearOne() throws {
        let table = TransactionTable([
            Transaction(client: "A", date: Day(year: 1, month: 3, day: 1)!, amount: Money(minorUnits: 1000)),
            Transaction(client: "B", date: Day(year: 1, month: 12, day: 1)!, amount: Money(minorUnits: 500)),
        ])
        let report = try table.analyze().report(period: .year)
        // d1 = 0001-12-01, d0 = 0000-12-01; the previous period is 365 days before d0
        // (year 0 has a 29 February, so that is -0001-12-02, not -0001-12-01).
        #expect(report.period.start.description == "0000-12-01")
        #expect(report.period.previousStart.description == "-0001-12-02")
    }
}
