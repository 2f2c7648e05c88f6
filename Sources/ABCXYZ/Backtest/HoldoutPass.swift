/// What one client did in the holdout `(cut, until]` (SPEC §15).
struct HoldoutOutcome: Sendable {
    /// A purchase day in the holdout: a day whose net amount is positive (SPEC §1).
    var returned = false
    /// The net sum of the client's rows in the holdout (refunds included).
    var net: Int64 = 0
}

/// Reads the holdout from histories grouped through `until`: each client's
/// rows after the cut are the tail of its day-ordered history, so no row is
/// looked at twice and nothing is grouped again.
struct HoldoutPass {
    let cut: Int32
    let threads: Int

    /// Every client's outcome, by client number, and the rows dated on or
    /// before the cut (the rest of the histories are the holdout's).
    func outcomes(_ histories: ClientHistories) -> (outcomes: [HoldoutOutcome], rowsThroughCut: Int) {
        let ranges = Parallel.ranges(histories.clientCount, parts: threads * 8)
        var outcomes = [HoldoutOutcome](repeating: HoldoutOutcome(), count: histories.clientCount)
        let counts = outcomes.withUnsafeMutableBufferPointer { buffer in
            let output = DisjointWrites(buffer)  // each range writes only its own clients
            return Parallel.map(ranges.count, threads: threads) { range -> Int in
                var throughCut = 0
                histories.rows.withUnsafeBufferPointer { history in
                    for client in ranges[range] {
                        let beforeCut = histories.rows(of: client, through: cut)
                        throughCut += beforeCut.count
                        var outcome = HoldoutOutcome()
                        DayWalk.forEachDay(history, beforeCut.upperBound..<histories.starts[client + 1]) { _, net, _ in
                            outcome.net += net
                            if net > 0 { outcome.returned = true }
                        }
                        output[client] = outcome
                    }
                }
                return throughCut
            }
        }
        return (outcomes, counts.reduce(0, +))
    }
}
