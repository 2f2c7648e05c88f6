/// Transactions held column by column: the shape that carries 100 million
/// rows in 20 bytes each, with no object per row.
struct TransactionColumns: Sendable {
    /// Client number (a parser thread's own until mapped), day (since
    /// 1970-01-01), amount (minor units), manager number + 1 (0 for none).
    let storage: ColumnStorage
    /// The data set's number of each client number in the storage, when those
    /// are a parser thread's own (empty: they are the data set's already).
    /// Applied as rows are grouped, which saves a pass over every row.
    var clientMap: [UInt32] = []
    /// The same for managers (`manager − 1` indexes it).
    var managerMap: [UInt32] = []
    /// The same for categories (`category − 1` indexes it).
    var categoryMap: [UInt32] = []
    /// The kept columns' values, row by row (`--keep-columns`); `nil` when none are kept.
    var kept: KeptRows? = nil

    init(_ storage: ColumnStorage = .empty) {
        self.storage = storage
    }

    var count: Int { storage.day.count }

    /// The days of all rows.
    var days: UnsafeBufferPointer<Int32> { storage.day }

    /// Calls `body(clients)` with the data set's client numbers of rows
    /// `range` written into a buffer, looked up for the whole batch first so
    /// that the map's cache misses overlap (the map of a million clients does
    /// not fit in cache).
    @inline(__always)
    func clientBatch(_ range: Range<Int>, into buffer: inout [Int], _ body: (UnsafeBufferPointer<Int>) -> Void) {
        let clients = storage.client
        buffer.withUnsafeMutableBufferPointer { out in
            clientMap.withUnsafeBufferPointer { clientMap in
                if clientMap.isEmpty {
                    for (k, i) in range.enumerated() { out[k] = Int(clients[i]) }
                } else {
                    for (k, i) in range.enumerated() { out[k] = Int(clientMap[Int(clients[i])]) }
                }
            }
            body(UnsafeBufferPointer(rebasing: out[0..<range.count]))
        }
    }

    /// The data set's manager number + 1 of a stored manager number + 1 (0, no manager, stays 0).
    @inline(__always)
    func canonicalManager(_ stored: UInt32) -> UInt32 {
        Self.canonicalManager(stored, in: managerMap)
    }

    /// ``canonicalManager(_:)`` with the map held by the caller, for a loop
    /// over many rows (no access to the map's owner per row).
    @inline(__always)
    static func canonicalManager(_ stored: UInt32, in managerMap: [UInt32]) -> UInt32 {
        stored == 0 || managerMap.isEmpty ? stored : managerMap[Int(stored - 1)] + 1
    }

    /// Whether the rows carry a category (the input has a category column).
    var hasCategories: Bool { storage.category.count == storage.day.count && storage.day.count > 0 }

    /// The data set's category number + 1 of row `i` (0: empty or no category column).
    @inline(__always)
    func category(ofRow i: Int) -> UInt32 {
        let category = storage.category
        guard i < category.count else { return 0 }
        return Self.canonicalManager(category[i], in: categoryMap)  // the same mapping rule
    }

    /// Row `i`: the data set's client and manager numbers, the day and amount.
    func row(_ i: Int) -> (client: Int, day: Int32, amount: Int64, manager: UInt32) {
        let stored = Int(storage.client[i])
        return (clientMap.isEmpty ? stored : Int(clientMap[stored]), storage.day[i], storage.amount[i],
                canonicalManager(storage.manager[i]))
    }
}

/// One client partition of a ``TransactionTable``: a run of client numbers
/// (in byte order of their ids) and the run of segments that hold every row
/// of those clients and no other.
struct TablePartition: Sendable, Hashable {
    var clients: Range<Int>
    var segments: Range<Int>
}
