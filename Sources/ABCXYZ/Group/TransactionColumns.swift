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

    /// Calls `body(row, client, day, amount, manager + 1)` for every row in
    /// order, with the data set's client and manager numbers: the one loop the
    /// grouping step runs over all rows.
    @inline(__always)
    func forEachRow(_ body: (Int, Int, Int32, Int64, UInt32) -> Void) {
        let clients = storage.client, days = storage.day, amounts = storage.amount, managers = storage.manager
        clientMap.withUnsafeBufferPointer { clientMap in
            managerMap.withUnsafeBufferPointer { managerMap in
                let mapped = !clientMap.isEmpty
                for i in 0..<clients.count {
                    let local = clients[i]
                    let client = mapped ? Int(clientMap[Int(local)]) : Int(local)
                    let manager = managers[i]
                    let canonicalManager = manager == 0 || managerMap.isEmpty ? manager
                        : managerMap[Int(manager - 1)] + 1
                    body(i, client, days[i], amounts[i], canonicalManager)
                }
            }
        }
        withExtendedLifetime(storage) {}
    }
}
