/// What one walk over a client × service pair's rows yields (SPEC §13),
/// before anything that needs the other pairs (the service cycle).
struct PairFacts: Sendable {
    var client: UInt32 = 0
    /// Category number + 1; 0 for the empty service `""`.
    var service: UInt32 = 0
    /// Manager number + 1 on the pair's latest row that names one; 0 if none.
    var master: UInt32 = 0
    var purchases: Int32 = 0
    var firstPurchase: Int32 = 0
    var lastPurchase: Int32 = 0
    /// Net after `lastPurchase − 365 days`, never below 0.
    var annualValue: Int64 = 0
    /// The median of the pair's intervals when there are enough; NaN otherwise.
    var ownCycle: Double = .nan
    /// The rate measure's cv over the pair's purchase days (SPEC §4, §13);
    /// NaN when undefined or when XYZ measures something else.
    var cv: Double = .nan
}

/// The per-pair walk of SPEC §13: a client's rows split by service
/// (``ServiceSplit``), each pair walked a day at a time as §1 and §5 walk a
/// client. A client with one service is its only pair: its figures are the
/// client's, copied without a second walk.
struct PairPass: Sendable {
    let minimumIntervals: Int
    let minimumRates: Int
    let byRate: Bool

    init(options: AnalysisOptions) {
        minimumIntervals = options.minimumIntervals
        minimumRates = options.minimumSpanPeriods
        byRate = options.xyzMeasure == .rate
    }

    /// Buffers reused from client to client by one thread.
    struct Scratch {
        var split: ServiceSplit
        var intervals: [Int32] = []
        var rates: [Double] = []

        init(categoryCount: Int) {
            split = ServiceSplit(categoryCount: categoryCount)
        }
    }

    /// Appends the pairs of `client` that have a purchase day, in service order.
    func appendPairs(of client: Int, _ rows: Range<Int>, _ histories: ClientHistories, facts: ClientFacts,
                     scratch: inout Scratch, to pairs: inout [PairFacts]) {
        guard facts.purchases > 0 else { return }  // no purchase day: no pair has one either
        scratch.split.split(histories, rows)
        if scratch.split.pairCount == 1 {
            pairs.append(PairFacts(client: UInt32(client), service: scratch.split.service(0), master: facts.manager,
                                   purchases: facts.purchases, firstPurchase: facts.firstPurchase,
                                   lastPurchase: facts.lastPurchase, annualValue: facts.annualValue,
                                   ownCycle: facts.ownCycle, cv: byRate ? facts.cv : .nan))
            return
        }
        histories.rows.withUnsafeBufferPointer { history in
            for pair in 0..<scratch.split.pairCount {
                let positions = scratch.split.positions(pair)
                var result = PairFacts(client: UInt32(client), service: scratch.split.service(pair))
                var previous: Int32 = 0
                scratch.intervals.removeAll(keepingCapacity: true)
                scratch.rates.removeAll(keepingCapacity: true)
                DayWalk.forEachDay(history, positions: positions) { day, net, manager in
                    if manager != 0 { result.master = manager }
                    guard net > 0 else { return }
                    if result.purchases == 0 {
                        result.firstPurchase = day
                    } else {
                        let gap = day - previous
                        scratch.intervals.append(gap)
                        if byRate { scratch.rates.append(Double(net) / Double(gap)) }
                    }
                    result.purchases += 1
                    previous = day
                }
                guard result.purchases > 0 else { continue }  // a pair without a purchase day is left out
                result.lastPurchase = previous
                let yearBefore = previous - 365
                var annual: Int64 = 0
                var k = positions.endIndex
                while k > positions.startIndex, history[positions[k - 1]].day > yearBefore {
                    annual += history[positions[k - 1]].amount
                    k -= 1
                }
                result.annualValue = max(0, annual)
                if scratch.intervals.count >= minimumIntervals {
                    result.ownCycle = Median.ofIntervals(&scratch.intervals)
                }
                if byRate, scratch.rates.count >= minimumRates { result.cv = ClientPass.variation(of: scratch.rates) }
                pairs.append(result)
            }
        }
    }
}
