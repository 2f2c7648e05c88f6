/// The client × service pairs of an analysis in service mode (SPEC §13),
/// each judged by its own cycle or its service's, as compact records.
///
/// A pair is a ``ClientRecord`` whose `service` is set and whose `manager`
/// is the pair's master; revenue, share and aov are 0 (no pair figure), the
/// ABC/XYZ cell is the client's.
struct ServicePairs: Sendable {
    /// Every pair with a purchase day, in client-number (= id) order, services
    /// in byte order within a client.
    var records: [ClientRecord]
    /// Client `c`'s pairs are `starts[c]..<starts[c + 1]`.
    let starts: [Int]
    /// `c_s` by service number (category + 1, 0 for `""`): the median own
    /// cycle of the service's pairs, before the minimum; `nil` when no pair has one.
    let serviceCycles: [Double?]
    /// The cycle a pair without its own takes in each service: `c_s`, or the
    /// population cycle when `nil`, at least the minimum.
    let sharedCycles: [Double]
    /// Pair positions in the order of the `services` listing: the clients in
    /// the order of `classify`, each one's services in byte order.
    var listingOrder: [Int] = []
    /// The at-risk and lost pairs: tier, value lost descending, client id, service.
    var winBackOrder: [Int] = []

    /// The positions of `client`'s pairs.
    func pairs(of client: Int) -> Range<Int> { starts[client]..<starts[client + 1] }
}

/// What a client's pairs say about the client (SPEC §13).
struct ClientVerdict: Sendable {
    /// The deciding pair's cycle, whether it is the pair's own, and its recency.
    var cycle: Double
    var hasOwnCycle: Bool
    var recency: Int32
    /// The best status among the pairs.
    var status: ClientStatus
    /// The main service's cv (the pair with the largest annual value).
    var cv: Double
}

/// The rules of SPEC §13 that need every pair: the service cycles, then each
/// pair's cycle and status, then each client's status from its best pair.
enum ServiceJudgement {
    /// The service cycles `c_s` (median own cycle of each service's pairs) from
    /// the pairs' own cycles.
    static func serviceCycles(ownCycles pairs: some Sequence<(service: Int, ownCycle: Double)>,
                              serviceCount: Int) -> [Double?] {
        var cycles = [[Double]](repeating: [], count: serviceCount)
        for pair in pairs where !pair.ownCycle.isNaN { cycles[pair.service].append(pair.ownCycle) }
        return cycles.map { Median.ofHalves($0) }
    }

    /// The status order of SPEC §13: active, then at-risk, then lost.
    @inline(__always)
    static func rank(_ status: ClientStatus) -> Int {
        switch status {
        case .active: 0
        case .atRisk: 1
        case .lost: 2
        }
    }

    /// Whether pair `a` decides before pair `b`: the smaller recency / cycle,
    /// then the smaller recency (a later pair in service order loses ties).
    @inline(__always)
    static func decidesBefore(recency a: Int32, cycle aCycle: Double, recency b: Int32, cycle bCycle: Double) -> Bool {
        let left = Double(a) / aCycle, right = Double(b) / bCycle
        return left != right ? left < right : a < b
    }

    /// Judges every pair and every client with pairs.
    static func judge(_ facts: [PairFacts], clientCount: Int, serviceCount: Int, populationCycle: Double?,
                      rule: StatusRule, options: AnalysisOptions, asOf: Int32, threads: Int)
        -> (pairs: ServicePairs, verdicts: [ClientVerdict?])
    {
        let serviceCycles = serviceCycles(ownCycles: facts.lazy.map { (Int($0.service), $0.ownCycle) },
                                          serviceCount: serviceCount)
        let shared = serviceCycles.map { rule.sharedCycle(population: $0 ?? populationCycle) }
        var starts = [Int](repeating: 0, count: clientCount + 1)
        for pair in facts { starts[Int(pair.client) + 1] += 1 }
        for client in 0..<clientCount { starts[client + 1] += starts[client] }
        let records = Parallel.array(facts.count, threads: threads, parts: threads * 4) { positions, output in
            for position in positions {
                let pair = facts[position]
                let cycle = rule.cycle(own: pair.ownCycle, shared: shared[Int(pair.service)])
                let recency = asOf - pair.lastPurchase
                let status = rule.status(recency: recency, cycle: cycle)
                let ltvLoss = status == .active ? 0
                    : MoneyRounding.scale(pair.annualValue, by: options.horizonYears, options.margin)
                output.initialize(at: position, to: ClientRecord(
                    client: pair.client, manager: pair.master, purchases: pair.purchases,
                    firstPurchase: pair.firstPurchase, lastPurchase: pair.lastPurchase, recency: recency,
                    revenue: 0, annualValue: pair.annualValue, averageOrderValue: 0, ltvLoss: ltvLoss, share: 0,
                    cv: pair.cv, cycle: cycle, hasOwnCycle: !pair.ownCycle.isNaN, abc: .c, xyz: .z,
                    status: status, tier: 0, service: pair.service))
            }
        }
        var verdicts = [ClientVerdict?](repeating: nil, count: clientCount)
        for client in 0..<clientCount where starts[client + 1] > starts[client] {
            var deciding = starts[client], main = starts[client]
            var best = rank(records[deciding].status)
            for position in (starts[client] + 1)..<starts[client + 1] {
                let pair = records[position]
                best = min(best, rank(pair.status))
                if decidesBefore(recency: pair.recency, cycle: pair.cycle,
                                 recency: records[deciding].recency, cycle: records[deciding].cycle) {
                    deciding = position
                }
                if pair.annualValue > records[main].annualValue { main = position }
            }
            let decider = records[deciding]
            verdicts[client] = ClientVerdict(cycle: decider.cycle, hasOwnCycle: decider.hasOwnCycle,
                                             recency: decider.recency, status: ClientStatus.allCases[best],
                                             cv: records[main].cv)
        }
        return (ServicePairs(records: records, starts: starts, serviceCycles: serviceCycles, sharedCycles: shared),
                verdicts)
    }
}

/// One client × service pair as SPEC §13 judges it, with the names of the
/// `services` listing.
public struct ServicePairResult: Hashable, Sendable {
    /// The client's id as in the export.
    public var client: String
    /// `""` for rows with an empty category.
    public var service: String
    /// Purchase days of the pair (its days with a positive net).
    public var purchases: Int
    /// The pair's first purchase day.
    public var firstPurchase: Day
    /// The pair's last purchase day on or before as-of: where its recency counts from.
    public var lastPurchase: Day
    /// The pair's own cycle or its service's, at least the minimum.
    public var cycleDays: Double
    /// `true` when the cycle is the pair's own median interval, not its service's.
    public var hasOwnCycle: Bool
    /// Days from the pair's last purchase to as-of.
    public var recencyDays: Int
    /// The pair's status: a client can be lost to one service and active in another.
    public var status: ClientStatus
    /// What the pair brought in its last year (§6).
    public var annualValue: Money
    /// The pair's lifetime value lost: annual value × horizon × margin if not active.
    public var ltvLoss: Money
    /// The tier of the client's cell, for at-risk and lost pairs.
    public var tier: WinBackTier?
    /// The client's classes.
    public var abc: ABCClass
    /// The client's XYZ class (§4).
    public var xyz: XYZClass
    /// The manager on the pair's latest row that names one.
    public var master: String?
}

extension Analysis {
    /// The pairs of SPEC §13: those the classifier judged in service mode,
    /// or, with ``CycleBasis/client``, worked out now.
    var judgedPairs: ServicePairs {
        if let pairs { return pairs }
        return Classifier(options: options, grid: grid, threads: threads, cycles: .service)
            .servicePairs(histories, populationCycle: populationCycleDays, records: clients.records)
    }

    /// Every client × service pair in the order of the `services` listing
    /// (clients as `classify` orders them, services in byte order), judged
    /// by SPEC §13 whatever judged the clients.
    public var servicePairs: [ServicePairResult] {
        let pairs = judgedPairs
        return pairs.listingOrder.map { pairResult(pairs.records[$0]) }
    }

    /// The at-risk and lost pairs in win-back order: tier, value lost
    /// descending, client id, service (SPEC §13).
    public var serviceWinBackList: [ServicePairResult] {
        let pairs = judgedPairs
        return pairs.winBackOrder.map { pairResult(pairs.records[$0]) }
    }

    func pairResult(_ record: ClientRecord) -> ServicePairResult {
        ServicePairResult(
            client: names.clients.string(Int(record.client)),
            service: String(decoding: names.service(record.service), as: UTF8.self),
            purchases: Int(record.purchases),
            firstPurchase: Day(daysSince1970: Int(record.firstPurchase)),
            lastPurchase: Day(daysSince1970: Int(record.lastPurchase)),
            cycleDays: record.cycle, hasOwnCycle: record.hasOwnCycle, recencyDays: Int(record.recency),
            status: record.status, annualValue: Money(minorUnits: record.annualValue),
            ltvLoss: Money(minorUnits: record.ltvLoss),
            tier: record.tier == 0 ? nil : WinBackTier(rawValue: Int(record.tier)),
            abc: record.abc, xyz: record.xyz,
            master: record.manager == 0 ? nil : names.managers.string(Int(record.manager - 1)))
    }
}
