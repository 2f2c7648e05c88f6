/// One transaction in a client's history: 16 bytes, so that gathering a row
/// into its client's place writes one cache line, not three.
struct HistoryRow: Sendable {
    var day: Int32
    /// Manager number + 1; 0 for a row that names none.
    var manager: UInt32
    var amount: Int64
}

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
    let rows: RowBuffer<HistoryRow>
    /// The category number + 1 of each row of ``rows`` (0: empty), side by
    /// side with it; empty when the input has no category column (SPEC §13).
    /// Apart from the 16-byte row, so that data without categories moves no more bytes.
    let categories: RowBuffer<UInt32>
    /// Named categories in the data set (numbers 1…count; 0 is the empty one).
    let categoryCount: Int
    /// Whether the rows carry categories (the input has a category column).
    let hasCategories: Bool
    /// Accepted rows dated after as-of, left out of every figure.
    let afterAsOf: Int
    /// Clients with at least one accepted row, of any date.
    let clientsWithRows: Int

    var rowCount: Int { rows.count }

    /// Tables with fewer rows keep them while grouping (``init(releasingRowsOf:through:threads:)``):
    /// their columns are under 1 GiB, and freeing them would cost time on one thread.
    static let rowsWorthReleasing = 50_000_000

    /// Rows handled together in the scatter, so that their cache misses overlap.
    static let batch = 64

    /// A share of the grouping: the rows of `segments`, all of whose clients
    /// are in `clients` (one partition's). With one partition the segments
    /// are cut into a share per thread, each counting over every client;
    /// with several, each partition is one share, counting over its own
    /// clients only, so its counts, cursors and rows stay in the cache.
    private struct Share: Sendable {
        var clients: Range<Int>
        var segments: Range<Int>
        /// The shares of the same partition before this one (their rows of a
        /// client come first: the file's order).
        var earlier: Range<Int>
    }

    private static func shares(_ table: TransactionTable, threads: Int) -> [Share] {
        if table.partitions.count == 1, let partition = table.partitions.first {
            let groups = balancedGroups(partition.segments.map { table.segments[$0].count }, parts: threads)
            let offset = partition.segments.lowerBound
            return groups.indices.map { group in
                let segments = groups[group].lowerBound + offset..<groups[group].upperBound + offset
                return Share(clients: partition.clients, segments: segments, earlier: 0..<group)
            }
        }
        return table.partitions.enumerated().map { index, partition in
            Share(clients: partition.clients, segments: partition.segments, earlier: index..<index)
        }
    }

    /// At most `parts` non-empty runs of consecutive segments (`rows[i]`
    /// rows each) with row counts as even as whole segments allow: the
    /// parser's pieces differ in size (``PieceClaims``), and a share of
    /// segments by count left one thread with more rows to scatter.
    static func balancedGroups(_ rows: [Int], parts: Int) -> [Range<Int>] {
        let total = rows.reduce(0, +)
        var cuts = [0], sum = 0, next = 0
        for part in 1..<max(parts, 1) {
            let target = total * part / parts
            // The cut whose rows before it are nearest the target.
            while next < rows.count, sum + rows[next] <= target
                || (sum < target && target - sum > sum + rows[next] - target) {
                sum += rows[next]
                next += 1
            }
            cuts.append(next)
        }
        cuts.append(rows.count)
        return (0..<(cuts.count - 1)).map { cuts[$0]..<cuts[$0 + 1] }.filter { !$0.isEmpty }
    }

    init(_ table: TransactionTable, through asOf: Int32, threads: Int) {
        var segments = table.segments
        self.init(table, segments: &segments, through: asOf, threads: threads, releasing: false)
    }

    /// Groups the rows of `table` and takes them from it: each partition's
    /// columns are freed as soon as its rows are in their place, so that a
    /// large file's rows are held about once, not twice (``TransactionTable/analyzeReleasingRows(_:model:threads:)``).
    init(releasingRowsOf table: inout TransactionTable, through asOf: Int32, threads: Int) {
        var segments = table.segments
        table.releaseRows()  // the local array now holds the only references
        self.init(table, segments: &segments, through: asOf, threads: threads, releasing: true)
    }

    private init(_ table: TransactionTable, segments: inout [TransactionColumns], through asOf: Int32, threads: Int,
                 releasing: Bool) {
        let clientCount = table.clients.count
        self.clientCount = clientCount
        let keepsCategories = table.categories != nil
        categoryCount = table.categories?.count ?? 0
        let shares = Self.shares(table, threads: threads)

        var marks = Trace.Marks()
        // 1. Rows per client of each share, dated on or before as-of; the
        //    clients of later rows (rare) are listed, to count every client with a row.
        struct Tally: Sendable {
            /// By client number − the share's first client number.
            var counts: [Int]
            var clientsAfterAsOf: [Int] = []
        }
        let tallied = segments
        let tallies = Parallel.map(shares.count, threads: threads) { index -> Tally in
            let share = shares[index]
            let segments = tallied
            let first = share.clients.lowerBound, width = share.clients.count
            var clientsAfterAsOf: [Int] = []
            var clientsOfBatch = [Int](repeating: 0, count: ClientHistories.batch)
            let counts = [Int](unsafeUninitializedCapacity: width) { counts, initialized in
                counts.initialize(repeating: 0)
                for segment in segments[share.segments] {
                    let days = segment.days
                    for start in stride(from: 0, to: segment.count, by: ClientHistories.batch) {
                        let range = start..<min(start + ClientHistories.batch, segment.count)
                        segment.clientBatch(range, into: &clientsOfBatch) { clients in
                            for (k, i) in range.enumerated() {
                                if days[i] <= asOf {
                                    counts[clients[k] - first] += 1
                                } else {
                                    clientsAfterAsOf.append(clients[k])
                                }
                            }
                        }
                    }
                    withExtendedLifetime(segment) {}
                }
                initialized = width
            }
            return Tally(counts: counts, clientsAfterAsOf: clientsAfterAsOf)
        }
        afterAsOf = tallies.reduce(0) { $0 + $1.clientsAfterAsOf.count }
        _ = consume tallied
        marks.mark("group: tally")

        // 2. Where each client's rows go: partition after partition, so client after client.
        var starts = [Int](repeating: 0, count: clientCount + 1)
        var next = 0
        var share = 0
        while share < shares.count {
            let clients = shares[share].clients
            var last = share  // the shares of this partition: share...last
            while last + 1 < shares.count, shares[last + 1].clients == clients { last += 1 }
            for client in clients {
                starts[client] = next
                for s in share...last { next += tallies[s].counts[client - clients.lowerBound] }
            }
            share = last + 1
        }
        starts[clientCount] = next
        self.starts = starts
        // Clients with a row: those with one through as-of, and those whose rows are all later.
        var hasRows = (0..<clientCount).map { starts[$0 + 1] > starts[$0] }
        for tally in tallies {
            for client in tally.clientsAfterAsOf { hasRows[client] = true }
        }
        clientsWithRows = hasRows.reduce(0) { $0 + ($1 ? 1 : 0) }
        let rowCount = next
        marks.mark("group: offsets")

        // 3. Scatter; each share writes only the slots its offsets give it.
        // The array starts uninitialised (every slot is written exactly once),
        // so its pages are first touched by the parallel scatter.
        let rowStarts = starts
        // A table spilled to a temporary file puts its histories there too.
        // In 4 KiB pages, though the scatter writes all over them: 2 MiB pages
        // spared it TLB misses (10 M rows on 2 threads: scatter 108 → 82 ms),
        // but where the machine is a VM that hands freed memory back to its
        // host (free page reporting, as on Firecracker) each fresh 2 MiB page
        // is the host's to fault in again, and one thread's scatter took
        // 1.4–1.7 s instead of 0.21–0.27 s (BENCHMARKS.md, stop 32).
        let categories = keepsCategories
            ? RowBuffer<UInt32>(uninitializedCount: rowCount, spill: table.spill)
            : RowBuffer<UInt32>()
        let counts = tallies.map(\.counts)
        let rows = RowBuffer<HistoryRow>(uninitializedCount: rowCount, spill: table.spill)
        let output = DisjointWrites(rows.unsafeMutableBuffer)
        let categoryOutput = keepsCategories ? DisjointWrites(categories.unsafeMutableBuffer) : nil
        // Cursors are 32-bit when positions fit: half the memory to miss in.
        if rowCount <= Int(UInt32.max) {
            ClientHistories.scatter(&segments, shares: shares, tallies: counts, starts: rowStarts,
                                    asOf: asOf, threads: threads, into: output, categories: categoryOutput,
                                    releasing: releasing, cursor: UInt32.self)
        } else {
            ClientHistories.scatter(&segments, shares: shares, tallies: counts, starts: rowStarts,
                                    asOf: asOf, threads: threads, into: output, categories: categoryOutput,
                                    releasing: releasing, cursor: UInt.self)
        }
        marks.mark("group: scatter")
        // 4. Day order within each client (stable: ties keep input order).
        ClientHistories.sortByDay(clientCount: clientCount, starts: rowStarts, threads: threads, rows: output,
                                  categories: categoryOutput)
        marks.mark("group: day order")
        self.rows = rows
        self.categories = categories
        hasCategories = keepsCategories
        checkInvariants()
    }

    /// Gathers every row dated on or before `asOf` into its client's place:
    /// a share writes after the rows of the earlier shares of its partition,
    /// so the file's order survives within each client. In batches: map the
    /// clients, then claim their slots, then write the rows, so that each step's misses overlap.
    /// `releasing`: the shares go in waves, and each wave's segments are
    /// emptied (their memory freed, if nothing else holds it) before the next.
    private static func scatter<Cursor: FixedWidthInteger & UnsignedInteger & SendableMetatype>(
        _ segments: inout [TransactionColumns], shares: [Share], tallies: [[Int]], starts: [Int], asOf: Int32,
        threads: Int, into output: DisjointWrites<HistoryRow>, categories: DisjointWrites<UInt32>?, releasing: Bool,
        cursor: Cursor.Type
    ) {
        guard releasing else {
            scatter(segments, shares[...], tallies: tallies, starts: starts, asOf: asOf, threads: threads,
                    into: output, categories: categories, cursor: cursor)
            return
        }
        let wave = threads * 4
        for first in stride(from: 0, to: shares.count, by: wave) {
            let range = first..<min(first + wave, shares.count)
            scatter(segments, shares[range], tallies: tallies, starts: starts, asOf: asOf, threads: threads,
                    into: output, categories: categories, cursor: cursor)
            for share in shares[range] {
                for segment in share.segments { segments[segment] = TransactionColumns() }
            }
        }
    }

    /// The scatter of `shares` (indices into `tallies` as in the whole list), in parallel.
    private static func scatter<Cursor: FixedWidthInteger & UnsignedInteger & SendableMetatype>(
        _ segments: [TransactionColumns], _ shares: ArraySlice<Share>, tallies: [[Int]], starts: [Int], asOf: Int32,
        threads: Int, into output: DisjointWrites<HistoryRow>, categories: DisjointWrites<UInt32>?, cursor _: Cursor.Type
    ) {
        let offset = shares.startIndex
        let shares = Array(shares)
        Parallel.forEach(shares.count, threads: threads) { position in
            let index = offset + position
            let share = shares[position]
            let first = share.clients.lowerBound, width = share.clients.count
            var cursor = [Cursor](unsafeUninitializedCapacity: width) { cursor, initialized in
                for local in 0..<width {
                    var position = starts[first + local]
                    for earlier in share.earlier { position += tallies[earlier][local] }
                    cursor[local] = Cursor(position)
                }
                initialized = width
            }
            var clientsOfBatch = [Int](repeating: 0, count: batch)
            var slots = [Int](repeating: 0, count: batch)
            for segment in segments[share.segments] {
                let days = segment.storage.day, amounts = segment.storage.amount
                let managers = segment.storage.manager, managerMap = segment.managerMap
                for start in stride(from: 0, to: segment.count, by: batch) {
                    let range = start..<min(start + batch, segment.count)
                    segment.clientBatch(range, into: &clientsOfBatch) { clients in
                        cursor.withUnsafeMutableBufferPointer { cursor in
                            for (k, i) in range.enumerated() where days[i] <= asOf {
                                let local = clients[k] - first
                                slots[k] = Int(cursor[local])
                                cursor[local] &+= 1
                            }
                        }
                    }
                    for (k, i) in range.enumerated() where days[i] <= asOf {
                        output.initialize(at: slots[k], to: HistoryRow(
                            day: days[i], manager: TransactionColumns.canonicalManager(managers[i], in: managerMap),
                            amount: amounts[i]))
                    }
                    if let categories {
                        let stored = segment.storage.category, categoryMap = segment.categoryMap
                        for (k, i) in range.enumerated() where days[i] <= asOf {
                            categories.initialize(
                                at: slots[k], to: TransactionColumns.canonicalManager(stored[i], in: categoryMap))
                        }
                    }
                }
                withExtendedLifetime(segment) {}
            }
            #if DEBUG
            // Each cursor must end where the next share's rows of its client begin: then every
            // slot was written exactly once, which `initialized = rowCount` takes on trust.
            for local in 0..<width {
                var end = starts[first + local] + tallies[index][local]
                for earlier in share.earlier { end += tallies[earlier][local] }
                precondition(Int(cursor[local]) == end, "scatter: client \(first + local)'s rows do not fill its slots")
            }
            #endif
        }
    }

    /// Puts each client's rows in day order, keeping input order within a day
    /// (exports are usually in date order already, so most clients only check).
    private static func sortByDay(clientCount: Int, starts: [Int], threads: Int, rows: DisjointWrites<HistoryRow>,
                                  categories: DisjointWrites<UInt32>?) {
        let clientRanges = Parallel.ranges(clientCount, parts: threads * 8)
        Parallel.forEach(clientRanges.count, threads: threads) { range in
            var scratch: [(row: HistoryRow, position: Int)] = []
            var categoryScratch: [UInt32] = []
            for client in clientRanges[range] {  // each range writes only its clients' rows
                let lower = starts[client], upper = starts[client + 1]
                var sorted = true
                var i = lower + 1
                while i < upper {
                    if rows[i].day < rows[i - 1].day { sorted = false; break }
                    i += 1
                }
                if sorted { continue }
                scratch.removeAll(keepingCapacity: true)
                for i in lower..<upper { scratch.append((rows[i], i)) }
                scratch.sort { $0.row.day != $1.row.day ? $0.row.day < $1.row.day : $0.position < $1.position }
                for (k, entry) in scratch.enumerated() { rows[lower + k] = entry.row }
                if let categories {
                    categoryScratch.removeAll(keepingCapacity: true)
                    for i in lower..<upper { categoryScratch.append(categories[i]) }
                    for (k, entry) in scratch.enumerated() { categories[lower + k] = categoryScratch[entry.position - lower] }
                }
            }
        }
    }

    /// The rows of `client` dated on or before `day` (histories are in day order).
    func rows(of client: Int, through day: Int32) -> Range<Int> {
        let lower = starts[client]
        var upper = starts[client + 1]
        while upper > lower, rows[upper - 1].day > day { upper -= 1 }
        return lower..<upper
    }
}
