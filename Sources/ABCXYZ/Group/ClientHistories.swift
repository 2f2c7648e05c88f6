/// Every client's transactions dated on or before as-of, side by side and in
/// day order (ties in input order): the shape the classifier walks.
///
/// Built by a stable counting sort on the client number, run in parallel over
/// contiguous groups of segments so that input order survives, then a check
/// (and, where an export was not in date order, a sort) within each client.
struct ClientHistories: Sendable {
    let clientCount: Int
    /// The rows of client `c` are `starts[c]..<starts[c + 1]`.
    let starts: [Int]
    let day: [Int32]
    let amount: [Int64]
    /// Manager number + 1; 0 for a row that names none.
    let manager: [UInt32]
    /// Accepted rows dated after as-of, left out of every figure.
    let afterAsOf: Int
    /// Clients with at least one accepted row, of any date.
    let clientsWithRows: Int

    var rowCount: Int { day.count }

    init(_ table: TransactionTable, through asOf: Int32, threads: Int) {
        let clientCount = table.clients.count
        self.clientCount = clientCount
        let segments = table.segments
        let groups = Parallel.ranges(segments.count, parts: threads)

        // 1. Rows per client and group, dated on or before as-of.
        struct Tally: Sendable {
            var counts: [Int]
            var seen: [Bool]
            var afterAsOf = 0
        }
        let tallies = Parallel.map(groups.count, threads: threads) { group -> Tally in
            var tally = Tally(counts: [Int](repeating: 0, count: clientCount),
                              seen: [Bool](repeating: false, count: clientCount))
            for segment in segments[groups[group]] {
                segment.client.withUnsafeBufferPointer { clients in
                    segment.day.withUnsafeBufferPointer { days in
                        for i in 0..<clients.count {
                            let client = Int(clients[i])
                            tally.seen[client] = true
                            if days[i] <= asOf { tally.counts[client] += 1 } else { tally.afterAsOf += 1 }
                        }
                    }
                }
            }
            return tally
        }
        afterAsOf = tallies.reduce(0) { $0 + $1.afterAsOf }
        var clientsWithRows = 0
        for client in 0..<clientCount where tallies.contains(where: { $0.seen[client] }) { clientsWithRows += 1 }
        self.clientsWithRows = clientsWithRows

        // 2. Where each client's rows go, and where each group writes them.
        var starts = [Int](repeating: 0, count: clientCount + 1)
        var groupOffsets = tallies.map { _ in [Int](repeating: 0, count: clientCount) }
        var next = 0
        for client in 0..<clientCount {
            starts[client] = next
            for group in 0..<tallies.count {
                groupOffsets[group][client] = next
                next += tallies[group].counts[client]
            }
        }
        starts[clientCount] = next
        self.starts = starts
        let rowCount = next

        // 3. Scatter; each group writes only the slots its offsets give it.
        var day = [Int32](repeating: 0, count: rowCount)
        var amount = [Int64](repeating: 0, count: rowCount)
        var manager = [UInt32](repeating: 0, count: rowCount)
        let offsets = groupOffsets
        let rowStarts = starts
        day.withUnsafeMutableBufferPointer { dayBuffer in
            amount.withUnsafeMutableBufferPointer { amountBuffer in
                manager.withUnsafeMutableBufferPointer { managerBuffer in
                    let days = DisjointWrites(dayBuffer)
                    let amounts = DisjointWrites(amountBuffer)
                    let managers = DisjointWrites(managerBuffer)
                    Parallel.forEach(groups.count, threads: threads) { group in
                        var cursor = offsets[group]
                        for segment in segments[groups[group]] {
                            for i in 0..<segment.count where segment.day[i] <= asOf {
                                let client = Int(segment.client[i])
                                let slot = cursor[client]
                                cursor[client] = slot + 1
                                days[slot] = segment.day[i]
                                amounts[slot] = segment.amount[i]
                                managers[slot] = segment.manager[i]
                            }
                        }
                    }
                    // 4. Day order within each client (stable: ties keep input order).
                    let clientRanges = Parallel.ranges(clientCount, parts: threads * 8)
                    Parallel.forEach(clientRanges.count, threads: threads) { range in
                        var keys: [(day: Int32, position: Int)] = []
                        var amountScratch: [Int64] = []
                        var managerScratch: [UInt32] = []
                        for client in clientRanges[range] {
                            let lower = rowStarts[client], upper = rowStarts[client + 1]
                            var sorted = true
                            var i = lower + 1
                            while i < upper {
                                if days[i] < days[i - 1] { sorted = false; break }
                                i += 1
                            }
                            if sorted { continue }
                            keys.removeAll(keepingCapacity: true)
                            amountScratch.removeAll(keepingCapacity: true)
                            managerScratch.removeAll(keepingCapacity: true)
                            for i in lower..<upper {
                                keys.append((days[i], i))
                                amountScratch.append(amounts[i])
                                managerScratch.append(managers[i])
                            }
                            keys.sort { $0.day != $1.day ? $0.day < $1.day : $0.position < $1.position }
                            for (k, key) in keys.enumerated() {
                                days[lower + k] = key.day
                                amounts[lower + k] = amountScratch[key.position - lower]
                                managers[lower + k] = managerScratch[key.position - lower]
                            }
                        }
                    }
                }
            }
        }
        self.day = day
        self.amount = amount
        self.manager = manager
    }

    /// The rows of `client` dated on or before `day` (histories are in day order).
    func rows(of client: Int, through day: Int32) -> Range<Int> {
        let lower = starts[client]
        var upper = starts[client + 1]
        while upper > lower, self.day[upper - 1] > day { upper -= 1 }
        return lower..<upper
    }
}
