/// Transactions held column by column: the shape that carries 100 million
/// rows in 20 bytes each, with no object per row.
struct TransactionColumns: Sendable {
    /// Client number (local to a piece while parsing, canonical after).
    var client: [UInt32] = []
    /// Days since 1970-01-01.
    var day: [Int32] = []
    /// Amount in minor units.
    var amount: [Int64] = []
    /// Manager number + 1; 0 for a row that names none.
    var manager: [UInt32] = []
    /// The data set's number of each client number in `client`, when those are
    /// a parser thread's own (empty: they are the data set's already). Applied
    /// as rows are grouped, which saves a pass over every row.
    var clientMap: [UInt32] = []
    /// The same for managers (`manager − 1` indexes it).
    var managerMap: [UInt32] = []

    var count: Int { client.count }

    /// Calls `body(row, client, day, amount, manager + 1)` for every row in
    /// order, with the data set's client and manager numbers: the one loop the
    /// grouping step runs over all rows, on raw buffers.
    @inline(__always)
    func forEachRow(_ body: (Int, Int, Int32, Int64, UInt32) -> Void) {
        client.withUnsafeBufferPointer { clients in
            day.withUnsafeBufferPointer { days in
                amount.withUnsafeBufferPointer { amounts in
                    manager.withUnsafeBufferPointer { managers in
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
                    }
                }
            }
        }
    }

    /// Row `i`'s client, as the data set numbers it.
    @inline(__always)
    func canonicalClient(_ i: Int) -> UInt32 {
        clientMap.isEmpty ? client[i] : clientMap[Int(client[i])]
    }

    /// Row `i`'s manager + 1 (0 for none), as the data set numbers it.
    @inline(__always)
    func canonicalManager(_ i: Int) -> UInt32 {
        let local = manager[i]
        return local == 0 || managerMap.isEmpty ? local : managerMap[Int(local - 1)] + 1
    }

    mutating func reserveCapacity(_ rows: Int) {
        client.reserveCapacity(rows)
        day.reserveCapacity(rows)
        amount.reserveCapacity(rows)
        manager.reserveCapacity(rows)
    }

    @inline(__always)
    mutating func append(client: UInt32, day: Int32, amount: Int64, manager: UInt32) {
        self.client.append(client)
        self.day.append(day)
        self.amount.append(amount)
        self.manager.append(manager)
    }
}
