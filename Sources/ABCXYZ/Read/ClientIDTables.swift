/// A parser thread's client ids: one ``ByteStringTable`` per client
/// partition (``ClientPartitioner``), one in all when the file is not
/// partitioned.
///
/// Each partition's ids are numbered on their own, so that they are merged
/// partition by partition (in parallel, each merge small enough for the
/// cache) and each segment's map from the thread's numbers to the data set's
/// holds that partition's clients only: the grouping looks a row's client up
/// in a map of tens of thousands, not of millions (issue 16).
struct ClientIDTables: ~Copyable {
    private let tables: UnsafeMutablePointer<ByteStringTable>
    /// How many tables: the number of partitions.
    let count: Int
    private let partitioner: ClientPartitioner?
    private let cuts: ClientPartitioner.Cuts

    /// One table, or one per partition of `partitioner`.
    init(partitioner: ClientPartitioner?, expectedClients: Int) {
        let partitions = partitioner?.count ?? 1
        count = partitions
        self.partitioner = partitioner
        cuts = ClientPartitioner.Cuts(partitioner ?? ClientPartitioner(prefix: [], splitters: []))
        tables = .allocate(capacity: partitions)
        let expected = max(256, expectedClients / partitions)
        for p in 0..<partitions { (tables + p).initialize(to: ByteStringTable(expectedCount: expected)) }
    }

    deinit {
        cuts.deallocate()
        tables.deinitialize(count: count)
        tables.deallocate()
    }

    /// ``ByteStringTable/forecast(afterParsing:remaining:)`` for every partition's table.
    mutating func forecastGrowth(parsed: Int, remaining: Int) {
        for p in 0..<count { tables[p].forecast(afterParsing: parsed, remaining: remaining) }
    }

    /// Partition `partition`'s forecast (``forecastGrowth(parsed:remaining:)``), for tests.
    func forecastCount(partition: Int) -> Int { tables[checked(partition)].forecastCount }

    /// The partition of the id at `bytes` whose key (prefix words made) is `key`.
    @inline(always)
    func partition(of key: ByteStringTable.Key, _ bytes: UnsafePointer<UInt8>) -> Int {
        if count == 1 { return 0 }
        return cuts.partition(of: key) ?? partitionOfBytes(bytes, key.length)
    }

    /// The partition of the `length` bytes at `bytes` (ids the key's words do not settle).
    @inline(never)
    func partitionOfBytes(_ bytes: UnsafePointer<UInt8>, _ length: Int) -> Int {
        partitioner?.partition(of: UnsafeBufferPointer(start: bytes, count: length)) ?? 0
    }

    @inline(__always)
    private func checked(_ partition: Int) -> Int {
        precondition(UInt(bitPattern: partition) < UInt(bitPattern: count), "no such client partition")
        return partition
    }

    /// `key` (its prefix words made, ``ByteStringTable/Key/init(_:_:readable:)``)
    /// hashed for partition `partition`'s table.
    @inline(__always)
    func hashed(_ key: ByteStringTable.Key, _ bytes: UnsafePointer<UInt8>, partition: Int) -> ByteStringTable.Key {
        tables[checked(partition)].hashed(key, bytes)
    }

    /// ``ByteStringTable/prefetch(_:)`` in partition `partition`'s table.
    @inline(__always)
    func prefetch(_ key: ByteStringTable.Key, partition: Int) {
        tables[checked(partition)].prefetch(key)
    }

    /// ``ByteStringTable/intern(_:_:)`` in partition `partition`'s table: the id is that table's.
    @inline(__always)
    mutating func intern(_ bytes: UnsafePointer<UInt8>, _ key: ByteStringTable.Key,
                         partition: Int) -> (id: UInt32, isNew: Bool) {
        tables[checked(partition)].intern(bytes, key)
    }

    /// ``ByteStringTable/intern(_:_:readable:)`` in partition `partition`'s table.
    mutating func intern(_ bytes: UnsafePointer<UInt8>, _ length: Int, readable: Int,
                         partition: Int) -> (id: UInt32, isNew: Bool) {
        tables[checked(partition)].intern(bytes, length, readable: readable)
    }

    /// The bytes of id `id` of partition `partition`, valid until the next mutation.
    func bytes(of id: UInt32, partition: Int) -> UnsafeBufferPointer<UInt8> {
        tables[checked(partition)].bytes(of: Int(id))
    }

    /// Every partition's ids in id order.
    func frozen() -> [ByteStrings] {
        (0..<count).map { tables[$0].frozen() }
    }

    /// One number for id `id` of partition `partition` (the set of invalid ids).
    @inline(__always)
    static func code(_ id: UInt32, partition: Int) -> UInt64 {
        UInt64(truncatingIfNeeded: partition) << 32 | UInt64(id)
    }
}
