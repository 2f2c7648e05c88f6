/// Dates as spreadsheets store them: a serial number of days, with day 0 on
/// 1899-12-30 (ECMA-376 Part 1, 18.17.4.1, the 1900 date system).
///
/// Excel counts 1900 as a leap year (Lotus 1-2-3's mistake, kept for
/// compatibility), so its serials agree with the real calendar only from
/// 1900-03-01 (serial 61) on; before that they are one day off, and before
/// 1900-01-01 there are none. Such dates are written as ISO text instead.
///
/// ```swift
/// SpreadsheetDate.serial(Day(year: 2025, month: 6, day: 30)!.daysSince1970)   // 45838
/// ```
enum SpreadsheetDate {
    /// The serial of 1970-01-01.
    static let serialOf1970 = 25_569
    /// 1900-03-01, the first day whose serial is right in every spreadsheet.
    static let firstSerial = 61

    /// The serial of a day, or `nil` before 1900-03-01.
    @inline(__always)
    static func serial(_ daysSince1970: Int32) -> Int? {
        let serial = Int(daysSince1970) + serialOf1970
        return serial >= firstSerial ? serial : nil
    }
}
