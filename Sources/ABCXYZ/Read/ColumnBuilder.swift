/// Append-only transaction columns in raw memory, for the parser's inner
/// loop: an append is four stores and one capacity check (four `Array`
/// appends cost ten times that). ``finish()`` hands the memory itself over
/// as ``ColumnStorage``: no copy, and no second set of fresh pages.
///
/// The category column (SPEC §13) is kept only for inputs that have one
/// (`categories: true`); without it no byte is written or allocated for it.
struct ColumnBuilder: ~Copyable {
    private var client: UnsafeMutablePointer<UInt32>
    private var day: UnsafeMutablePointer<Int32>
    private var amount: UnsafeMutablePointer<Int64>
    private var manager: UnsafeMutablePointer<UInt32>
    /// Category number + 1 (0 for an empty category); one slot when not kept.
    private var category: UnsafeMutablePointer<UInt32>
    private let keepsCategories: Bool
    /// The temporary file the columns live in, for an export too large for
    /// memory; `nil`: the heap.
    private var spill: SpillFile?
    private(set) var count = 0
    private var capacity: Int

    /// `capacity` may be generous: pages never written cost no memory.
    init(capacity: Int, categories: Bool = false, spill: SpillFile? = nil) {
        self.capacity = max(capacity, 16)
        keepsCategories = categories
        self.spill = spill
        client = RowMemory.allocate(UInt32.self, capacity: self.capacity, in: spill)
        day = RowMemory.allocate(Int32.self, capacity: self.capacity, in: spill)
        amount = RowMemory.allocate(Int64.self, capacity: self.capacity, in: spill)
        manager = RowMemory.allocate(UInt32.self, capacity: self.capacity, in: spill)
        category = RowMemory.allocate(UInt32.self, capacity: categories ? self.capacity : 1, in: spill)
    }

    deinit {
        RowMemory.deallocate(client, count: capacity, in: spill)
        RowMemory.deallocate(day, count: capacity, in: spill)
        RowMemory.deallocate(amount, count: capacity, in: spill)
        RowMemory.deallocate(manager, count: capacity, in: spill)
        RowMemory.deallocate(category, count: keepsCategories ? capacity : 1, in: spill)
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

    /// ``append(client:day:amount:manager:)`` with the row's category number + 1
    /// (0: empty), for a builder that keeps categories.
    @inline(__always)
    mutating func append(client: UInt32, day: Int32, amount: Int64, manager: UInt32, category: UInt32) {
        if count == capacity { grow() }
        self.client[count] = client
        self.day[count] = day
        self.amount[count] = amount
        self.manager[count] = manager
        self.category[count] = category
        count += 1
    }

    /// The rows appended, in storage that now owns this builder's memory.
    consuming func finish() -> ColumnStorage {
        let storage = ColumnStorage(client: client, day: day, amount: amount, manager: manager, category: category,
                                    count: count, categoryCount: keepsCategories ? count : 0, spill: spill)
        // The memory now belongs to `storage`; `deinit` frees these stand-ins.
        // (`discard self` would skip `deinit`, but needs trivially destroyed properties.)
        spill = nil
        capacity = 1  // what `deinit` frees: one element each
        client = .allocate(capacity: 1)
        day = .allocate(capacity: 1)
        amount = .allocate(capacity: 1)
        manager = .allocate(capacity: 1)
        category = .allocate(capacity: 1)
        return storage
    }

    private mutating func grow() {
        let bigger = capacity * 2
        func move<T>(_ pointer: inout UnsafeMutablePointer<T>) {
            let new = RowMemory.allocate(T.self, capacity: bigger, in: spill)
            new.moveInitialize(from: pointer, count: count)
            RowMemory.deallocate(pointer, count: capacity, in: spill)
            pointer = new
        }
        move(&client)
        move(&day)
        move(&amount)
        move(&manager)
        if keepsCategories { move(&category) }
        capacity = bigger
    }
}

/// The columns of a run of rows, in raw memory this object owns.
///
/// `@unchecked Sendable`. Proof of safety: the memory is written only by the
/// ``ColumnBuilder`` that allocated it, before this object exists; from then
/// on it is only read (the properties hand out read-only buffers), and it is
/// freed in `deinit`, when no reference, and so no reader, is left.
final class ColumnStorage: @unchecked Sendable {
    let client: UnsafeBufferPointer<UInt32>
    let day: UnsafeBufferPointer<Int32>
    let amount: UnsafeBufferPointer<Int64>
    let manager: UnsafeBufferPointer<UInt32>
    /// Category number + 1 per row (0: empty); no element at all when the
    /// input has no category column.
    let category: UnsafeBufferPointer<UInt32>
    /// The temporary file the memory is in (``SpillFile``); `nil`: the heap.
    let spill: SpillFile?

    fileprivate init(client: UnsafeMutablePointer<UInt32>, day: UnsafeMutablePointer<Int32>,
                     amount: UnsafeMutablePointer<Int64>, manager: UnsafeMutablePointer<UInt32>,
                     category: UnsafeMutablePointer<UInt32>, count: Int, categoryCount: Int, spill: SpillFile?) {
        self.spill = spill
        self.client = UnsafeBufferPointer(start: client, count: count)
        self.day = UnsafeBufferPointer(start: day, count: count)
        self.amount = UnsafeBufferPointer(start: amount, count: count)
        self.manager = UnsafeBufferPointer(start: manager, count: count)
        self.category = UnsafeBufferPointer(start: category, count: categoryCount)
    }

    /// No rows.
    static let empty: ColumnStorage = {
        var builder = ColumnBuilder(capacity: 1)
        return builder.finish()
    }()

    deinit {
        RowMemory.deallocate(UnsafeMutablePointer(mutating: client.baseAddress!), count: client.count, in: spill)
        RowMemory.deallocate(UnsafeMutablePointer(mutating: day.baseAddress!), count: day.count, in: spill)
        RowMemory.deallocate(UnsafeMutablePointer(mutating: amount.baseAddress!), count: amount.count, in: spill)
        RowMemory.deallocate(UnsafeMutablePointer(mutating: manager.baseAddress!), count: manager.count, in: spill)
        RowMemory.deallocate(UnsafeMutablePointer(mutating: category.baseAddress!), count: category.count, in: spill)
    }
}
