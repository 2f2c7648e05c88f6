/// What one walk over a client's history yields, before anything that needs
/// the other clients (population cycle, ABC rank).
struct ClientFacts: Sendable {
    /// Purchase days (days with a positive net amount), SPEC §1.
    var purchases: Int32 = 0
    var firstPurchase: Int32 = 0
    var lastPurchase: Int32 = 0
    /// Net amount inside the window (§3).
    var revenue: Int64 = 0
    /// Net amount of the whole history (for the average order value, §6).
    var historyNet: Int64 = 0
    /// Net amount after `lastPurchase − 365 days`, never below 0 (§6).
    var annualValue: Int64 = 0
    /// The median interval when there are enough of them (§5); NaN otherwise.
    var ownCycle: Double = .nan
    /// The coefficient of variation of the XYZ measure (§4); NaN when undefined.
    var cv: Double = .nan
    /// Manager number + 1 on the latest row that names one; 0 if none (§8).
    var manager: UInt32 = 0
    /// The model's occasions (§14), counted only when the model is asked for.
    var occasions: Int32 = 0
    var firstOccasion: Int32 = 0
    var lastOccasion: Int32 = 0
    /// Net amount of the occasions after the first, in minor units.
    var repeatOccasionNet: Int64 = 0
}

/// The per-client walk of SPEC §1–§6: one pass over the client's rows in day
/// order, folding same-day rows into a day's net amount.
struct ClientPass: Sendable {
    let grid: PeriodGrid
    let measure: XYZMeasure
    let minimumSpanPeriods: Int
    let minimumIntervals: Int
    /// What the model counts as an occasion (§14); `nil`: no model, no tally.
    let occasions: ModelOccasions?

    /// Buffers reused from client to client by one thread (no allocation per client).
    struct Scratch {
        var intervals: [Int32] = []
        /// The rate measure's values, money per day, in day order (§4).
        var rates: [Double] = []
        var periodRevenue: [Int64]
        var periodPurchases: [Int32]

        init(periods: Int) {
            periodRevenue = [Int64](repeating: 0, count: periods)
            periodPurchases = [Int32](repeating: 0, count: periods)
        }
    }

    init(grid: PeriodGrid, options: AnalysisOptions, occasions: ModelOccasions? = nil) {
        self.grid = grid
        self.occasions = occasions
        measure = options.xyzMeasure
        minimumSpanPeriods = options.minimumSpanPeriods
        minimumIntervals = options.minimumIntervals
    }

    func facts(_ rows: Range<Int>, of histories: ClientHistories, scratch: inout Scratch) -> ClientFacts {
        var facts = ClientFacts()
        let windowStart = grid.windowStart.daysSince1970
        let byRate = measure == .rate
        var previousPurchase: Int32 = 0
        var newestSpan = Int.max, oldestSpan = -1     // period indices of purchases in the window
        var touchedLow = Int.max, touchedHigh = -1    // period indices written in scratch
        scratch.intervals.removeAll(keepingCapacity: true)
        scratch.rates.removeAll(keepingCapacity: true)
        let tallies = occasions != nil
        var tally = OccasionTally(occasions ?? .purchaseDays)
        histories.rows.withUnsafeBufferPointer { history in
            DayWalk.forEachDay(history, rows) { day, net, manager in
                if tallies { tally.add(day: day, net: net) }
                if manager != 0 { facts.manager = manager }
                facts.historyNet += net
                var period = -1
                if day > windowStart {
                    facts.revenue += net
                    if !byRate {  // the classic measures count per period of the window
                        period = grid.index(ofDayInWindow: day)
                        scratch.periodRevenue[period] += net
                        touchedLow = min(touchedLow, period)
                        touchedHigh = max(touchedHigh, period)
                    }
                }
                guard net > 0 else { return }
                if facts.purchases == 0 {
                    facts.firstPurchase = day
                } else {
                    let gap = day - previousPurchase
                    scratch.intervals.append(gap)
                    // §4: this purchase day's net over the days since the previous one.
                    if byRate { scratch.rates.append(Double(net) / Double(gap)) }
                }
                facts.purchases += 1
                previousPurchase = day
                if period >= 0 {
                    scratch.periodPurchases[period] += 1
                    newestSpan = min(newestSpan, period)
                    oldestSpan = max(oldestSpan, period)
                }
            }
            guard facts.purchases > 0 else { return }
            facts.lastPurchase = previousPurchase
            // Annual value: rows after lastPurchase − 365 days, through as-of.
            let yearBefore = previousPurchase - 365
            var annual: Int64 = 0
            var k = rows.upperBound
            while k > rows.lowerBound, history[k - 1].day > yearBefore {
                annual += history[k - 1].amount
                k -= 1
            }
            facts.annualValue = max(0, annual)
        }
        if tallies {
            facts.occasions = Int32(tally.count)
            facts.firstOccasion = tally.first
            facts.lastOccasion = tally.last
            facts.repeatOccasionNet = tally.repeatNet
        }
        if facts.purchases > 0, scratch.intervals.count >= minimumIntervals {
            facts.ownCycle = Median.ofIntervals(&scratch.intervals)
        }
        if byRate {
            if scratch.rates.count >= minimumSpanPeriods { facts.cv = Self.variation(of: scratch.rates) }
        } else if oldestSpan >= 0, oldestSpan - newestSpan + 1 >= minimumSpanPeriods {
            facts.cv = variation(from: oldestSpan, to: newestSpan, scratch)
        }
        if touchedHigh >= 0 {
            for period in touchedLow...touchedHigh {
                scratch.periodRevenue[period] = 0
                scratch.periodPurchases[period] = 0
            }
        }
        return facts
    }

    /// The coefficient of variation of the rates (SPEC §4): population
    /// standard deviation, two passes in day order, over the mean. Every rate
    /// is positive, so the mean is too.
    static func variation(of rates: [Double]) -> Double {
        let n = Double(rates.count)
        var total = 0.0
        for rate in rates { total += rate }
        let mean = total / n
        var squares = 0.0
        for rate in rates {
            let deviation = rate - mean
            squares += deviation * deviation
        }
        return (squares / n).squareRoot() / mean
    }

    /// The coefficient of variation over periods `oldest` down to `newest`
    /// (SPEC §4): population standard deviation, two passes, over the mean;
    /// NaN when the mean is not positive.
    private func variation(from oldest: Int, to newest: Int, _ scratch: Scratch) -> Double {
        let n = Double(oldest - newest + 1)
        func value(_ period: Int) -> Double {
            measure == .revenue ? Double(scratch.periodRevenue[period]) : Double(scratch.periodPurchases[period])
        }
        var total: Int64 = 0
        for period in stride(from: oldest, through: newest, by: -1) {
            total += measure == .revenue ? scratch.periodRevenue[period] : Int64(scratch.periodPurchases[period])
        }
        let mean = Double(total) / n
        guard mean > 0 else { return .nan }
        var squares = 0.0
        for period in stride(from: oldest, through: newest, by: -1) {
            let deviation = value(period) - mean
            squares += deviation * deviation
        }
        return (squares / n).squareRoot() / mean
    }
}
