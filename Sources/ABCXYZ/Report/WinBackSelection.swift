/// Which rows of a win-back list to print, and in what order: the call list
/// a sales head hands out (`winback --manager Anna --tier 1,2 --top 20`).
///
/// A selection never changes a figure: every row keeps its values and its
/// `rank`, the position on the whole list of SPEC §7, so a filtered list
/// still says where each client stands. Only which rows are printed, and
/// their order, change.
///
/// ```swift
/// var selection = WinBackSelection()
/// selection.tiers = [.winBackFirst]
/// selection.order = .value
/// let rows = analysis.winBackSelection(selection)   // Bolt (rank 1), Hal (rank 2)
/// ```
public struct WinBackSelection: Hashable, Sendable {
    /// Keep the clients of these managers (masters, per service); `nil`
    /// stands for no manager. Empty: every manager.
    public var managers: [String?] = []
    /// Keep these tiers. Empty: all four.
    public var tiers: Set<WinBackTier> = []
    /// Keep at-risk or lost rows only. Empty: both.
    public var statuses: Set<ClientStatus> = []
    /// Leave out the clients lost longer ago than this many days: keep the
    /// lost ones whose `lost_since` is within the last `days` days (as-of
    /// counts as one), and every at-risk one. `nil`: no limit.
    public var lostWithinDays: Int? = nil
    /// Print at most this many rows, after the filters and the order. `nil`: all.
    public var top: Int? = nil
    /// How the kept rows are ordered; the default is the list's own (§7).
    public var order: WinBackOrder = .tier

    /// Every row of the list, in its order: no filter, no limit.
    public init() {}

    /// Whether rows are left out (an order alone leaves none out).
    public var filters: Bool {
        !managers.isEmpty || !tiers.isEmpty || !statuses.isEmpty || lostWithinDays != nil || top != nil
    }

    /// Whether the selection is the whole list in SPEC §7's order.
    public var isWholeList: Bool { !filters && order == .tier }
}

/// The order of a selected win-back list.
public enum WinBackOrder: String, Hashable, Sendable, CaseIterable {
    /// SPEC §7: tier, then value lost descending, then client id.
    case tier
    /// Value lost descending, then client id (then service).
    case value
    /// The freshest losses first: the at-risk rows, the one closest to being
    /// lost first (the day it will count as lost, ascending), then the lost
    /// ones, the most recently lost first (`lost_since` descending); ties by
    /// client id (then service).
    case recency
}

/// Rows of a listing picked from its records, with each one's rank on the whole list.
struct SelectedRows {
    /// Positions in the listing's records, in print order.
    var positions: [Int]
    /// `ranks[i]`: the rank (from 1) of `positions[i]` on the whole list.
    var ranks: [Int]
    /// Rows on the whole list.
    var total: Int

    /// Rows the selection left out.
    var leftOut: Int { total - positions.count }
}

extension Analysis {
    /// Applies `selection` to a win-back listing's records (in SPEC §7 order).
    func select(_ records: [ClientRecord], _ selection: WinBackSelection, perService: Bool) throws -> SelectedRows {
        let managerNumbers = try selection.managers.map { name -> UInt32 in
            guard let name, !name.isEmpty, name != "(none)" else { return 0 }
            let bytes = Array(name.utf8)
            guard let index = (0..<names.managers.count).first(where: { names.managers[$0].elementsEqual(bytes) }) else {
                throw OptionsError(option: "--manager", requirement: "one of the managers in the data ("
                    + (0..<names.managers.count).map { names.managers.string($0) }.joined(separator: ", ")
                    + ", or '(none)'); no manager is named '\(name)'")
            }
            return UInt32(index + 1)
        }
        let keptManagers = Set(managerNumbers)
        let asOfDay = asOf.daysSince1970
        let needsLossDay = selection.lostWithinDays != nil || selection.order == .recency
        let lossDays = needsLossDay ? records.map { lossDay($0, perService: perService) } : []
        var positions = records.indices.filter { position in
            let record = records[position]
            if !keptManagers.isEmpty, !keptManagers.contains(record.manager) { return false }
            if !selection.tiers.isEmpty, !selection.tiers.contains(WinBackTier(rawValue: Int(record.tier))!) { return false }
            if !selection.statuses.isEmpty, !selection.statuses.contains(record.status) { return false }
            if let days = selection.lostWithinDays, record.status == .lost,
               Int(asOfDay) - Int(lossDays[position]) >= days { return false }
            return true
        }
        func byClient(_ a: ClientRecord, _ b: ClientRecord) -> Bool {
            a.client != b.client ? a.client < b.client : a.service < b.service
        }
        switch selection.order {
        case .tier: break  // the records are in SPEC §7's order already
        case .value:
            positions.sort { a, b in
                let x = records[a], y = records[b]
                return x.ltvLoss != y.ltvLoss ? x.ltvLoss > y.ltvLoss : byClient(x, y)
            }
        case .recency:
            positions.sort { a, b in
                let x = records[a], y = records[b]
                if (x.status == .lost) != (y.status == .lost) { return y.status == .lost }
                if lossDays[a] != lossDays[b] {
                    return x.status == .lost ? lossDays[a] > lossDays[b] : lossDays[a] < lossDays[b]
                }
                return byClient(x, y)
            }
        }
        if let top = selection.top, positions.count > top { positions.removeLast(positions.count - top) }
        return SelectedRows(positions: positions, ranks: positions.map { $0 + 1 }, total: records.count)
    }
}

extension Analysis {
    /// How many rows of a win-back listing (``Listing/winBack`` or
    /// ``Listing/serviceWinBack``) `selection` prints, and how many the whole list has.
    /// - Throws: ``OptionsError`` for a manager the data does not have.
    public func count(of selection: WinBackSelection, in listing: Listing) throws -> (shown: Int, total: Int) {
        precondition(listing == .winBack || listing == .serviceWinBack, "only a win-back list has a selection")
        let selected = try select(records(listing), selection, perService: listing.isPerService)
        return (selected.positions.count, selected.total)
    }
}
