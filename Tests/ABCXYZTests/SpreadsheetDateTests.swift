@testable import ABCXYZ
import Testing

@Suite("Dates as spreadsheet serial numbers (1900 date system)")
struct SpreadsheetDateTests {
    /// By hand, counting from 1899-12-30 = 0: 1899-12-31 is 1, January 1900 is 2…32,
    /// February (28 days, 1900 is no leap year) 33…60, so 1900-03-01 is 61. For 2025-06-30:
    /// 1970-01-01 is 25569 (Excel's documented value), 1970→2025 is 55·365 + 14 leap days
    /// = 20089, January–May 2025 are 151 days, plus 29: 25569 + 20089 + 151 + 29 = 45838.
    @Test("1900-03-01 is 61, 1970-01-01 is 25569, 2025-06-30 is 45838, 9999-12-31 is 2958465",
          arguments: [("1900-03-01", 61), ("1970-01-01", 25_569), ("2025-06-30", 45_838), ("2024-02-29", 45_351),
                      ("9999-12-31", 2_958_465)])
    func serials(iso: String, serial: Int) {
        #expect(SpreadsheetDate.serial(Day(iso: iso)!.daysSince1970) == serial)
    }

    @Test("Days before 1900-03-01, where spreadsheets count a 29 February 1900 that never was, have no serial")
    func beforeMarch1900() {
        #expect(SpreadsheetDate.serial(Day(iso: "1900-02-28")!.daysSince1970) == nil)
        #expect(SpreadsheetDate.serial(Day(iso: "1899-12-30")!.daysSince1970) == nil)
        #expect(SpreadsheetDate.serial(Day(iso: "0001-01-01")!.daysSince1970) == nil)
    }
}
