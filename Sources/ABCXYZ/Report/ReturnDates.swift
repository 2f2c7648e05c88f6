/// The two days a caller plans by: when the client was due back
/// (`next_expected`) and from when it counted as lost (`lost_since`).
///
/// Both come from the figures of the row itself, SPEC §5's rule held at
/// as-of: the row's last purchase behind its cycle is `asOf − recency_days`
/// (the client's last purchase, or in service mode the deciding pair's), and
/// a client is lost once `recency > l · cycle`, so the first lost day is
/// `floor(l · cycle) + 1` days after it, the same double product the status used.
///
/// A client judged by its services (SPEC §13) is lost only once every pair is:
/// its loss day is the latest of its pairs' loss days.
extension Analysis {
    /// The day the client (or pair) was due back: its last purchase + cycle, rounded up to a day.
    func nextExpected(_ record: ClientRecord) -> Int32 {
        asOf.daysSince1970 - record.recency + Int32((record.cycle).rounded(.up))
    }

    /// The day from which the row counts as lost, if it buys nothing more:
    /// on or before as-of for a lost row, after it otherwise.
    /// - Parameter perService: the row is a pair, not a client.
    func lossDay(_ record: ClientRecord, perService: Bool) -> Int32 {
        func own(_ record: ClientRecord) -> Int32 {
            asOf.daysSince1970 - record.recency + Int32((options.lostFactor * record.cycle).rounded(.down)) + 1
        }
        guard !perService, let pairs else { return own(record) }
        return pairs.pairs(of: Int(record.client)).reduce(Int32.min) { max($0, own(pairs.records[$1])) }
    }

    /// `lost_since`: the first day the row counted as lost; `nil` unless it is lost.
    func lostSince(_ record: ClientRecord, perService: Bool) -> Int32? {
        record.status == .lost ? lossDay(record, perService: perService) : nil
    }
}
