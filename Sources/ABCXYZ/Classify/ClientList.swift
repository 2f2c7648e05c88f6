/// The clients of an analysis in the order of SPEC §11: ABC measure descending
/// (ties by id), then the clients whose measure is ≤ 0 by id.
///
/// A collection of ``ClientResult`` values made on access, so that a million
/// clients cost no million `String`s until someone asks for them.
public struct ClientList: RandomAccessCollection, Sendable {
    let records: [ClientRecord]
    let names: Analysis.Names
    let scale: Int

    /// Positions count from 0 in §11 order, so `clients[0]` is the client ranked first.
    public var startIndex: Int { 0 }
    /// The number of clients with a purchase day.
    public var endIndex: Int { records.count }

    /// The client at `position`, its `String`s made now: the list holds numbers, not names.
    public subscript(position: Int) -> ClientResult {
        let record = records[position]
        return ClientResult(
            client: names.clients.string(Int(record.client)),
            revenue: Money(minorUnits: record.revenue),
            share: record.share,
            abc: record.abc,
            cv: record.cv.isNaN ? nil : record.cv,
            xyz: record.xyz,
            purchases: Int(record.purchases),
            firstPurchase: Day(daysSince1970: Int(record.firstPurchase)),
            lastPurchase: Day(daysSince1970: Int(record.lastPurchase)),
            cycleDays: record.cycle,
            hasOwnCycle: record.hasOwnCycle,
            recencyDays: Int(record.recency),
            status: record.status,
            annualValue: Money(minorUnits: record.annualValue),
            averageOrderValue: Money(minorUnits: record.averageOrderValue),
            ltvLoss: Money(minorUnits: record.ltvLoss),
            tier: record.tier == 0 ? nil : WinBackTier(rawValue: Int(record.tier)),
            manager: record.manager == 0 ? nil : names.managers.string(Int(record.manager - 1)))
    }

    /// The result of the client with this id, if it has a purchase day.
    /// - Complexity: O(n).
    public subscript(client id: String) -> ClientResult? {
        let bytes = Array(id.utf8)
        guard let position = records.firstIndex(where: { names.clients[Int($0.client)].elementsEqual(bytes) })
        else { return nil }
        return self[position]
    }
}

/// The at-risk and lost clients in win-back order (SPEC §7): tier ascending,
/// then lifetime value lost descending, then client id.
public struct WinBackList: RandomAccessCollection, Sendable {
    let clients: ClientList
    /// Positions in `clients`, in list order.
    let order: [Int]

    /// Positions count from 0; an entry's ``WinBackEntry/rank`` is its position + 1.
    public var startIndex: Int { 0 }
    /// The number of at-risk and lost clients.
    public var endIndex: Int { order.count }

    /// The entry at `position`, its client's result made now.
    public subscript(position: Int) -> WinBackEntry {
        let result = clients[order[position]]
        return WinBackEntry(rank: position + 1, tier: result.tier!, result: result)
    }

    func record(at position: Int) -> ClientRecord {
        clients.records[order[position]]
    }
}
