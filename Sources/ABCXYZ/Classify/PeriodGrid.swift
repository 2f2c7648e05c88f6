/// The window of SPEC §2: `N` periods stepping back from as-of, the newest
/// ending exactly on as-of, none partial.
///
/// Period `k` (1 is the newest) is `(b_k, b_{k−1}]` with `b_k = asOf − k·L`.
/// With the defaults the window is the last 12 months, `(asOf − 12 months, asOf]`.
public struct PeriodGrid: Hashable, Sendable {
    /// The day the periods step back from.
    public let asOf: Day
    /// Week, month or quarter: the step between boundaries.
    public let length: PeriodLength
    /// N, the number of periods.
    public let count: Int
    /// `boundaries[k]` is `b_k` for `k = 0…N`, newest first.
    public let boundaries: [Day]
    /// For day `windowStart + 1 + i`, its period index (0 = newest) at `i`.
    private let periodOfOffset: [UInt16]

    /// The `count` periods of `length` ending on `asOf`; each day's period is looked up in a table
    /// built here, since the walks ask for it on every purchase day.
    public init(asOf: Day, length: PeriodLength, count: Int) {
        precondition(count >= 1 && count <= Int(UInt16.max))
        self.asOf = asOf
        self.length = length
        self.count = count
        let boundaries = (0...count).map { length.boundary($0, before: asOf) }
        self.boundaries = boundaries
        var lookup = [UInt16](repeating: 0, count: asOf - boundaries[count])
        for k in 1...count {
            for day in (boundaries[k] - boundaries[count])..<(boundaries[k - 1] - boundaries[count]) {
                lookup[day] = UInt16(k - 1)
            }
        }
        periodOfOffset = lookup
    }

    /// `b_N`: the window is the days after it, through as-of.
    public var windowStart: Day { boundaries[count] }

    /// Period `k` (1 = newest) as a half-open range of days `(b_k, b_{k−1}]`,
    /// returned as its first and last day.
    public func period(_ k: Int) -> ClosedRange<Day> {
        boundaries[k].addingDays(1)...boundaries[k - 1]
    }

    /// The 0-based period index (0 = newest) of a day inside the window.
    @inline(__always)
    func index(ofDayInWindow day: Int32) -> Int {
        Int(periodOfOffset[Int(day - windowStart.daysSince1970) - 1])
    }
}
