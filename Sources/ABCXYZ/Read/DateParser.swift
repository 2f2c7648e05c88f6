/// How to read dates whose order of day and month the text alone cannot tell.
public enum DateFormat: String, Hashable, Sendable, CaseIterable {
    /// `YYYY-MM-DD` (a time after `T` or a space is ignored), `DD.MM.YYYY`,
    /// `YYYYMMDD`, and year-first `YYYY/MM/DD`. Dates with the year last
    /// (`13/01/2025`, `01-13-2025`) take the order the whole column shows
    /// (``DateOrderEvidence``); when no date shows it, `03/04/2025` is an
    /// error that asks for one of the two formats below.
    case automatic = "auto"
    /// Day first: `DD/MM/YYYY` (also `DD-MM-YYYY`), as in most of the world.
    case dayFirst = "DD/MM/YYYY"
    /// Month first: `MM/DD/YYYY` (also `MM-DD-YYYY`), as in US exports.
    case monthFirst = "MM/DD/YYYY"
}

/// Reads a calendar day from the bytes of one field (SPEC §9).
///
/// Day and month may be written with one or two digits; the year needs four.
/// Anything after a space or `T` that follows a complete date (a time of day,
/// a zone) is ignored: exports from tills and 1C carry times, the method
/// counts days.
struct DateParser: Sendable {
    let format: DateFormat
    /// With ``DateFormat/automatic``: read year-last dates in the order each
    /// one shows, day first when it shows none, and report which (the first
    /// pass of ``TransactionReader``); otherwise they are ambiguous.
    let decidingOrder: Bool

    init(format: DateFormat, decidingOrder: Bool = false) {
        self.format = format
        self.decidingOrder = decidingOrder && format == .automatic
    }

    /// What a year-last date says about the order of day and month.
    enum OrderEvidence: UInt8, Sendable {
        /// Not a year-last date (or not read in deciding mode).
        case none = 0
        /// Both parts ≤ 12: either order (read day first for now).
        case undecided
        /// The first part is > 12: only day first (`13/01/2025`).
        case dayFirst
        /// The second part is > 12: only month first (`01/13/2025`).
        case monthFirst
    }

    enum Failure: Error, Hashable, Sendable {
        case empty
        case malformed
        case ambiguous  // day/month order unknown: name the format
        case noSuchDay  // 2025-02-30
        case outOfRange  // before 1900-01-01 (Day.dataYears), e.g. 1C's empty date 01.01.0001
    }

    /// Days since 1970-01-01, or why the field is not a date.
    @inline(__always)
    func parse(_ field: UnsafeBufferPointer<UInt8>) -> Result<Int32, Failure> {
        var order = OrderEvidence.none
        return parse(field, order: &order)
    }

    /// Days since 1970-01-01, or why the field is not a date; `order` says
    /// what a year-last date showed (in deciding mode).
    @inline(__always)
    func parse(_ field: UnsafeBufferPointer<UInt8>, order: inout OrderEvidence) -> Result<Int32, Failure> {
        let length = field.count
        // Fast path: exactly YYYY-MM-DD.
        if length == 10, field[4] == UInt8(ascii: "-"), field[7] == UInt8(ascii: "-") {
            let y0 = field[0] &- 48, y1 = field[1] &- 48, y2 = field[2] &- 48, y3 = field[3] &- 48
            let m0 = field[5] &- 48, m1 = field[6] &- 48, d0 = field[8] &- 48, d1 = field[9] &- 48
            if (y0 | y1 | y2 | y3 | m0 | m1 | d0 | d1) & 0xF0 == 0,
               y0 <= 9, y1 <= 9, y2 <= 9, y3 <= 9, m0 <= 9, m1 <= 9, d0 <= 9, d1 <= 9
            {
                let year = Int(y0) * 1000 + Int(y1) * 100 + Int(y2) * 10 + Int(y3)
                return Self.day(year: year, month: Int(m0) * 10 + Int(m1), day: Int(d0) * 10 + Int(d1))
            }
        }
        return parseGeneral(field, order: &order)
    }

    private func parseGeneral(_ field: UnsafeBufferPointer<UInt8>, order: inout OrderEvidence)
        -> Result<Int32, Failure>
    {
        let length = field.count
        var start = 0
        var end = length
        while start < end, field[start] == UInt8(ascii: " ") || field[start] == UInt8(ascii: "\t") { start += 1 }
        while end > start, field[end - 1] == UInt8(ascii: " ") || field[end - 1] == UInt8(ascii: "\t") { end -= 1 }
        guard start < end else { return .failure(.empty) }
        // Up to three groups of digits joined by one kind of separator; stop at
        // a space or `T` after the third group.
        var groups: (Int, Int, Int) = (0, 0, 0)
        var widths: (Int, Int, Int) = (0, 0, 0)
        var groupCount = 0
        var separator: UInt8 = 0
        var value = 0
        var width = 0
        var k = start
        var stoppedEarly = false
        func close() {
            switch groupCount {
            case 0: groups.0 = value; widths.0 = width
            case 1: groups.1 = value; widths.1 = width
            default: groups.2 = value; widths.2 = width
            }
            groupCount += 1
            value = 0
            width = 0
        }
        while k < end {
            let byte = field[k]
            let digit = byte &- UInt8(ascii: "0")
            if digit <= 9 {
                guard width < 8 else { return .failure(.malformed) }
                value = value * 10 + Int(digit)
                width += 1
            } else if byte == UInt8(ascii: "-") || byte == UInt8(ascii: ".") || byte == UInt8(ascii: "/") {
                guard width > 0, groupCount < 2, separator == 0 || separator == byte else {
                    return .failure(.malformed)
                }
                separator = byte
                close()
            } else if (byte == UInt8(ascii: " ") || byte == UInt8(ascii: "T")) && groupCount == 2 && width > 0 {
                stoppedEarly = true
                break
            } else {
                return .failure(.malformed)
            }
            k += 1
        }
        if stoppedEarly || k == end {
            guard width > 0 else { return .failure(.malformed) }
            close()
        }
        if groupCount == 1 {
            // YYYYMMDD
            guard widths.0 == 8 else { return .failure(.malformed) }
            return Self.day(year: groups.0 / 10_000, month: groups.0 / 100 % 100, day: groups.0 % 100)
        }
        guard groupCount == 3 else { return .failure(.malformed) }
        if widths.0 == 4, widths.1 <= 2, widths.2 <= 2 {
            return Self.day(year: groups.0, month: groups.1, day: groups.2)  // year first: unambiguous
        }
        guard widths.2 == 4, widths.0 <= 2, widths.1 <= 2 else { return .failure(.malformed) }
        if separator == UInt8(ascii: ".") {
            return Self.day(year: groups.2, month: groups.1, day: groups.0)  // DD.MM.YYYY
        }
        switch format {
        case .automatic where decidingOrder:
            let (first, second) = (groups.0, groups.1)
            if first > 12, second > 12 { return .failure(.noSuchDay) }  // in either order
            if second > 12 {
                order = .monthFirst
                return Self.day(year: groups.2, month: first, day: second)
            }
            order = first > 12 ? .dayFirst : .undecided
            return Self.day(year: groups.2, month: second, day: first)
        case .automatic: return .failure(.ambiguous)
        case .dayFirst: return Self.day(year: groups.2, month: groups.1, day: groups.0)
        case .monthFirst: return Self.day(year: groups.2, month: groups.0, day: groups.1)
        }
    }

    @inline(__always)
    static func day(year: Int, month: Int, day: Int) -> Result<Int32, Failure> {
        guard year >= 1, month >= 1, month <= 12, day >= 1,
              day <= Day.daysInMonth(year: year, month: month)
        else { return .failure(.noSuchDay) }
        guard Day.dataYears.contains(year) else { return .failure(.outOfRange) }
        return .success(Int32(Day.daysFromCivil(year: year, month: month, day: day)))
    }
}
