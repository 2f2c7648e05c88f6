/// A calendar day with no time and no time zone, held as a count of days since
/// 1970-01-01 in the proleptic Gregorian calendar.
///
/// Sales exports carry dates, not instants: a purchase on 2025-06-30 belongs to
/// that day wherever the analysis runs, so the engine never touches time zones.
///
/// ```swift
/// let asOf = Day(year: 2024, month: 3, day: 31)!
/// print(asOf.addingMonths(-1))   // 2024-02-29 (clamped to the month's length)
/// print(asOf - Day(year: 2024, month: 1, day: 1)!)  // 90
/// ```
public struct Day: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// Days since 1970-01-01 (negative before it).
    public let daysSince1970: Int32

    /// The years ``init(year:month:day:)`` and ``init(iso:)`` accept: 1 through 9999.
    public static let supportedYears: ClosedRange<Int> = 1...9999

    /// The years an export's dates, and dates given as options (as-of, a
    /// report's days, a generated export's end), may have: from 1900, where
    /// Excel's calendar starts, to 9999. An earlier date is a placeholder, not
    /// a sale (1C writes an empty date as 01.01.0001), and the reader rejects
    /// it; from 1900 a window of 1000 quarters still ends after year 1.
    public static let dataYears: ClosedRange<Int> = 1900...9999
    /// 1900-01-01, the first day of ``dataYears``.
    public static let earliestData = Day(year: 1900, month: 1, day: 1)!
    /// 9999-12-31, the last day of ``dataYears``.
    public static let latestData = Day(year: 9999, month: 12, day: 31)!

    /// Whether this day lies in ``dataYears``.
    public var isInDataRange: Bool { self >= Day.earliestData && self <= Day.latestData }

    /// Creates a day from its count of days since 1970-01-01.
    public init(daysSince1970: Int) {
        self.daysSince1970 = Int32(daysSince1970)
    }

    /// Creates a day from its year, month (1–12) and day of month, or returns
    /// `nil` when no such day exists (2025-02-29) or the year is outside
    /// ``supportedYears``.
    public init?(year: Int, month: Int, day: Int) {
        guard Day.supportedYears.contains(year), (1...12).contains(month),
              day >= 1, day <= Day.daysInMonth(year: year, month: month)
        else { return nil }
        self.daysSince1970 = Int32(Day.daysFromCivil(year: year, month: month, day: day))
    }

    /// Parses `YYYY-MM-DD`; returns `nil` for anything else.
    public init?(iso text: String) {
        let bytes = Array(text.utf8)
        guard bytes.count == 10, bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-"),
              let year = Day.number(bytes[0..<4]), let month = Day.number(bytes[5..<7]),
              let day = Day.number(bytes[8..<10])
        else { return nil }
        self.init(year: year, month: month, day: day)
    }

    /// The year, month (1–12) and day of month.
    public var components: (year: Int, month: Int, day: Int) {
        Day.civilFromDays(Int(daysSince1970))
    }

    /// This day moved by `months` calendar months, keeping the day of month and
    /// clamping it to the length of the target month (SPEC §2):
    /// 2024-03-31 − 1 month = 2024-02-29; 2024-03-30 − 2 months = 2024-01-30.
    public func addingMonths(_ months: Int) -> Day {
        let (year, month, day) = components
        let monthIndex = year * 12 + (month - 1) + months
        let targetYear = monthIndex >= 0 ? monthIndex / 12 : (monthIndex - 11) / 12
        let targetMonth = monthIndex - targetYear * 12 + 1
        let clampedDay = min(day, Day.daysInMonth(year: targetYear, month: targetMonth))
        return Day(daysSince1970: Day.daysFromCivil(year: targetYear, month: targetMonth, day: clampedDay))
    }

    /// This day moved by `days` days.
    public func addingDays(_ days: Int) -> Day {
        Day(daysSince1970: Int(daysSince1970) + days)
    }

    /// The number of days from `start` to `end` (`end − start`).
    public static func - (end: Day, start: Day) -> Int {
        Int(end.daysSince1970) - Int(start.daysSince1970)
    }

    /// Earlier days first.
    public static func < (lhs: Day, rhs: Day) -> Bool {
        lhs.daysSince1970 < rhs.daysSince1970
    }

    /// `YYYY-MM-DD`; a year outside 0…9999 (a window reaching back past year 1)
    /// in ISO 8601's expanded form, with a sign: `-0249-03-31`.
    public var description: String {
        String(decoding: isoBytes, as: UTF8.self)
    }

    /// The bytes of ``description``, for writers that build output without `String`.
    var isoBytes: [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(10)
        appendISO(to: &bytes)
        return bytes
    }

    /// Appends ``description``'s bytes: ten for every year from 0 to 9999.
    @inline(__always)
    func appendISO<Bytes: ByteAppending & ~Copyable>(to bytes: inout Bytes) {
        let (year, month, day) = components
        let zero = UInt8(ascii: "0")
        if year < 0 { bytes.append(UInt8(ascii: "-")) } else if year > 9999 { bytes.append(UInt8(ascii: "+")) }
        let digits = year.magnitude
        if digits > 9999 { bytes.append(contentsOf: String(digits / 10_000).utf8) }
        let low = digits % 10_000
        bytes.append(zero + UInt8(low / 1000))
        bytes.append(zero + UInt8(low / 100 % 10))
        bytes.append(zero + UInt8(low / 10 % 10))
        bytes.append(zero + UInt8(low % 10))
        bytes.append(UInt8(ascii: "-"))
        bytes.append(zero + UInt8(month / 10))
        bytes.append(zero + UInt8(month % 10))
        bytes.append(UInt8(ascii: "-"))
        bytes.append(zero + UInt8(day / 10))
        bytes.append(zero + UInt8(day % 10))
    }

    // MARK: Calendar arithmetic

    static func isLeapYear(_ year: Int) -> Bool {
        (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
    }

    static func daysInMonth(year: Int, month: Int) -> Int {
        switch month {
        case 2: return isLeapYear(year) ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// Days since 1970-01-01 of a valid civil date (Howard Hinnant's
    /// `days_from_civil`, exact for every proleptic Gregorian date).
    @inline(__always)
    static func daysFromCivil(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let monthFromMarch = month > 2 ? month - 3 : month + 9
        let dayOfYear = (153 * monthFromMarch + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    /// The civil date of a day count (Hinnant's `civil_from_days`).
    static func civilFromDays(_ days: Int) -> (year: Int, month: Int, day: Int) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthFromMarch = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthFromMarch + 2) / 5 + 1
        let month = monthFromMarch < 10 ? monthFromMarch + 3 : monthFromMarch - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    private static func number(_ digits: ArraySlice<UInt8>) -> Int? {
        var value = 0
        for byte in digits {
            guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { return nil }
            value = value * 10 + Int(byte - UInt8(ascii: "0"))
        }
        return value
    }
}
