/// A company's sales, read and held column by column: every accepted
/// transaction's client, day, amount and manager, plus the accounting of what
/// was read.
///
/// Read a file (in parallel) or build one from values, then analyse it as many
/// times as you like:
///
/// ```swift
/// let table = try TransactionTable(contentsOfFile: "sales.csv")
/// let analysis = try table.analyze(AnalysisOptions())
/// print(table.rowsRead, table.acceptedCount)   // 84 84
/// ```
///
/// Client ids are numbered in byte order of their UTF-8 text, whatever the
/// order of the file or the number of threads, so every result is the same
/// for the same data.
public struct TransactionTable: Sendable {
    /// Where the rows came from: a path, `-` for standard input, or a name.
    public let source: String
    /// Fraction digits of a minor unit (SPEC §1).
    public let scale: Int
    /// Every client id, sorted in byte order; a row's client is an index here.
    let clients: ByteStrings
    /// Every manager id, sorted; a row's manager is an index here plus one.
    let managers: ByteStrings
    /// Every non-empty category (service, SPEC §13), sorted; a row's category
    /// is an index here plus one (0: empty). `nil` when the input has no
    /// category column.
    let categories: ByteStrings?
    /// The accepted rows, in segments: partition by partition, and within a
    /// partition in input order (``partitions``).
    private(set) var segments: [TransactionColumns]
    /// The client partitions (``ClientPartitioner``): each a run of client
    /// numbers and the run of ``segments`` holding all their rows. One,
    /// covering everything, unless the reader partitioned a large file.
    let partitions: [TablePartition]
    /// With more than one partition, each input piece's rows' partitions in
    /// input order: piece `k`'s rows of partition `p` are segment
    /// `partitions[p].segments.lowerBound + k`. Empty with one partition.
    private(set) var rowPartitions: [[UInt8]]
    /// Whether the rows were handed to an analysis that freed them
    /// (``analyzeReleasingRows(_:model:threads:)``); the accounting stays.
    public private(set) var rowsReleased = false
    /// Rows accepted (read and not rejected).
    public let acceptedCount: Int
    /// The earliest and latest dates among accepted rows; `nil` if there are none.
    public let dateRange: ClosedRange<Day>?
    /// Data records read (blank lines are not records).
    public let rowsRead: Int
    /// Physical lines of the input (header, blank lines and the lines inside
    /// quoted fields included), so that rows lost to a stray quote show.
    public internal(set) var lines: Int
    /// The order of day and month the reader chose for dates like
    /// `13/01/2025` when none was named, and which date showed it.
    public internal(set) var inferredDateOrder: InferredDateOrder? = nil
    /// The rows left out under ``ErrorPolicy/skip``, in file order.
    public let rejections: [RejectedRow]
    /// The header names of the kept columns (``ReadOptions/keptColumns``), as
    /// the header spells them; empty when none are kept.
    public internal(set) var keptColumnNames: [String] = []
    /// How long reading and parsing took, for the command line's `--timings`
    /// (`package`: a measurement, not a result).
    package internal(set) var readDuration: Duration = .zero
    /// The header fields read, one per role (client, date, amount or quantity
    /// and price, manager, category); empty for a table built in memory.
    public internal(set) var columns: [ColumnUse] = []
    /// Header fields that look like a manager or category column (`Менеджер
    /// по продажам`) but are no usual name, while that role has no column:
    /// probably a name to give with ``ColumnNames``.
    public internal(set) var lookalikeColumns: [ColumnUse] = []
    /// Accepted rows whose amount had non-zero digits beyond the scale and was
    /// rounded (`12.34` read with scale 0), or whose quantity × price was.
    public internal(set) var roundedAmountCount = 0
    /// The temporary file the rows live in when the export was too large for
    /// memory (``SpillFile``); the grouped histories go there too. `nil`: memory.
    var spill: SpillFile? = nil

    init(source: String, scale: Int, clients: ByteStrings, managers: ByteStrings, categories: ByteStrings? = nil,
         segments: [TransactionColumns], rowsRead: Int, rejections: [RejectedRow],
         partitions: [TablePartition]? = nil, rowPartitions: [[UInt8]] = []) {
        self.partitions = partitions
            ?? [TablePartition(clients: 0..<clients.count, segments: 0..<segments.count)]
        self.rowPartitions = rowPartitions
        acceptedCount = segments.reduce(0) { $0 + $1.count }
        dateRange = Self.dateRange(of: segments)
        self.source = source
        self.scale = scale
        self.clients = clients
        self.managers = managers
        self.categories = categories
        self.segments = segments
        self.rowsRead = rowsRead
        self.rejections = rejections
        lines = rowsRead + 1  // as the CSV it stands for would have; the reader sets the real count
    }

    /// Reads a CSV export (SPEC §9), in parallel.
    /// - Throws: ``ReadError`` for input that cannot be read (with file, line,
    ///   column and reason), ``OptionsError`` for options out of range.
    /// - Parameter progress: called now and then, from any thread, with the
    ///   fraction of the file's bytes parsed so far.
    public init(contentsOfFile path: String, options: ReadOptions = ReadOptions(),
                progress: (@Sendable (Double) -> Void)? = nil) throws {
        let input = try InputBytes(contentsOfFile: path, check: StreamCheck(file: path, options: options))
        self = try TransactionReader.read(input, file: path, options: options, progress: progress)
    }

    /// Reads a CSV export held in memory; `name` stands for the file in errors.
    public init(csv bytes: some Collection<UInt8>, name: String = "input",
                options: ReadOptions = ReadOptions()) throws {
        self = try TransactionReader.read(InputBytes(copying: bytes), file: name, options: options)
    }

    /// Reads a CSV export from standard input to its end (mapped when it is a
    /// regular file; a stream is checked as it arrives, ``StreamCheck``).
    public init(standardInput options: ReadOptions = ReadOptions(),
                progress: (@Sendable (Double) -> Void)? = nil) throws {
        let input = try InputBytes(readingDescriptor: 0, name: "stdin", check: StreamCheck(file: "stdin", options: options))
        self = try TransactionReader.read(input, file: "stdin", options: options, progress: progress)
    }

    /// Builds a table from transactions, for code that has them in memory.
    /// Client, manager and category ids are trimmed of spaces and tabs as when
    /// reading. The table has a category column (SPEC §13) when any
    /// transaction names a category.
    /// - Precondition: every client id is non-empty after trimming.
    public init(_ transactions: some Sequence<Transaction>, scale: Int = 2) {
        precondition((0...6).contains(scale), "scale must be between 0 and 6")
        var rows: [(client: String, day: Int32, amount: Int64, manager: String?, category: String?)] = []
        var hasCategory = false
        for transaction in transactions {
            let client = transaction.client.trimmingCharacters(in: " \t")
            precondition(!client.isEmpty, "a transaction's client id is empty")
            let manager = transaction.manager?.trimmingCharacters(in: " \t")
            let category = transaction.category?.trimmingCharacters(in: " \t")
            if transaction.category != nil { hasCategory = true }
            rows.append((client, transaction.date.daysSince1970, transaction.amount.minorUnits,
                         manager?.isEmpty == false ? manager : nil, category?.isEmpty == false ? category : nil))
        }
        func numbering(_ ids: [String]) -> (ByteStrings, [String: UInt32]) {
            let strings = ByteStrings(Set(ids))
            let order = strings.sortedIndices()
            let sorted = ByteStrings(order.map { strings.string($0) })
            var index: [String: UInt32] = [:]
            for i in 0..<sorted.count { index[sorted.string(i)] = UInt32(i) }
            return (sorted, index)
        }
        let (clients, clientIndex) = numbering(rows.map(\.client))
        let (managers, managerIndex) = numbering(rows.compactMap(\.manager))
        let (categories, categoryIndex) = numbering(rows.compactMap(\.category))
        var builder = ColumnBuilder(capacity: rows.count, categories: hasCategory)
        for row in rows {
            let manager = row.manager.map { managerIndex[$0]! + 1 } ?? 0
            if hasCategory {
                builder.append(client: clientIndex[row.client]!, day: row.day, amount: row.amount, manager: manager,
                               category: row.category.map { categoryIndex[$0]! + 1 } ?? 0)
            } else {
                builder.append(client: clientIndex[row.client]!, day: row.day, amount: row.amount, manager: manager)
            }
        }
        self.init(source: "memory", scale: scale, clients: clients, managers: managers,
                  categories: hasCategory ? categories : nil,
                  segments: [TransactionColumns(builder.finish())], rowsRead: rows.count, rejections: [])
    }

    /// Whether the rows carry a category (service, department, product
    /// group): then SPEC §13 judges each client's return per service by default.
    public var hasCategoryColumn: Bool { categories != nil }

    /// Rows rejected (left out under ``ErrorPolicy/skip``).
    public var rejectedCount: Int { rowsRead - acceptedCount }

    private static func dateRange(of segments: [TransactionColumns]) -> ClosedRange<Day>? {
        var low = Int32.max, high = Int32.min
        for segment in segments {
            for day in segment.days {
                low = min(low, day)
                high = max(high, day)
            }
            withExtendedLifetime(segment) {}
        }
        return low <= high ? Day(daysSince1970: Int(low))...Day(daysSince1970: Int(high)) : nil
    }

    /// Takes the rows away, keeping the accounting: for the grouping that frees them as it goes.
    mutating func releaseRows() {
        segments = segments.map { _ in TransactionColumns() }
        rowPartitions = []
        rowsReleased = true
    }

    /// Every accepted transaction in input order, as values.
    /// - Precondition: the rows were not released (``rowsReleased``).
    /// - Complexity: O(n), one `String` per client and manager mentioned.
    public var transactions: [Transaction] {
        precondition(!rowsReleased, "the table's rows were released by analyzeReleasingRows")
        let clientNames = (0..<clients.count).map { clients.string($0) }
        let managerNames = (0..<managers.count).map { managers.string($0) }
        let categoryNames = categories.map { categories in (0..<categories.count).map { categories.string($0) } }
        func transaction(_ segment: TransactionColumns, row: Int) -> Transaction {
            let (client, day, amount, manager) = segment.row(row)
            var transaction = Transaction(
                client: clientNames[client],
                date: Day(daysSince1970: Int(day)),
                amount: Money(minorUnits: amount),
                manager: manager == 0 ? nil : managerNames[Int(manager - 1)])
            if let categoryNames {
                let category = segment.category(ofRow: row)
                transaction.category = category == 0 ? "" : categoryNames[Int(category - 1)]
            }
            return transaction
        }
        var result: [Transaction] = []
        result.reserveCapacity(acceptedCount)
        guard partitions.count > 1 else {
            for segment in segments {
                for row in 0..<segment.count { result.append(transaction(segment, row: row)) }
            }
            return result
        }
        // Piece by piece, taking each row from its partition's segment in turn.
        for (piece, order) in rowPartitions.enumerated() {
            var next = [Int](repeating: 0, count: partitions.count)
            for partition in order {
                let segment = segments[partitions[Int(partition)].segments.lowerBound + piece]
                result.append(transaction(segment, row: next[Int(partition)]))
                next[Int(partition)] += 1
            }
        }
        return result
    }
}

/// One sale, refund or return (SPEC §1).
public struct Transaction: Hashable, Sendable {
    /// The client's id as in the export.
    public var client: String
    /// The day of the transaction.
    public var date: Day
    /// The amount; negative for a refund or return.
    public var amount: Money
    /// The employee responsible, if the row names one.
    public var manager: String?
    /// The service, department or product group (SPEC §13); `""` for an
    /// empty one, `nil` when the data has no category column.
    public var category: String?

    /// A transaction without a manager or category unless named, as most code that builds rows has.
    public init(client: String, date: Day, amount: Money, manager: String? = nil, category: String? = nil) {
        self.client = client
        self.date = date
        self.amount = amount
        self.manager = manager
        self.category = category
    }
}
