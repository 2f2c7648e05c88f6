/// The reporting period of each service's churn, retention and return
/// (SPEC §13): it ends at as-of and, by default, lasts one cycle of the
/// service, so that a six-month botox rhythm is not judged by a month.
public enum ServicePeriod: String, Hashable, Sendable, CaseIterable {
    /// `(asOf − L_s, asOf]`, `L_s` the service's cycle rounded up to whole days (the default).
    case cycle
    /// `(asOf − 1 month, asOf]`, `(asOf − 3 months, asOf]`, `(asOf − 12 months, asOf]`, as §8.
    case month, quarter, year

    /// `d0` for a service whose cycle is `cycle` days.
    func start(asOf: Day, cycle: Double) -> Day {
        switch self {
        case .cycle: asOf.addingDays(-Int(cycle.rounded(.up)))
        case .month: asOf.addingMonths(-1)
        case .quarter: asOf.addingMonths(-3)
        case .year: asOf.addingMonths(-12)
        }
    }
}

/// One service's figures (SPEC §13): its cycle and period, its pairs by
/// status at as-of and the value they cost, churn, retention and return over
/// its pairs, and the same per master.
public struct ServiceFigures: Hashable, Sendable {
    /// The service's name; `""` for rows with an empty category, shown `(none)`.
    public var service: String
    /// `max(c_s, minCycle)`: the cycle a pair without its own takes.
    public var cycleDays: Double
    /// `(d0, asOf]` and the counts over pairs: CS, CE, new and reactivated
    /// pairs, churned, previous buyers and returns.
    public var metrics: PeriodMetrics
    /// Pairs at as-of, and of them active, at risk and lost.
    public var pairs = 0
    /// Of the pairs, active at as-of.
    public var active = 0
    /// Of the pairs, at risk at as-of.
    public var atRisk = 0
    /// Of the pairs, lost at as-of.
    public var lost = 0
    /// The sum of the at-risk and lost pairs' value lost.
    public var ltvLoss = Money.zero
    /// Masters in id order, then the pairs with no master.
    public var masters: [MasterFigures] = []

    /// `lost / pairs`: the share of this service's clients lost.
    public var lostRate: Double? { pairs > 0 ? Double(lost) / Double(pairs) : nil }

    /// One master's row within a service: `CS`, churned, previous buyers and
    /// returns of the pairs whose master at `d0` this is; pairs, statuses and
    /// value lost of those whose master at as-of this is.
    public struct MasterFigures: Hashable, Sendable {
        /// `nil` for the pairs with no master.
        public var name: String?
        /// §8's counts over the pairs whose master at `d0` or `d1` this is.
        public var metrics: PeriodMetrics
        /// Pairs whose master at as-of this is.
        public var pairs = 0
        /// Of them, active at as-of.
        public var active = 0
        /// Of them, at risk at as-of.
        public var atRisk = 0
        /// Of them, lost at as-of.
        public var lost = 0
        /// The value lost by the master's at-risk and lost pairs.
        public var ltvLoss = Money.zero

        /// `lost / pairs`: the master's share of lost clients in this service.
        public var lostRate: Double? { pairs > 0 ? Double(lost) / Double(pairs) : nil }

        mutating func add(_ pair: ClientRecord) {
            pairs += 1
            switch pair.status {
            case .active: active += 1
            case .atRisk: atRisk += 1
            case .lost: lost += 1
            }
            ltvLoss = ltvLoss + Money(minorUnits: pair.ltvLoss)
        }
    }
}

extension Analysis {
    /// SPEC §8 in service mode and the per-service figures of §13.
    /// - Returns: the client statuses at the business period's `d0` and `d1`
    ///   (best pair, service cycles recomputed at each day) and one
    ///   ``ServiceFigures`` per service with a pair, in byte order.
    func serviceFigures(_ pairs: ServicePairs, start: Day, end: Day, servicePeriod: ServicePeriod,
                        populationAtStart: Double?, populationAtEnd: Double?)
        -> (atStart: [ClientStatus?], atEnd: [ClientStatus?], services: [ServiceFigures])
    {
        let rule = StatusRule(options)
        let serviceCount = names.categories.count + 1
        let serviceStarts = (0..<serviceCount).map { servicePeriod.start(asOf: asOf, cycle: pairs.sharedCycles[$0]) }
        let previousStarts = serviceStarts.map { $0.addingDays(-(asOf - $0)) }
        let pass = ServicePeriodPass(
            start: start.daysSince1970, end: end.daysSince1970, serviceStarts: serviceStarts.map(\.daysSince1970),
            servicePreviousStarts: previousStarts.map(\.daysSince1970), minimumIntervals: options.minimumIntervals,
            rule: rule, threads: threads)
        let standings = pass.standings(histories, pairs)
        let services = pairs.records.map(\.service)

        // The population cycle at a service's period start, only for a service with no own cycle then.
        var populations: [Int32: Double?] = [start.daysSince1970: populationAtStart, end.daysSince1970: populationAtEnd]
        func population(at day: Int32) -> Double? {
            if let known = populations[day] { return known }
            let metrics = PeriodMetrics(start: Day(daysSince1970: Int(day)), end: Day(daysSince1970: Int(day)),
                                        previousStart: Day(daysSince1970: Int(day)))
            let cycles = PeriodPass(metrics, options: options, threads: threads).standings(histories)
                .compactMap { $0.ownCycleAtEnd.isNaN ? nil : $0.ownCycleAtEnd }
            let value = Median.ofHalves(cycles)
            populations[day] = value
            return value
        }
        let pairsAtStart = ServicePeriodPass.statuses(
            standings, services: services, serviceCount: serviceCount, at: { _ in start.daysSince1970 },
            population: { _ in populationAtStart }, rule: rule, \.atStart)
        let pairsAtEnd = ServicePeriodPass.statuses(
            standings, services: services, serviceCount: serviceCount, at: { _ in end.daysSince1970 },
            population: { _ in populationAtEnd }, rule: rule, \.atEnd)
        let pairsAtServiceStart = ServicePeriodPass.statuses(
            standings, services: services, serviceCount: serviceCount,
            at: { pass.serviceStarts[Int($0)] }, population: population(at:), rule: rule, \.atServiceStart)

        // Per service and master, indexed by service number and manager number + 1.
        var figures = [ServiceFigures?](repeating: nil, count: serviceCount)
        var masters = [[ServiceFigures.MasterFigures?]](repeating: [], count: serviceCount)
        for position in pairs.records.indices {
            let pair = pairs.records[position], standing = standings[position]
            let service = Int(pair.service)
            if figures[service] == nil {
                figures[service] = ServiceFigures(
                    service: String(decoding: names.service(pair.service), as: UTF8.self),
                    cycleDays: pairs.sharedCycles[service],
                    metrics: PeriodMetrics(start: serviceStarts[service], end: asOf,
                                           previousStart: previousStarts[service]))
                masters[service] = [ServiceFigures.MasterFigures?](repeating: nil, count: names.managers.count + 1)
            }
            func master(_ number: UInt32) -> ServiceFigures.MasterFigures {
                masters[service][Int(number)] ?? ServiceFigures.MasterFigures(
                    name: number == 0 ? nil : names.managers.string(Int(number - 1)),
                    metrics: PeriodMetrics(start: serviceStarts[service], end: asOf,
                                           previousStart: previousStarts[service]))
            }
            var counted = PeriodStanding()
            counted.boughtInPeriod = standing.boughtInServicePeriod
            counted.boughtInPrevious = standing.boughtInServicePrevious
            let atStart = pairsAtServiceStart[position]
            figures[service]!.metrics.count(counted, atStart: atStart, atEnd: pair.status)
            if standing.atServiceStart.purchases > 0 {  // a master at d0: the start-side counts
                var row = master(standing.masterAtServiceStart)
                row.metrics.count(counted, atStart: atStart, atEnd: pair.status, inStart: true, inEnd: false)
                masters[service][Int(standing.masterAtServiceStart)] = row
            }
            var row = master(pair.manager)
            row.add(pair)
            masters[service][Int(pair.manager)] = row
            figures[service]!.pairs += 1
            switch pair.status {
            case .active: figures[service]!.active += 1
            case .atRisk: figures[service]!.atRisk += 1
            case .lost: figures[service]!.lost += 1
            }
            figures[service]!.ltvLoss = figures[service]!.ltvLoss + Money(minorUnits: pair.ltvLoss)
        }
        let result = figures.indices.compactMap { service -> ServiceFigures? in
            guard var figure = figures[service] else { return nil }
            let rows = masters[service]
            figure.masters = (Array(1..<rows.count) + [0]).compactMap { rows[$0] }
            return figure
        }
        let clientCount = histories.clientCount
        return (ServicePeriodPass.clientStatuses(pairsAtStart, pairs, clientCount: clientCount),
                ServicePeriodPass.clientStatuses(pairsAtEnd, pairs, clientCount: clientCount), result)
    }
}
