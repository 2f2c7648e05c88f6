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

    var count: Int { client.count }

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
