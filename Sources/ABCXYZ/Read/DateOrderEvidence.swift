/// What the accepted rows of one piece, then of the whole file, showed about
/// the order of day and month in year-last dates (`13/01/2025`), when no
/// `--date-format` names it.
///
/// A date whose first part is > 12 can only be day first; one whose second
/// part is > 12 can only be month first; `03/04/2025` could be either. The
/// column takes the one order its dates show (both orders are an error);
/// when none shows one, the dates stay ambiguous.
struct DateOrderEvidence: Sendable {
    /// The first date (its bytes' range) that can only be day first.
    var dayFirst: Range<Int>? = nil
    /// The first date that can only be month first.
    var monthFirst: Range<Int>? = nil
    /// Dates that could be either.
    var undecided = 0

    mutating func note(_ evidence: DateParser.OrderEvidence, _ range: Range<Int>) {
        switch evidence {
        case .none: break
        case .undecided: undecided += 1
        case .dayFirst: if dayFirst == nil { dayFirst = range }
        case .monthFirst: if monthFirst == nil { monthFirst = range }
        }
    }

    /// The pieces' evidence, in file order.
    static func merged(_ pieces: some Sequence<DateOrderEvidence>) -> DateOrderEvidence {
        var all = DateOrderEvidence()
        for piece in pieces {
            all.dayFirst = all.dayFirst ?? piece.dayFirst
            all.monthFirst = all.monthFirst ?? piece.monthFirst
            all.undecided += piece.undecided
        }
        return all
    }

    /// What to do with the year-last dates.
    enum Decision: Equatable {
        /// There are none, or they were read in the one order they show.
        case keep
        /// Read again month first: the undecided ones were read day first.
        case readAgainMonthFirst
        /// No date shows the order: read again refusing them as ambiguous.
        case readAgainAmbiguous
        /// Both orders occur: `later` contradicts `earlier`, which showed `order`.
        case conflict(later: Range<Int>, earlier: Range<Int>, order: DateFormat)
    }

    var decision: Decision {
        switch (dayFirst, monthFirst) {
        case (let day?, let month?):
            return day.lowerBound < month.lowerBound
                ? .conflict(later: month, earlier: day, order: .dayFirst)
                : .conflict(later: day, earlier: month, order: .monthFirst)
        case (_?, nil): return .keep
        case (nil, _?): return undecided > 0 ? .readAgainMonthFirst : .keep
        case (nil, nil): return undecided > 0 ? .readAgainAmbiguous : .keep
        }
    }

    /// The order chosen, if one was (for the notice).
    var chosen: (format: DateFormat, shownBy: Range<Int>)? {
        switch (dayFirst, monthFirst) {
        case (let day?, nil): (.dayFirst, day)
        case (nil, let month?): (.monthFirst, month)
        default: nil
        }
    }
}

/// The order of day and month the reader chose for a column of dates like
/// `13/01/2025`, and the date that decided it.
public struct InferredDateOrder: Hashable, Sendable, CustomStringConvertible {
    /// ``DateFormat/dayFirst`` or ``DateFormat/monthFirst``.
    public var format: DateFormat
    /// The header name of the date column.
    public var column: String
    /// The first date that can only be read in this order, and its line.
    public var example: String
    /// The physical line of ``example``, from 1.
    public var line: Int

    /// `dates in column 'date' read as DD/MM/YYYY: '13/01/2025' on line 3 can only be day first`.
    public var description: String {
        let order = format == .dayFirst ? "day first" : "month first"
        return "dates in column '\(MessageText.shown(column))' read as \(format.rawValue): "
            + "'\(MessageText.shown(example))' on line \(line) can only be \(order) (--date-format names the order)"
    }
}
