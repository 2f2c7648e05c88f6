/// Where the parser's loop appends accepted rows: one ``ColumnBuilder``, or
/// one per client partition (``PartitionedColumnBuilder``). The loop is
/// generic over it, so each kind is compiled into a loop of its own and the
/// one-partition loop pays nothing for partitions.
protocol RowSink: ~Copyable {
    /// Appends a row of the client `client` of partition `partition` (0 when not partitioned).
    mutating func append(client: UInt32, day: Int32, amount: Int64, manager: UInt32, partition: Int)
    /// ``append(client:day:amount:manager:partition:)`` with the row's category number + 1.
    mutating func append(client: UInt32, day: Int32, amount: Int64, manager: UInt32, category: UInt32,
                         partition: Int)
    /// The rows appended: one set of columns per partition, and each row's
    /// partition in input order (empty with one partition).
    consuming func finishPartitions() -> (columns: [TransactionColumns], rowPartitions: [UInt8])
}

extension ColumnBuilder: RowSink {
    @inline(__always)
    mutating func append(client: UInt32, day: Int32, amount: Int64, manager: UInt32, partition: Int) {
        append(client: client, day: day, amount: amount, manager: manager)
    }

    @inline(__always)
    mutating func append(client: UInt32, day: Int32, amount: Int64, manager: UInt32, category: UInt32,
                         partition: Int) {
        append(client: client, day: day, amount: amount, manager: manager, category: category)
    }

    consuming func finishPartitions() -> (columns: [TransactionColumns], rowPartitions: [UInt8]) {
        ([TransactionColumns(finish())], [])
    }
}

/// One ``ColumnBuilder`` per client partition (``ClientPartitioner``), so
/// that the rows of each partition are born together and grouped later in
/// cache-sized pieces. Each row's partition is also kept (one byte), so that
/// the input order can be told again (``TransactionTable/transactions``).
///
/// The parser gives each row's partition, which it worked out from the
/// client's bytes to choose the partition's id table (``ClientIDTables``).
///
/// Rows are staged: each partition has room for ``stageCapacity`` rows in one
/// small buffer that stays in the cache, and a full stage is copied into the
/// partition's columns at once. Written row by row, 4 × 39 column streams
/// (10 M rows) defeat the hardware prefetcher, so each new cache line of a
/// column is a miss on its own; a stage's copy writes whole lines of each
/// column together, so that their misses overlap (cachegrind, 1 M rows, 39
/// partitions: L1 write misses 4.14 M row by row, 2.83 M staged, 2.06 M unpartitioned).
struct PartitionedColumnBuilder: ~Copyable {
    /// One staged row: 24 bytes.
    private struct StagedRow {
        var client: UInt32
        var day: Int32
        var manager: UInt32
        var category: UInt32
        var amount: Int64
    }

    /// Rows staged per partition before they are copied into its columns.
    static let stageCapacity = 32

    private let builders: UnsafeMutablePointer<ColumnBuilder>
    private let partitionCount: Int
    private let keepsCategories: Bool
    /// `stageCapacity` rows per partition, partition after partition.
    private let stage: UnsafeMutablePointer<StagedRow>
    /// Rows in each partition's stage.
    private let staged: UnsafeMutablePointer<Int>
    /// Each appended row's partition, in input order.
    private var rowPartitions: UnsafeMutablePointer<UInt8>
    private var rowCount = 0
    private var rowCapacity: Int

    /// `rows` is a guess at the piece's rows: each partition starts with room
    /// for a little more than its share (pages not written cost nothing).
    init(partitioner: ClientPartitioner, rows: Int, categories: Bool, spill: SpillFile? = nil) {
        precondition(partitioner.count <= Int(UInt8.max) + 1, "partitions are numbered in one byte")
        partitionCount = partitioner.count
        keepsCategories = categories
        stage = .allocate(capacity: partitionCount * Self.stageCapacity)
        staged = .allocate(capacity: partitionCount)
        staged.initialize(repeating: 0, count: partitionCount)
        builders = .allocate(capacity: partitionCount)
        let share = rows / partitionCount + rows / (4 * partitionCount) + 16
        for p in 0..<partitionCount {
            (builders + p).initialize(to: ColumnBuilder(capacity: share, categories: categories, spill: spill))
        }
        rowCapacity = max(rows, 16)
        rowPartitions = .allocate(capacity: rowCapacity)
    }

    deinit {
        stage.deallocate()
        staged.deallocate()
        builders.deinitialize(count: partitionCount)
        builders.deallocate()
        rowPartitions.deallocate()
    }

    /// Stages a row of partition `p`, copying the stage into the columns when full.
    @inline(__always)
    private mutating func stageRow(_ p: Int, _ row: StagedRow) {
        let count = staged[p]
        stage[p * Self.stageCapacity + count] = row
        staged[p] = count + 1
        if count + 1 == Self.stageCapacity { flush(p) }
    }

    /// Copies partition `p`'s staged rows into its columns.
    @inline(never)
    private func flush(_ p: Int) {
        let count = staged[p]
        let rows = stage + p * Self.stageCapacity
        if keepsCategories {
            for k in 0..<count {
                builders[p].append(client: rows[k].client, day: rows[k].day, amount: rows[k].amount,
                                   manager: rows[k].manager, category: rows[k].category)
            }
        } else {
            for k in 0..<count {
                builders[p].append(client: rows[k].client, day: rows[k].day, amount: rows[k].amount,
                                   manager: rows[k].manager)
            }
        }
        staged[p] = 0
    }

    @inline(__always)
    private mutating func note(_ partition: Int) {
        if rowCount == rowCapacity { growRows() }
        rowPartitions[rowCount] = UInt8(truncatingIfNeeded: partition)
        rowCount += 1
    }

    @inline(never)
    private mutating func growRows() {
        let new = UnsafeMutablePointer<UInt8>.allocate(capacity: rowCapacity * 2)
        new.moveInitialize(from: rowPartitions, count: rowCount)
        rowPartitions.deallocate()
        rowPartitions = new
        rowCapacity *= 2
    }
}

extension PartitionedColumnBuilder: RowSink {
    @inline(__always)
    mutating func append(client: UInt32, day: Int32, amount: Int64, manager: UInt32, partition p: Int) {
        note(p)
        stageRow(p, StagedRow(client: client, day: day, manager: manager, category: 0, amount: amount))
    }

    @inline(__always)
    mutating func append(client: UInt32, day: Int32, amount: Int64, manager: UInt32, category: UInt32,
                         partition p: Int) {
        note(p)
        stageRow(p, StagedRow(client: client, day: day, manager: manager, category: category, amount: amount))
    }

    consuming func finishPartitions() -> (columns: [TransactionColumns], rowPartitions: [UInt8]) {
        // Each builder's memory goes to its storage; an empty one takes its
        // place for `deinit` (which frees the rest) to release.
        for p in 0..<partitionCount where staged[p] > 0 { flush(p) }
        let columns = (0..<partitionCount).map { p in
            let storage = (builders + p).move().finish()
            (builders + p).initialize(to: ColumnBuilder(capacity: 1))
            return TransactionColumns(storage)
        }
        return (columns, [UInt8](UnsafeBufferPointer(start: rowPartitions, count: rowCount)))
    }
}
