/// A pair's purchase days up to one day: what its status at that day needs.
struct PairStandingAtDay: Sendable {
    var purchases: Int32 = 0
    var last: Int32 = 0
    var ownCycle: Double = .nan
}

/// Where a client × service pair stood at the days the report looks at
/// (SPEC §13 with §8): the business period's ends and its service's period start.
struct PairStanding: Sendable {
    /// At the business period's `d0` and `d1`.
    var atStart = PairStandingAtDay()
    var atEnd = PairStandingAtDay()
    /// At its service's period start `d0_s` (the service period ends at as-of).
    var atServiceStart = PairStandingAtDay()
    /// Manager number + 1 on the pair's latest row up to `d0_s` that names one; 0 if none.
    var masterAtServiceStart: UInt32 = 0
    /// A purchase day in `(d0_s, asOf]`, and in the previous period of the same length.
    var boughtInServicePeriod = false
    var boughtInServicePrevious = false
}

/// SPEC §13's statuses at other days than as-of: each pair's standing at the
/// business period's ends and at its service's period start, from one walk
/// over each client's rows split by service (the pairs come out in the order
/// of ``ServicePairs/records``), then the service cycles at each day.
struct ServicePeriodPass {
    let start: Int32
    let end: Int32
    /// `d0_s` and `d0_s − L_s` by service number.
    let serviceStarts: [Int32]
    let servicePreviousStarts: [Int32]
    let minimumIntervals: Int
    let rule: StatusRule
    let threads: Int

    /// Every pair's standing, at the positions of `pairs.records`.
    func standings(_ histories: ClientHistories, _ pairs: ServicePairs) -> [PairStanding] {
        let ranges = Parallel.ranges(histories.clientCount, parts: threads * 8)
        let asOf = Int32.max
        return [PairStanding](unsafeUninitializedCapacity: pairs.records.count) { buffer, initialized in
            let output = DisjointWrites(buffer)  // each range writes only its own clients' pairs
            Parallel.forEach(ranges.count, threads: threads) { range in
                var split = ServiceSplit(categoryCount: histories.categoryCount)
                var days: [Int32] = []
                var intervals: [Int32] = []
                histories.rows.withUnsafeBufferPointer { history in
                    for client in ranges[range] {
                        var position = pairs.starts[client]
                        guard pairs.starts[client + 1] > position else { continue }
                        split.split(histories, histories.rows(of: client, through: asOf))
                        for pair in 0..<split.pairCount {
                            let service = Int(split.service(pair))
                            var standing = PairStanding()
                            let serviceStart = serviceStarts[service], previousStart = servicePreviousStarts[service]
                            days.removeAll(keepingCapacity: true)
                            DayWalk.forEachDay(history, positions: split.positions(pair)) { day, net, manager in
                                if manager != 0, day <= serviceStart { standing.masterAtServiceStart = manager }
                                guard net > 0 else { return }
                                days.append(day)
                                if day > serviceStart { standing.boughtInServicePeriod = true }
                                if day > previousStart, day <= serviceStart { standing.boughtInServicePrevious = true }
                            }
                            guard !days.isEmpty else { continue }  // as the classifier: no purchase day, no pair
                            standing.atStart = at(start, days, &intervals)
                            standing.atEnd = at(end, days, &intervals)
                            standing.atServiceStart = at(serviceStart, days, &intervals)
                            assert(pairs.records[position].service == UInt32(service))
                            output.initialize(at: position, to: standing)
                            position += 1
                        }
                        assert(position == pairs.starts[client + 1])
                    }
                }
            }
            initialized = pairs.records.count
        }
    }

    /// Purchases, last purchase and own cycle from the purchase days up to `day`.
    private func at(_ day: Int32, _ days: [Int32], _ intervals: inout [Int32]) -> PairStandingAtDay {
        var count = days.count
        while count > 0, days[count - 1] > day { count -= 1 }
        guard count > 0 else { return PairStandingAtDay() }
        var standing = PairStandingAtDay(purchases: Int32(count), last: days[count - 1])
        if count - 1 >= minimumIntervals {
            intervals.removeAll(keepingCapacity: true)
            for k in 1..<count { intervals.append(days[k] - days[k - 1]) }
            standing.ownCycle = Median.ofIntervals(&intervals)
        }
        return standing
    }

    /// Each pair's status at a day (`nil` before its first purchase day), the
    /// service cycles recomputed from the pairs' own cycles at that day, the
    /// population cycle at that day where a service has none.
    static func statuses(_ standings: [PairStanding], services: [UInt32], serviceCount: Int,
                         at day: (UInt32) -> Int32, population: (Int32) -> Double?, rule: StatusRule,
                         _ standingAt: (PairStanding) -> PairStandingAtDay) -> [ClientStatus?] {
        let cycles = ServiceJudgement.serviceCycles(
            ownCycles: standings.indices.map { (service: Int(services[$0]), ownCycle: standingAt(standings[$0]).ownCycle) },
            serviceCount: serviceCount)
        var shared = [Double?](repeating: nil, count: serviceCount)
        return standings.indices.map { position in
            let at = standingAt(standings[position])
            guard at.purchases > 0 else { return nil }
            let service = Int(services[position])
            if shared[service] == nil {
                shared[service] = rule.sharedCycle(population: cycles[service] ?? population(day(UInt32(service))))
            }
            return rule.status(recency: day(UInt32(service)) - at.last,
                               cycle: rule.cycle(own: at.ownCycle, shared: shared[service]!))
        }
    }

    /// The best status of each client's pairs (SPEC §13), `nil` for a client
    /// with no purchase day by then.
    static func clientStatuses(_ pairStatuses: [ClientStatus?], _ pairs: ServicePairs, clientCount: Int)
        -> [ClientStatus?]
    {
        (0..<clientCount).map { client in
            var best: Int? = nil
            for position in pairs.pairs(of: client) {
                if let status = pairStatuses[position] { best = min(best ?? 2, ServiceJudgement.rank(status)) }
            }
            return best.map { ClientStatus.allCases[$0] }
        }
    }
}
