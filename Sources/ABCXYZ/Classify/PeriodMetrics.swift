/// The figures of SPEC §8 for one reporting period `(start, end]`: who was a
/// customer at each end, who was new, who left, who came back.
///
/// A rate whose denominator is zero is `nil` (undefined), never 0.
public struct PeriodMetrics: Hashable, Sendable {
    /// `d0`: the period is the days after it, through ``end``.
    public var start: Day
    /// `d1`.
    public var end: Day
    /// The previous period of the same length is `(previousStart, start]`.
    public var previousStart: Day
    /// CS: customers at `d0` (a purchase day on or before it and not lost as of it).
    public var customersAtStart = 0
    /// CE: customers at `d1`.
    public var customersAtEnd = 0
    /// Customers at `d1` whose first purchase day is in the period.
    public var newCustomers = 0
    /// Customers at `d1` who bought before `d0` but were lost at `d0`: won back.
    public var reactivated = 0
    /// Customers at `d0` that are lost at `d1`.
    public var churned = 0
    /// Clients with a purchase day in the previous period.
    public var previousBuyers = 0
    /// …of whom bought again in the period.
    public var returned = 0

    /// A period with every count at zero, for a pass to fill; `(previousStart, start]` is the
    /// previous period, whose buyers the return rate follows.
    public init(start: Day, end: Day, previousStart: Day) {
        self.start = start
        self.end = end
        self.previousStart = previousStart
    }

    /// CN: customers at `d1` that were not customers at `d0`, new or reactivated.
    public var customersWon: Int { newCustomers + reactivated }

    /// `churned / CS`.
    public var churnRate: Double? { ratio(churned, customersAtStart) }
    /// CRR: `(CE − CN) / CS`, the share of the customers at `d0` still
    /// customers at `d1`; with CN counting the reactivated, CRR + churn = 1.
    public var retentionRate: Double? { ratio(customersAtEnd - customersWon, customersAtStart) }
    /// `returned / previousBuyers`.
    public var returnRate: Double? { ratio(returned, previousBuyers) }

    private func ratio(_ part: Int, _ whole: Int) -> Double? {
        whole > 0 ? Double(part) / Double(whole) : nil
    }
}

/// Where a client stood at `d0` and `d1`, from its rows up to each day.
struct PeriodStanding: Sendable {
    var purchasesAtStart: Int32 = 0
    var lastAtStart: Int32 = 0
    var ownCycleAtStart: Double = .nan
    /// Manager number + 1 on the latest row up to `d0` that names one; 0 if none.
    var managerAtStart: UInt32 = 0
    var purchasesAtEnd: Int32 = 0
    var lastAtEnd: Int32 = 0
    var ownCycleAtEnd: Double = .nan
    var managerAtEnd: UInt32 = 0
    var firstPurchase: Int32 = 0
    var boughtInPeriod = false
    var boughtInPrevious = false
}

/// Computes ``PeriodStanding`` for every client and the statuses of SPEC §8:
/// `status(i, d)` is SPEC §5 as if as-of were `d`, with only rows up to `d`
/// counting, the population cycle included.
struct PeriodPass {
    let start: Int32
    let end: Int32
    let previousStart: Int32
    let minimumIntervals: Int
    let rule: StatusRule
    let threads: Int

    init(_ metrics: PeriodMetrics, options: AnalysisOptions, threads: Int) {
        start = metrics.start.daysSince1970
        end = metrics.end.daysSince1970
        previousStart = metrics.previousStart.daysSince1970
        minimumIntervals = options.minimumIntervals
        rule = StatusRule(options)
        self.threads = threads
    }

    /// Every client's standing, in parallel over ranges of clients.
    func standings(_ histories: ClientHistories) -> [PeriodStanding] {
        Parallel.array(histories.clientCount, threads: threads, parts: threads * 8) { clients, output in
            var intervals: [Int32] = []
            var prefix: [Int32] = []
            for client in clients {
                output.initialize(
                    at: client, to: standing(histories.rows(of: client, through: end), histories, &intervals, &prefix))
            }
        }
    }

    private func standing(_ rows: Range<Int>, _ histories: ClientHistories,
                          _ intervals: inout [Int32], _ prefix: inout [Int32]) -> PeriodStanding {
        var standing = PeriodStanding()
        intervals.removeAll(keepingCapacity: true)
        var purchases: Int32 = 0
        var last: Int32 = 0
        histories.rows.withUnsafeBufferPointer { history in
            DayWalk.forEachDay(history, rows) { day, net, manager in
                if manager != 0 {
                    if day <= start { standing.managerAtStart = manager }
                    standing.managerAtEnd = manager
                }
                guard net > 0 else { return }
                if purchases == 0 { standing.firstPurchase = day } else { intervals.append(day - last) }
                purchases += 1
                last = day
                if day <= start {
                    standing.purchasesAtStart = purchases
                    standing.lastAtStart = day
                }
                if day > start { standing.boughtInPeriod = true }
                if day > previousStart, day <= start { standing.boughtInPrevious = true }
            }
        }
        standing.purchasesAtEnd = purchases
        standing.lastAtEnd = last
        // The intervals up to d0 are the first ones: copy them before selection reorders the list.
        let intervalsAtStart = max(Int(standing.purchasesAtStart) - 1, 0)
        if intervalsAtStart >= minimumIntervals {
            prefix.removeAll(keepingCapacity: true)
            prefix.append(contentsOf: intervals[0..<intervalsAtStart])
            standing.ownCycleAtStart = Median.ofIntervals(&prefix)
        }
        if intervals.count >= minimumIntervals { standing.ownCycleAtEnd = Median.ofIntervals(&intervals) }
        return standing
    }

    /// The status of each client at `d0` and at `d1` (`nil` before its first purchase day).
    func statuses(_ standings: [PeriodStanding]) -> (atStart: [ClientStatus?], atEnd: [ClientStatus?]) {
        /// SPEC §5 at `day`, from each client's purchases, last purchase day and own cycle up to it.
        func statuses(at day: Int32, _ facts: (PeriodStanding) -> (purchases: Int32, last: Int32, ownCycle: Double))
            -> [ClientStatus?]
        {
            let shared = rule.sharedCycle(population: Median.ofHalves(standings.compactMap {
                let ownCycle = facts($0).ownCycle
                return ownCycle.isNaN ? nil : ownCycle
            }))
            return standings.map { standing in
                let (purchases, last, ownCycle) = facts(standing)
                guard purchases > 0 else { return nil }
                return rule.status(recency: day - last, cycle: rule.cycle(own: ownCycle, shared: shared))
            }
        }
        return (statuses(at: start) { ($0.purchasesAtStart, $0.lastAtStart, $0.ownCycleAtStart) },
                statuses(at: end) { ($0.purchasesAtEnd, $0.lastAtEnd, $0.ownCycleAtEnd) })
    }
}

extension PeriodMetrics {
    /// Adds one client's contribution; the report calls it for the whole
    /// data set and, per manager, for the clients assigned to each.
    mutating func count(_ standing: PeriodStanding, atStart: ClientStatus?, atEnd: ClientStatus?,
                        inStart: Bool = true, inEnd: Bool = true) {
        let customerAtStart = atStart != nil && atStart != .lost
        if inStart {
            if customerAtStart { customersAtStart += 1 }
            if customerAtStart, atEnd == .lost { churned += 1 }
            if standing.boughtInPrevious {
                previousBuyers += 1
                if standing.boughtInPeriod { returned += 1 }
            }
        }
        if inEnd, atEnd != nil, atEnd != .lost {
            customersAtEnd += 1
            // Won in the period: new (no purchase day by d0) or back from lost.
            if atStart == nil { newCustomers += 1 } else if atStart == .lost { reactivated += 1 }
        }
    }
}
