/// Splits one client's history by service (SPEC §13), inside the client's
/// walk: the rows are already together and in day order, so a counting sort
/// on the client's few services gives each client × service pair its rows,
/// still in day order (ties in input order), with no second pass over the
/// data set and no allocation per client.
///
/// One value per thread, reused from client to client.
///
/// ```swift
/// var split = ServiceSplit(categoryCount: histories.categoryCount)
/// split.split(histories, rows)                 // Alla: Haircut, Manicure
/// for pair in 0..<split.pairCount { split.service(pair); split.offsets(pair) }
/// ```
/// - Complexity: O(rows + s log s) for a client with s services.
struct ServiceSplit {
    /// Row positions (into the history) grouped by service, in day order within each.
    private(set) var order: [Int] = []
    /// The client's services (category number + 1, 0 for the empty one), in byte order.
    private(set) var services: [UInt32] = []
    /// Pair `k`'s positions are `order[bounds[k]..<bounds[k + 1]]`.
    private var bounds: [Int] = []
    /// Per category number + 1: the local pair number + 1 while splitting, 0 otherwise.
    private var local: [Int32]

    init(categoryCount: Int) {
        local = [Int32](repeating: 0, count: categoryCount + 1)
    }

    var pairCount: Int { services.count }

    func service(_ pair: Int) -> UInt32 { services[pair] }

    /// The positions of pair `pair`'s rows.
    func positions(_ pair: Int) -> ArraySlice<Int> { order[bounds[pair]..<bounds[pair + 1]] }

    /// Groups `rows` of `histories` by service. Category numbers are in byte
    /// order of the names (0, the empty one, first), so sorting the numbers
    /// sorts the services.
    mutating func split(_ histories: ClientHistories, _ rows: Range<Int>) {
        services.removeAll(keepingCapacity: true)
        bounds.removeAll(keepingCapacity: true)
        order.removeAll(keepingCapacity: true)
        guard !rows.isEmpty else { return bounds.append(0) }
        guard histories.hasCategories else {  // no category column: one service, ""
            services.append(0)
            bounds.append(0)
            bounds.append(rows.count)
            order.append(contentsOf: rows)
            return
        }
        histories.categories.withUnsafeBufferPointer { categories in
            // Distinct services, and each one's row count (kept in `bounds` for now).
            var uniform = true
            let first = categories[rows.lowerBound]
            for i in rows where categories[i] != first {
                uniform = false
                break
            }
            if uniform {  // the common case: one service, rows as they are
                services.append(first)
                bounds.append(0)
                bounds.append(rows.count)
                order.append(contentsOf: rows)
                return
            }
            for i in rows {
                let category = Int(categories[i])
                if local[category] == 0 {
                    services.append(UInt32(category))
                    local[category] = 1
                }
            }
            services.sort()
            for (pair, service) in services.enumerated() { local[Int(service)] = Int32(pair + 1) }
            bounds.append(contentsOf: repeatElement(0, count: services.count + 1))
            for i in rows { bounds[Int(local[Int(categories[i])])] += 1 }
            for pair in 0..<services.count { bounds[pair + 1] += bounds[pair] }
            // bounds[k] is now where pair k starts; place the rows stably.
            order.append(contentsOf: repeatElement(0, count: rows.count))
            var cursor = bounds
            for i in rows {
                let pair = Int(local[Int(categories[i])]) - 1
                order[cursor[pair]] = i
                cursor[pair] += 1
            }
            for service in services { local[Int(service)] = 0 }
        }
    }
}

extension DayWalk {
    /// ``forEachDay(_:_:_:)`` over the rows at `positions` (in day order), for
    /// one client × service pair.
    @inline(__always)
    static func forEachDay(_ history: UnsafeBufferPointer<HistoryRow>, positions: ArraySlice<Int>,
                           _ body: (_ day: Int32, _ net: Int64, _ manager: UInt32) -> Void) {
        var k = positions.startIndex
        while k < positions.endIndex {
            let day = history[positions[k]].day
            var net: Int64 = 0
            var manager: UInt32 = 0
            repeat {
                let row = history[positions[k]]
                net += row.amount
                if row.manager != 0 { manager = row.manager }
                k += 1
            } while k < positions.endIndex && history[positions[k]].day == day
            body(day, net, manager)
        }
    }
}
