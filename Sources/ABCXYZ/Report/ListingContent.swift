/// What a listing shows beyond SPEC §11's columns, and which rows of a
/// win-back list it prints. The default is SPEC §11 exactly.
///
/// Appended columns follow SPEC §11's (which §11 allows), in this order:
/// - with ``extended``: `next_expected` (last purchase + cycle, rounded up to
///   a day), `lost_since` (the first day the row counted as lost, empty if it
///   is not lost), and, in the formats people read (table, xlsx), `why`
///   (``WhyText``);
/// - the kept input columns (``Analysis/keptColumns``), always last, under
///   their header names.
public struct ListingContent: Hashable, Sendable {
    /// `--columns extended`: `next_expected`, `lost_since` and `why`.
    public var extended = false
    /// The rows of a win-back list to print (``Listing/winBack`` and
    /// ``Listing/serviceWinBack`` only).
    public var selection = WinBackSelection()

    /// §11's columns and every win-back row unless asked for more or fewer.
    public init(extended: Bool = false, selection: WinBackSelection = WinBackSelection()) {
        self.extended = extended
        self.selection = selection
    }

    /// SPEC §11 exactly, the whole list.
    public static let spec = ListingContent()
}

/// The rows a listing prints: the records, each one's rank, and the figures
/// of the appended columns, worked out only for the columns shown.
struct ListingRows {
    var records: [ClientRecord]
    /// Each row's rank on the whole win-back list (SPEC §7); empty: position + 1.
    var ranks: [Int] = []
    /// By row, for `next_expected` and `lost_since` (`Int32.min`: not lost).
    var nextExpected: [Int32] = []
    var lostSince: [Int32] = []
    /// By row, for `why`.
    var why: [String] = []
    /// By row, the model's figures (SPEC §14; empty without the model's columns).
    var forecasts: [ClientForecast] = []
    /// The kept columns' values by client number.
    var kept: KeptColumns? = nil
    /// Rows of the whole list (more than `records.count` when a selection left some out).
    var total = 0

    init(records: [ClientRecord]) {
        self.records = records
        total = records.count
    }

    var count: Int { records.count }

    @inline(__always)
    func rank(_ position: Int) -> Int { ranks.isEmpty ? position + 1 : ranks[position] }
}

extension Analysis {
    /// The rows of `listing` as `content` asks, for the given columns;
    /// `forecasts`, the model's figures of the whole listing in its order
    /// (``forecasts(_:)``), go with the rows kept.
    func rows(_ listing: Listing, _ content: ListingContent, columns: [ListingColumn],
              forecasts: [ClientForecast] = []) throws -> ListingRows {
        let all = records(listing)
        var rows = ListingRows(records: all)
        rows.forecasts = forecasts
        let winBack = listing == .winBack || listing == .serviceWinBack
        if winBack, !content.selection.isWholeList {
            let selected = try select(all, content.selection, perService: listing.isPerService)
            rows.records = selected.positions.map { all[$0] }
            rows.ranks = selected.ranks
            if !forecasts.isEmpty { rows.forecasts = selected.positions.map { forecasts[$0] } }
        }
        let fields = Set(columns.map(\.field))
        let perService = listing.isPerService
        if fields.contains(.nextExpected) { rows.nextExpected = rows.records.map(nextExpected) }
        if fields.contains(.lostSince) {
            rows.lostSince = rows.records.map { lostSince($0, perService: perService) ?? .min }
        }
        if fields.contains(.why) {
            // A pair's classes, cv and ABC measure are its client's.
            var clientRecord: [Int] = []
            if perService {
                clientRecord = [Int](repeating: 0, count: names.clients.count)
                for (position, record) in clients.records.enumerated() { clientRecord[Int(record.client)] = position }
            }
            rows.why = rows.records.map { record in
                WhyText.sentence(record, cell: perService ? clients.records[clientRecord[Int(record.client)]] : record,
                                 options: options)
            }
        }
        rows.kept = keptColumns
        return rows
    }
}
