/// Append-only transaction columns in raw memory, for the parser's inner
/// loop: an append is four stores and one capacity check (four `Array`
/// appends cost ten times that). ``columns()`` hands the rows over as arrays.
struct ColumnBuilder: ~Copyable {
    private var client: UnsafeMutablePointer<UInt32>
    private var day: UnsafeMutablePointer<Int32>
    private var amount: UnsafeMutablePointer<Int64>
    private var manager: UnsafeMutablePointer<UInt32>
    private(set) var count = 0
    private var capacity: Int

    init(capacity: Int) {
        self.capacity = max(capacity, 16)
        client = .allocate(capacity: self.capacity)
        day = .allocate(capacity: self.capacity)
        amount = .allocate(capacity: self.capacity)
        manager = .allocate(capacity: self.capacity)
    }

    deinit {
        client.deallocate()
        day.deallocate()
        amount.deallocate()
        manager.deallocate()
    }

    @inline(__always)
    mutating func append(client: UInt32, day: Int32, amount: Int64, manager: UInt32) {
        if count == capacity { grow() }
        self.client[count] = client
        self.day[count] = day
        self.amount[count] = amount
        self.manager[count] = manager
        count += 1
    }

    /// The rows appended so far, as arrays.
    func columns() -> TransactionColumns {
        TransactionColumns(
            client: Array(UnsafeBufferPointer(start: client, count: count)),
            day: Array(UnsafeBufferPointer(start: day, count: count)),
            amount: Array(UnsafeBufferPointer(start: amount, count: count)),
            manager: Array(UnsafeBufferPointer(start: manager, count: count)))
    }

    private mutating func grow() {
        let bigger = capacity * 2
        func move<T>(_ pointer: inout UnsafeMutablePointer<T>) {
            let new = UnsafeMutablePointer<T>.allocate(capacity: bigger)
            new.moveInitialize(from: pointer, count: count)
            pointer.deallocate()
            pointer = new
        }
        move(&client)
        move(&day)
        move(&amount)
        move(&manager)
        capacity = bigger
    }
}
