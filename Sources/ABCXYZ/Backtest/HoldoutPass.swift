/// What one client (or one client × service pair) did in the holdout `(cut, until]` (SPEC §15).
struct HoldoutOutcome: Sendable {
    /// A purchase day in the holdout: a day whose net amount is positive (SPEC §1).
    var returned = false
    /// The net sum of the rows in the holdout (refunds included).
    var net: Int64 = 0
    /// Purchase days in the holdout: the model's occasions with `--occasions purchase-days` (SPEC §14).
    var purchaseDays: Int32 = 0
    /// Days with a row in the holdout, whatever its amount: occasions with `--occasions transaction-days`.
    var rowDays: Int32 = 0

    /// Adds one holdout day with its net amount.
    @inline(__always)
    mutating func add(net day: Int64) {
        net += day
        rowDays += 1
        if day > 0 {
            returned = true
            purchaseDays += 1
        }
    }

    /// The holdout occasions as SPEC §14 counts them.
    func occasions(_ kind: ModelOccasions) -> Int {
        Int(kind == .purchaseDays ? purchaseDays : rowDays)
    }
}

/// The holdout outcomes of every client × service pair with a row after the
/// cut (SPEC §13, §15): client `c`'s are `starts[c]..<starts[c + 1]`, services
/// in byte order.
struct PairHoldouts: Sendable {
    var services: [UInt32]
    var outcomes: [HoldoutOutcome]
    var starts: [Int]

    /// The outcome of `client`'s pair of `service`; none (nothing after the cut) when it has no row there.
    func outcome(client: Int, service: UInt32) -> HoldoutOutcome {
        var low = starts[client], high = starts[client + 1]
        while low < high {
            let middle = (low + high) / 2
            if services[middle] < service { low = middle + 1 } else { high = middle }
        }
        return low < starts[client + 1] && services[low] == service ? outcomes[low] : HoldoutOutcome()
    }
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
                            outcome.add(net: net)
                        }
                        output[client] = outcome
                    }
                }
                return throughCut
            }
        }
        return (outcomes, counts.reduce(0, +))
    }

    /// Every pair's outcome (service mode, SPEC §13): each client's holdout rows
    /// split by service and walked a day at a time per service, so a pair
    /// returned when that service had a purchase day in the holdout.
    func pairOutcomes(_ histories: ClientHistories) -> PairHoldouts {
        let ranges = Parallel.ranges(histories.clientCount, parts: threads * 8)
        let parts = Parallel.map(ranges.count, threads: threads) { range -> (services: [UInt32], outcomes: [HoldoutOutcome], counts: [Int]) in
            var split = ServiceSplit(categoryCount: histories.categoryCount)
            var services: [UInt32] = [], outcomes: [HoldoutOutcome] = [], counts: [Int] = []
            histories.rows.withUnsafeBufferPointer { history in
                for client in ranges[range] {
                    let holdout = histories.rows(of: client, through: cut).upperBound..<histories.starts[client + 1]
                    split.split(histories, holdout)
                    counts.append(split.pairCount)
                    for pair in 0..<split.pairCount {
                        var outcome = HoldoutOutcome()
                        DayWalk.forEachDay(history, positions: split.positions(pair)) { _, net, _ in
                            outcome.add(net: net)
                        }
                        services.append(split.service(pair))
                        outcomes.append(outcome)
                    }
                }
            }
            return (services, outcomes, counts)
        }
        var holdouts = PairHoldouts(services: [], outcomes: [], starts: [0])
        holdouts.starts.reserveCapacity(histories.clientCount + 1)
        for part in parts {
            holdouts.services += part.services
            holdouts.outcomes += part.outcomes
            for count in part.counts { holdouts.starts.append(holdouts.starts.last! + count) }
        }
        return holdouts
    }
}
