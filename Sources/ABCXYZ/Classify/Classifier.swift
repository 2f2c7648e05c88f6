import CPrefetch

/// One client's figures in compact form, as the classifier and the writers
/// use them (``ClientResult`` is the public, `String`-carrying view).
struct ClientRecord: Sendable {
    var client: UInt32
    var manager: UInt32  // manager number + 1, 0 for none
    var purchases: Int32
    var firstPurchase: Int32
    var lastPurchase: Int32
    var recency: Int32
    var revenue: Int64
    var annualValue: Int64
    var averageOrderValue: Int64
    var ltvLoss: Int64
    var share: Double
    var cv: Double  // NaN: undefined
    var cycle: Double
    var hasOwnCycle: Bool
    var abc: ABCClass
    var xyz: XYZClass
    var status: ClientStatus
    var tier: UInt8  // 0 for active
    /// A pair's service (category number + 1, 0 for `""`); 0 for a client (SPEC §13).
    var service: UInt32 = 0

    /// What ABC ranked this client by (SPEC §3).
    @inline(__always)
    func abcValue(_ measure: ABCMeasure) -> Int64 {
        measure == .revenue ? revenue : annualValue
    }
}

/// SPEC §3–§7 over grouped histories: the per-client pass in parallel, then
/// the figures that need every client (population cycle, ABC ranks, the
/// win-back order), each decided exactly and in a fixed order.
struct Classifier {
    let options: AnalysisOptions
    let grid: PeriodGrid
    let threads: Int
    /// Statuses per client × service pair (SPEC §13) or per client (§5).
    let cycles: CycleBasis
    /// With the model asked for (§14): the pass tallies occasions and the
    /// model summary is built from it.
    var model: ModelOptions? = nil

    func classify(_ histories: ClientHistories, names: Analysis.Names, scale: Int,
                  lines: Int, rowsRead: Int, accepted: Int) -> Analysis {
        var marks = Trace.Marks()
        let (facts, pairFacts) = clientFacts(histories)
        marks.mark("classify: client pass")
        let occasions = model.map { PassSummary(facts, names: names.clients, asOf: grid.asOf, options: $0, scale: scale,
                                                      threads: threads) }
        if occasions != nil { marks.mark("classify: model summary") }

        // §5: the population cycle, from the own cycles before the minimum.
        let ownCycles = facts.lazy.filter { $0.purchases > 0 && !$0.ownCycle.isNaN }.map(\.ownCycle)
        let populationCycle = Median.ofHalves(Array(ownCycles))
        let rule = StatusRule(options)
        let sharedCycle = rule.sharedCycle(population: populationCycle)

        // §13: service cycles, pair statuses, each client's best pair.
        var pairs: ServicePairs? = nil
        var verdicts: [ClientVerdict?] = []
        if let pairFacts {
            (pairs, verdicts) = ServiceJudgement.judge(
                pairFacts, clientCount: histories.clientCount, serviceCount: histories.categoryCount + 1,
                populationCycle: populationCycle, rule: rule, options: options, asOf: grid.asOf.daysSince1970,
                threads: threads)
        }
        marks.mark("classify: population cycle")
        // §3: ABC over clients with a positive measure (annual value or window
        // revenue), largest first, ties by id: gathered in client order (= id
        // order) and sorted stably on the measure.
        let byRevenue = options.abcMeasure == .revenue
        var positive: [Int] = []
        var nonPositive: [Int] = []
        var total: Int64 = 0  // below 2^63: the reader checks Σ|amount|
        var windowRevenue: Int64 = 0  // of the clients with positive revenue, whatever the measure
        for client in facts.indices where facts[client].purchases > 0 {
            let value = byRevenue ? facts[client].revenue : facts[client].annualValue
            if facts[client].revenue > 0 { windowRevenue += facts[client].revenue }
            if value > 0 {
                positive.append(client)
                total += value
            } else {
                nonPositive.append(client)
            }
        }
        let (ranked, rankKeys) = RadixSort.stableSortKeepingKeys(positive, threads: threads) {
            RadixSort.descendingKey(byRevenue ? facts[$0].revenue : facts[$0].annualValue)
        }
        // The measures in rank order come back from the sorted keys: reading
        // them from `facts` in rank order would be a cache miss per client.
        var classes = [ABCClass](repeating: .c, count: ranked.count)
        var before: Int64 = 0
        for position in ranked.indices {
            classes[position] = options.abcLimits.a.exceeds(part: before, of: total) ? .a
                : options.abcLimits.b.exceeds(part: before, of: total) ? .b : .c
            before += RadixSort.value(ofDescendingKey: rankKeys[position])
        }
        marks.mark("classify: rank")

        // §4–§7 per client, in output order, in parallel.
        let abcClasses = classes
        let clientVerdicts = verdicts
        let order = ranked + nonPositive
        let totalAsDouble = Double(total)
        let records = Parallel.array(order.count, threads: threads, parts: threads * 4) { positions, output in
            for position in positions {
                // In rank order the clients' facts are read at random: asked for 8 ahead.
                if position + 8 < positions.upperBound { Self.prefetch(facts, order[position + 8]) }
                let client = order[position]
                let isRanked = position < ranked.count
                output.initialize(at: position, to: record(
                    client, facts[client], abc: isRanked ? abcClasses[position] : .c,
                    share: isRanked ? Double(byRevenue ? facts[client].revenue : facts[client].annualValue)
                        / totalAsDouble : 0,
                    sharedCycle: sharedCycle, rule: rule, verdict: clientVerdicts.isEmpty ? nil : clientVerdicts[client]))
            }
        }
        marks.mark("classify: records")

        // §7: the win-back list: tier ascending, value lost descending, id.
        // Each client's place, tier and loss gathered in one sequential read of
        // the records: the sorts then read these small arrays in client order,
        // not the records at random places.
        var positionOfClient = [Int](repeating: -1, count: facts.count)
        var tierOfClient = [UInt8](repeating: 0, count: facts.count)
        var lossKeyOfClient = [UInt64](repeating: 0, count: facts.count)
        for (position, client) in order.enumerated() {
            positionOfClient[client] = position
            tierOfClient[client] = records[position].tier
            lossKeyOfClient[client] = RadixSort.descendingKey(records[position].ltvLoss)
        }
        let candidates = facts.indices.filter { tierOfClient[$0] != 0 }  // client order; 0: active or no record
        let byLoss = RadixSort.stableSort(candidates, threads: threads) { lossKeyOfClient[$0] }
        let winBack = RadixSort.stableSort(byLoss, threads: threads) { UInt64(tierOfClient[$0]) }
            .map { positionOfClient[$0] }
        if pairs != nil { finishPairs(&pairs!, records: records) }
        marks.mark("classify: win-back order")
        let summary = IngestSummary(
            lines: lines, rowsRead: rowsRead, accepted: accepted, rejected: rowsRead - accepted,
            used: histories.rowCount, afterAsOf: histories.afterAsOf,
            clients: histories.clientsWithRows, clientsWithPurchases: records.count)
        let list = ClientList(records: records, names: names, scale: scale)
        return Analysis(
            options: options, grid: grid, scale: scale, populationCycleDays: populationCycle,
            abcTotal: Money(minorUnits: total), totalRevenue: Money(minorUnits: windowRevenue),
            summary: summary, clients: list,
            winBackList: WinBackList(clients: list, order: winBack),
            histories: histories, names: names, cycles: cycles, pairs: pairs, passSummary: occasions)
    }

    /// Asks the cache for both ends of client `client`'s facts (80 bytes at a
    /// multiple of 16: always two cache lines). A hint only; `client` is
    /// checked like an index.
    @inline(__always)
    private static func prefetch(_ facts: [ClientFacts], _ client: Int) {
        precondition(client >= 0 && client < facts.count, "Classifier: client out of range")
        facts.withUnsafeBufferPointer { buffer in
            let start = UnsafeRawPointer(buffer.baseAddress! + client)
            abcxyz_prefetch(start)
            abcxyz_prefetch(start + MemoryLayout<ClientFacts>.size - 1)
        }
    }

    /// The per-client pass for every client, in parallel over ranges of
    /// clients; in service mode each client's pairs too, from the same walk
    /// (each range's pairs in client order, joined in range order).
    func clientFacts(_ histories: ClientHistories) -> ([ClientFacts], [PairFacts]?) {
        let pass = ClientPass(grid: grid, options: options, occasions: model?.occasions)
        let pairPass = cycles == .service ? PairPass(options: options) : nil
        let ranges = Parallel.ranges(histories.clientCount, parts: threads * 8)
        let asOf = grid.asOf.daysSince1970
        var pairsOfRanges: [[PairFacts]] = []
        // Uninitialised, so that the workers are the first to touch its pages
        // (filled first on one thread, 20 MB at 10 M rows took 10–15 ms).
        let facts = [ClientFacts](unsafeUninitializedCapacity: histories.clientCount) { buffer, initialized in
            // The ranges cover every client once: each slot is initialised exactly once.
            let output = DisjointWrites(buffer)
            pairsOfRanges = Parallel.map(ranges.count, threads: threads) { range -> [PairFacts] in
                var scratch = ClientPass.Scratch(periods: grid.count)
                var pairScratch = pairPass.map { _ in PairPass.Scratch(categoryCount: histories.categoryCount) }
                var pairs: [PairFacts] = []
                for client in ranges[range] {
                    let rows = histories.rows(of: client, through: asOf)
                    let clientFacts = pass.facts(rows, of: histories, scratch: &scratch)
                    output.initialize(at: client, to: clientFacts)
                    if let pairPass {
                        pairPass.appendPairs(of: client, rows, histories, facts: clientFacts,
                                             scratch: &pairScratch!, to: &pairs)
                    }
                }
                return pairs
            }
            initialized = histories.clientCount
        }
        return (facts, pairPass == nil ? nil : Array(pairsOfRanges.joined()))
    }

    /// The pairs of SPEC §13 for an analysis whose clients were judged per
    /// client (`--cycles client`): the per-service listings are §13's
    /// whatever judged the clients; the cells are the clients' as classified.
    func servicePairs(_ histories: ClientHistories, populationCycle: Double?, records: [ClientRecord]) -> ServicePairs {
        let (_, pairFacts) = Classifier(options: options, grid: grid, threads: threads, cycles: .service)
            .clientFacts(histories)
        var (pairs, _) = ServiceJudgement.judge(
            pairFacts!, clientCount: histories.clientCount, serviceCount: histories.categoryCount + 1,
            populationCycle: populationCycle, rule: StatusRule(options), options: options,
            asOf: grid.asOf.daysSince1970, threads: threads)
        finishPairs(&pairs, records: records)
        return pairs
    }

    /// The pairs' cells and tiers (the client's, SPEC §13), the `services`
    /// listing order and the service win-back list.
    private func finishPairs(_ pairs: inout ServicePairs, records: [ClientRecord]) {
        var listingOrder: [Int] = []
        listingOrder.reserveCapacity(pairs.records.count)
        for record in records {
            let client = Int(record.client)
            for position in pairs.pairs(of: client) {
                pairs.records[position].abc = record.abc
                pairs.records[position].xyz = record.xyz
                if pairs.records[position].status != .active {
                    pairs.records[position].tier = UInt8(options.tierMatrix[record.abc, record.xyz].rawValue)
                }
                listingOrder.append(position)
            }
        }
        pairs.listingOrder = listingOrder
        let pairRecords = pairs.records
        let candidates = pairRecords.indices.filter { pairRecords[$0].tier != 0 }  // client id, then service order
        let byLoss = RadixSort.stableSort(candidates, threads: threads) { RadixSort.descendingKey(pairRecords[$0].ltvLoss) }
        pairs.winBackOrder = RadixSort.stableSort(byLoss, threads: threads) { UInt64(pairRecords[$0].tier) }
    }

    /// §4–§7 for one client, once its ABC class and the shared cycle are
    /// known; in service mode the cycle, recency, status and (rate) cv come
    /// from its pairs' verdict (§13).
    private func record(_ client: Int, _ facts: ClientFacts, abc: ABCClass, share: Double,
                        sharedCycle: Double, rule: StatusRule, verdict: ClientVerdict?) -> ClientRecord {
        let cv = verdict != nil && options.xyzMeasure == .rate ? verdict!.cv : facts.cv
        let xyz: XYZClass = cv.isNaN ? .z : cv <= options.xyzLimits.x ? .x : cv <= options.xyzLimits.y ? .y : .z
        let hasOwnCycle = verdict?.hasOwnCycle ?? !facts.ownCycle.isNaN
        let cycle = verdict?.cycle ?? rule.cycle(own: facts.ownCycle, shared: sharedCycle)
        let recency = verdict?.recency ?? grid.asOf.daysSince1970 - facts.lastPurchase
        let status = verdict?.status ?? rule.status(recency: recency, cycle: cycle)
        let ltvLoss = status == .active ? 0
            : MoneyRounding.scale(facts.annualValue, by: options.horizonYears, options.margin)
        let tier = status == .active ? 0 : UInt8(options.tierMatrix[abc, xyz].rawValue)
        return ClientRecord(
            client: UInt32(client), manager: facts.manager, purchases: facts.purchases,
            firstPurchase: facts.firstPurchase, lastPurchase: facts.lastPurchase, recency: recency,
            revenue: facts.revenue, annualValue: facts.annualValue,
            averageOrderValue: MoneyRounding.divide(facts.historyNet, by: Int64(facts.purchases)),
            ltvLoss: ltvLoss, share: share, cv: cv, cycle: cycle, hasOwnCycle: hasOwnCycle,
            abc: abc, xyz: xyz, status: status, tier: tier)
    }
}
