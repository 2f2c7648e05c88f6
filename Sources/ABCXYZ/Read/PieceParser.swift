/// The transactions of one byte range of the file, as one thread parsed them.
///
/// Client and manager numbers are local to the piece (its own
/// ``ByteStringTable``s; a client's, to the piece and its partition) until
/// ``TransactionReader`` maps them to the data set's.
struct ParsedPiece: Sendable {
    /// The first record parsed.
    var start: Int
    /// The start of the first record not parsed (at or after the nominal end).
    var end: Int
    /// The piece's clients, partition by partition (one list when the file is not partitioned).
    var clients: [ByteStrings] = [ByteStrings()]
    var managers = ByteStrings()
    /// Categories (SPEC §13), numbered like managers; empty without a category column.
    var categories = ByteStrings()
    /// The kept columns' values of the accepted rows; `nil` unless columns are kept.
    var kept: KeptRows? = nil
    /// The accepted rows, one set of columns per client partition (one when
    /// the file is not partitioned, ``ClientPartitioner``).
    var partitions: [TransactionColumns] = [TransactionColumns()]
    /// Each accepted row's partition, in input order; empty with one partition.
    var rowPartitions: [UInt8] = []
    /// Data records seen (blank lines are not records).
    var rowsRead = 0
    /// LF bytes in `start..<end`: the piece's share of the physical lines.
    /// While parsing, only those not counted as one per row (``PieceParser/parse(from:to:)``).
    var lineBreaks = 0
    /// What the accepted rows' year-last dates showed about day/month order.
    var dateOrder = DateOrderEvidence()
    /// Bad rows, in file order (with ``ErrorPolicy/stop``, at most one).
    var rejections: [PieceRejection] = []
    /// The sum of |amount| over accepted rows, saturating, to prove no later
    /// sum of money can overflow.
    var absoluteTotal: UInt64 = 0
    /// Accepted rows whose amount the scale rounded.
    var roundedAmounts = 0
}

/// A bad row as the parser saw it, before line numbers are counted.
struct PieceRejection: Sendable {
    var recordStart: Int
    var recordEnd: Int
    /// Where the error points: the field's first byte (its opening quote if quoted).
    var fieldStart: Int
    var fieldIndex: Int
    var reason: ReadError.Reason
}

/// Parses the records that start in one byte range: the engine's inner loop.
///
/// One parser runs per piece, on its own thread, with its own interners, and
/// writes columns (client, day, amount, manager) with no `String` per row.
/// What a row's failure was is kept as a few integers while parsing; the
/// error's text is made only for a row that is rejected.
struct PieceParser: ~Copyable {
    private let input: InputBytes
    private let layout: RecordLayout
    private let scanner: RecordScanner
    private let amountParser: AmountParser
    private let dateParser: DateParser
    private let policy: ErrorPolicy
    /// The date's field (−1 for none), for the repeated-date path of ``scanRecord(at:into:lastDate:)``.
    private let dateField: Int
    /// One id table per client partition: a client's number is its partition's.
    private var clients: ClientIDTables
    private var managers = ByteStringTable(expectedCount: 64)
    private var categories = ByteStringTable(expectedCount: 64)
    private var scratch: [UInt8] = []
    /// Ids whose bytes are not UTF-8: every row naming them is rejected.
    /// Clients as ``ClientIDTables/code(_:partition:)``.
    private var invalidClients: Set<UInt64> = []
    private var invalidManagers: Set<UInt32> = []
    private var invalidCategories: Set<UInt32> = []
    private var result: ParsedPiece
    private let meter: ProgressMeter?
    /// How client ids are cut into partitions; `nil` for one partition.
    private let partitioner: ClientPartitioner?
    /// The temporary file the columns go to, for an export too large for memory.
    private let spill: SpillFile?
    /// Kept columns (`--keep-columns`): how many, each field's slot, their
    /// values, and the slots of the rows scanned but not yet appended (two
    /// batches' worth, as a ring: row `n` of the piece uses `n % (2 · batchSize)`).
    /// A slot holds the value number + 1, 0 for empty, or ``keptUnresolved``
    /// while its value waits, hashed, to be looked up after its table slot
    /// was prefetched (as the clients' are: a million phones miss the cache too).
    private let keptWidth: Int
    private let keptSlot: [Int]
    private var keptValues: ByteStringTable
    private var keptPending: [UInt32]
    private var keptKeys: [ByteStringTable.Key]
    private var keptStarts: [Int]
    private var keptBase = 0
    private var keptRows: [UInt32] = []
    private static let keptUnresolved = UInt32.max

    /// What the quoted fields of one record hold: their line breaks, and the
    /// first one long enough to be a stray quote's.
    private struct QuotedFields {
        var lineBreaks = 0
        var runawayField = -1
        var runawayQuote = 0

        /// Counts a quoted field's line breaks (the only ones not counted one
        /// per row) and notes it if it is long enough to be a stray quote's.
        @inline(never)
        mutating func note(_ field: RecordScanner.Field, _ index: Int, _ base: UnsafePointer<UInt8>) {
            let breaks = RecordScanner.newlines(base, field.start..<field.end)
            lineBreaks += breaks
            if runawayField < 0, RecordScanner.isRunaway(field, lineBreaks: breaks) {
                (runawayField, runawayQuote) = (index, field.start - 1)
            }
        }
    }

    /// How often a finished stretch of a mapped file is handed back (bytes).
    private static let releaseStride = 32 << 20

    /// `dateParser` reads the dates; by default as `options.dateFormat` says.
    init(input: InputBytes, layout: RecordLayout, options: ReadOptions, expectedClients: Int,
         dateParser: DateParser? = nil, meter: ProgressMeter? = nil, partitioner: ClientPartitioner? = nil,
         spill: SpillFile? = nil) {
        self.spill = spill
        self.meter = meter
        self.partitioner = partitioner
        self.input = input
        self.layout = layout
        scanner = RecordScanner(base: input.base, end: input.count, delimiter: layout.delimiter)
        amountParser = AmountParser(scale: options.scale, commaIsDecimal: layout.delimiter != UInt8(ascii: ","))
        self.dateParser = dateParser ?? DateParser(format: options.dateFormat)
        policy = options.onError
        dateField = layout.fieldOfRole[.date] ?? -1
        clients = ClientIDTables(partitioner: partitioner, expectedClients: expectedClients)
        result = ParsedPiece(start: 0, end: 0)
        keptWidth = layout.keptFields.count
        keptSlot = keptWidth > 0 ? layout.keptSlot : []
        keptValues = ByteStringTable(expectedCount: keptWidth > 0 ? expectedClients : 1)
        keptPending = [UInt32](repeating: 0, count: 2 * PieceParser.batchSize * keptWidth)
        keptKeys = [ByteStringTable.Key](repeating: ByteStringTable.Key(UnsafePointer(bitPattern: 8)!, 0, readable: 0),
                                         count: keptPending.count)
        keptStarts = [Int](repeating: 0, count: keptPending.count)
    }

    /// The first record start at or after `offset` if no quoted field spans
    /// it: the byte after the first LF at or after `offset − 1`. A guess that
    /// ``TransactionReader`` checks against the previous piece's real end.
    static func probableRecordStart(_ input: InputBytes, after offset: Int) -> Int {
        var p = offset
        while p < input.count, input.base[p - 1] != UInt8(ascii: "\n") { p += 1 }
        return min(p, input.count)
    }

    /// What went wrong with a row, as plain numbers (no text) until it is rejected.
    private struct Failure {
        enum Kind: UInt8 {
            case none, wrongFieldCount, emptyClient, badAmount, amountTooLarge, badDate, ambiguousDate, noSuchDay,
                 unterminatedQuote, runawayQuote, textAfterQuote, invalidClient, invalidManager, badQuantity, badPrice,
                 invalidCategory, dateOutOfRange
        }

        var kind = Kind.none
        var field = 0
        /// The bytes a message quotes.
        var start = 0
        var end = 0
        /// Where the error points (line and column).
        var location = 0

        @inline(__always)
        mutating func set(_ kind: Kind, _ field: Int, _ start: Int, _ end: Int, at location: Int? = nil) {
            if self.kind == .none {
                self = Failure(kind: kind, field: field, start: start, end: end, location: location ?? start)
            }
        }

        /// The record has `found` fields, not the header's number: this wins
        /// over a content failure (out of line: the inner loop stays small).
        @inline(never)
        mutating func setWrongFieldCount(_ found: Int, _ row: PendingRow) {
            self = Failure(kind: .wrongFieldCount, field: found, start: row.recordStart, end: row.recordStart,
                           location: row.recordStart)
        }

        /// A failure about a field's content, pointing at its opening quote if it has one.
        @inline(__always)
        mutating func set(_ kind: Kind, _ field: Int, _ scanned: RecordScanner.Field) {
            set(kind, field, scanned.start, scanned.end, at: scanned.quoted ? scanned.start - 1 : scanned.start)
        }
    }

    /// One record between scanning and interning its client.
    private struct PendingRow {
        var recordStart = 0
        var recordEnd = 0
        var failure = Failure()
        var clientStart = 0
        var clientLength = 0
        /// Made from `clientStart` and `clientLength` after the batch is scanned.
        var clientKey = ByteStringTable.Key(UnsafePointer(bitPattern: 8)!, 0, readable: 0)
        /// The client id when it was interned while scanning (ids with `""`).
        var clientID: UInt32? = nil
        /// The client's partition (0 when the file is not partitioned).
        var clientPartition = 0
        var day: Int32 = 0
        /// What a year-last date showed about day/month order, and its bytes.
        var dateOrder = DateParser.OrderEvidence.none
        var dateStart = 0
        var dateEnd = 0
        var amount: Int64 = 0
        var manager: UInt32 = 0
        /// Category number + 1; 0 when empty.
        var category: UInt32 = 0
        /// The amount had more fraction digits than the scale, and not all zeros.
        var rounded = false
        /// Line-item exports: the row's quantity and unit price, exact.
        var quantity: (mantissa: Int64, fractionDigits: Int) = (0, 0)
        var price: (mantissa: Int64, fractionDigits: Int) = (0, 0)
    }

    /// Rows scanned before their clients are looked up together.
    private static let batchSize = 64

    /// Parses every record that starts in `start..<nominalEnd`; with
    /// `claims`, the records of piece `piece` that start before its limit
    /// (which other threads may bring down), claimed a stretch at a time.
    ///
    /// Rows go in batches of ``batchSize`` through three steps: scan the
    /// fields, parse date and amount; hash each client id and prefetch its
    /// table slot, so that the slots' cache misses overlap with each other and
    /// with the scanning (a table of a million clients does not fit in a
    /// cache, and one miss per row otherwise dominates); then, after the next
    /// batch has been scanned, look the clients up and append the rows in file
    /// order.
    consuming func parse(from start: Int, to nominalEnd: Int, claims: PieceClaims? = nil, piece: Int = 0) -> ParsedPiece {
        let rows = max(16, (nominalEnd - start) / 28)
        if let partitioner {
            return parse(from: start, to: nominalEnd, claims: claims, piece: piece, into: PartitionedColumnBuilder(
                partitioner: partitioner, rows: rows, categories: layout.hasCategory, spill: spill))
        }
        return parse(from: start, to: nominalEnd, claims: claims, piece: piece,
                     into: ColumnBuilder(capacity: rows, categories: layout.hasCategory, spill: spill))
    }

    /// ``parse(from:to:)`` appending to `columns`: compiled once per kind of sink.
    private consuming func parse<Sink: RowSink & ~Copyable>(from start: Int, to nominalEnd: Int,
                                                           claims: PieceClaims?, piece: Int,
                                                           into columns: consuming Sink) -> ParsedPiece {
        let base = input.base
        let fileEnd = input.count
        result.start = start
        let keepsCategories = layout.hasCategory
        let keepsColumns = keptWidth > 0
        var scanned = 0
        var position = start
        var released = start
        var lastDate = LastDate()
        // The two batches in raw memory, not arrays: an array written through
        // `inout` in the loop checks its uniqueness on every write.
        let pending = UnsafeMutablePointer<PendingRow>.allocate(capacity: 2 * PieceParser.batchSize)
        pending.initialize(repeating: PendingRow(), count: 2 * PieceParser.batchSize)
        defer { pending.deallocate() }  // `PendingRow` holds no references: nothing to deinitialize
        var current = pending
        var next = pending + PieceParser.batchSize
        /// Records that start before this are the piece's to parse: its
        /// claim (``PieceClaims``), or the nominal end.
        var claimEnd = claims == nil ? nominalEnd : start
        /// Where the client tables' growth forecast was last made, and is next.
        var lastForecast = start, nextForecast = start
        /// Scans up to a batch of records into `batch`, prefetches their clients'
        /// table slots, and returns how many it scanned.
        func scanBatch(into batch: UnsafeMutablePointer<PendingRow>) -> Int {
            var count = 0
            while count < PieceParser.batchSize, position < fileEnd {
                if position >= claimEnd {
                    guard let more = claims?.extend(piece, at: position) else { break }
                    claimEnd = more
                }
                let byte = base[position]
                if byte == UInt8(ascii: "\n") {  // blank line
                    position += 1
                    result.lineBreaks += 1
                    continue
                }
                if byte == UInt8(ascii: "\r"), position + 1 < fileEnd, base[position + 1] == UInt8(ascii: "\n") {
                    position += 2
                    result.lineBreaks += 1
                    continue
                }
                if position - released >= PieceParser.releaseStride {
                    input.release(released..<position)
                    meter?.advance(by: position - released)
                    released = position
                }
                if keepsColumns { clearKeptSlots(ofRow: scanned) }
                scanned += 1
                scanRecord(at: &position, into: &batch[count], lastDate: &lastDate)
                count += 1
            }
            if position >= nextForecast {
                clients.forecastGrowth(parsed: position - lastForecast, remaining: nominalEnd - position)
                // Over a sixteenth more of the piece each time, at least 64 KiB.
                lastForecast = position
                nextForecast = position + max(1 << 16, (position - start) >> 4)
            }
            // The clients' keys are made here, not while scanning: in this small
            // loop the hash is inlined and keeps its registers, where in the scan
            // it was a call that spilled the scan's (BENCHMARKS.md, stop 19).
            // Each slot is prefetched as soon as its key is hashed. It was a
            // load, in a loop of loads alone: a load that misses holds up the
            // core until it is served, so the loads had to be bunched; a
            // prefetch holds up nothing (BENCHMARKS.md, stop 28).
            for i in 0..<count where batch[i].failure.kind == .none && batch[i].clientID == nil {
                let bytes = base + batch[i].clientStart
                let key = ByteStringTable.Key(bytes, batch[i].clientLength, readable: fileEnd - batch[i].clientStart)
                let partition = clients.partition(of: key, bytes)
                batch[i].clientPartition = partition
                let hashed = clients.hashed(key, bytes, partition: partition)
                batch[i].clientKey = hashed
                clients.prefetch(hashed, partition: partition)
            }
            if keepsColumns { prefetchKeptSlots(ofRows: (scanned - count)..<scanned) }
            return count
        }
        // Pipelined: the next batch is scanned (and its slots prefetched) before
        // the current one is looked up, so its misses have a batch of work to hide behind.
        var currentCount = scanBatch(into: current)
        parsing: while currentCount > 0 {
            let nextCount = scanBatch(into: next)
            for i in 0..<currentCount {
                result.rowsRead += 1
                let row = current + i  // read in place: the row is not copied
                if row.pointee.failure.kind == .none, row.pointee.clientID == nil {
                    let partition = row.pointee.clientPartition
                    let id = clients.intern(base + row.pointee.clientStart, row.pointee.clientKey, partition: partition)
                    if !isValidClient(id, partition: partition) {
                        let field = layout.fieldOfRole[.client]!
                        let clientStart = row.pointee.clientStart
                        row.pointee.failure.set(.invalidClient, field, clientStart,
                                                clientStart + row.pointee.clientLength,
                                                at: fieldLocation(field, recordStart: row.pointee.recordStart))
                    }
                    row.pointee.clientID = id.id
                }
                if row.pointee.failure.kind != .none {
                    result.rejections.append(rejection(row.pointee.failure, recordStart: row.pointee.recordStart,
                                                       recordEnd: row.pointee.recordEnd))
                    if policy == .stop {
                        position = row.pointee.recordEnd
                        claims?.stop(piece, at: row.pointee.recordStart)
                        break parsing
                    }
                    continue
                }
                if row.pointee.dateOrder != .none {
                    result.dateOrder.note(row.pointee.dateOrder, row.pointee.dateStart..<row.pointee.dateEnd)
                }
                if keepsCategories {
                    columns.append(client: row.pointee.clientID!, day: row.pointee.day, amount: row.pointee.amount,
                                   manager: row.pointee.manager, category: row.pointee.category,
                                   partition: row.pointee.clientPartition)
                } else {
                    columns.append(client: row.pointee.clientID!, day: row.pointee.day, amount: row.pointee.amount,
                                   manager: row.pointee.manager, partition: row.pointee.clientPartition)
                }
                if row.pointee.rounded { result.roundedAmounts += 1 }
                if keepsColumns { appendKept(ofRow: result.rowsRead - 1) }
                let (sum, overflow) = result.absoluteTotal.addingReportingOverflow(row.pointee.amount.magnitude)
                result.absoluteTotal = overflow ? .max : sum
            }
            swap(&current, &next)
            currentCount = nextCount
        }
        result.end = min(position, fileEnd)
        // One line break per row, except a last row that ends the file without one.
        let lastRowEndsFile = result.rowsRead > 0 && result.end == fileEnd && base[fileEnd - 1] != UInt8(ascii: "\n")
        result.lineBreaks += result.rowsRead - (lastRowEndsFile ? 1 : 0)
        claims?.finish(piece)
        let end = claims?.range(piece).upperBound ?? nominalEnd
        meter?.advance(by: max(0, min(position, end) - released))
        (result.partitions, result.rowPartitions) = columns.finishPartitions()
        result.clients = clients.frozen()
        result.managers = managers.frozen()
        result.categories = categories.frozen()
        if keepsColumns { result.kept = KeptRows(values: keptValues.frozen(), ids: keptRows, width: keptWidth) }
        return result
    }

    /// Empties the kept slots of the piece's `row`-th record before it is scanned.
    @inline(never)
    private mutating func clearKeptSlots(ofRow row: Int) {
        keptBase = (row % (2 * PieceParser.batchSize)) * keptWidth
        for slot in 0..<keptWidth { keptPending[keptBase + slot] = 0 }
    }

    /// Prefetches the table slots of the kept values of rows `rows` (of the
    /// piece), so that their cache misses overlap.
    @inline(never)
    private func prefetchKeptSlots(ofRows rows: Range<Int>) {
        for row in rows {
            let base = (row % (2 * PieceParser.batchSize)) * keptWidth
            for slot in base..<(base + keptWidth) where keptPending[slot] == Self.keptUnresolved {
                keptValues.prefetch(keptKeys[slot])
            }
        }
    }

    /// Appends the kept values of the piece's `row`-th record, accepted.
    @inline(never)
    private mutating func appendKept(ofRow row: Int) {
        let base = (row % (2 * PieceParser.batchSize)) * keptWidth
        for slot in base..<(base + keptWidth) {
            var id = keptPending[slot]
            if id == Self.keptUnresolved { id = keptValues.intern(input.base + keptStarts[slot], keptKeys[slot]).id + 1 }
            keptRows.append(id)
        }
    }

    /// Interns a kept field's value (trimmed, unescaped) into the slot of the
    /// record being scanned; an empty one leaves the slot empty.
    @inline(never)
    private mutating func keep(_ field: RecordScanner.Field, _ fieldIndex: Int) {
        let base = input.base
        var start = field.start, end = field.end
        Self.trim(base, &start, &end)
        guard start < end else { return }
        let slot = keptBase + keptSlot[fieldIndex]
        if field.hasEscapedQuotes {  // unescaped into the scratch buffer, which is reused: intern now
            Self.unescape(base, start, end, into: &scratch)
            let id = scratch.withUnsafeBufferPointer { keptValues.intern($0.baseAddress!, $0.count, readable: $0.count) }
            keptPending[slot] = id.id + 1
        } else {
            keptKeys[slot] = keptValues.key(base + start, end - start, readable: input.count - start)
            keptStarts[slot] = start
            keptPending[slot] = Self.keptUnresolved
        }
    }

    /// The last date field's bytes and day: exports in date order repeat a
    /// date thousands of times, and comparing ten bytes beats parsing them.
    private struct LastDate {
        var word: UInt64 = 0
        var tail: UInt16 = 0
        var day: Int32 = 0
        var order = DateParser.OrderEvidence.none
        /// Set by an unquoted date field only (its bytes hold no delimiter or LF).
        var isSet = false
    }

    /// Scans one record from `position` (moved to the next record): finds its
    /// fields, parses date, amount and manager, and notes where the client id
    /// is (its key is made once the batch is scanned). `@inline(always)`: Swift
    /// 6.3 weighs `@inline(__always)` like any call and, once the key was no
    /// longer made here, declined this one ("cost 657, benefit 20"); a call per
    /// record cost 8.5 M instructions per 200 k rows (BENCHMARKS.md, stop 19).
    @inline(always)
    private mutating func scanRecord(at position: inout Int, into row: inout PendingRow, lastDate: inout LastDate) {
        let base = input.base
        let fileEnd = input.count
        row.recordStart = position
        row.failure = Failure()
        row.clientID = nil
        row.manager = 0
        row.category = 0
        row.dateOrder = .none
        row.rounded = false
        var fieldIndex = 0
        let fieldCount = layout.fieldCount
        var quoted = QuotedFields()
        while true {
            // The date of the row before, its ten bytes and a delimiter: its day
            // without scanning for the field's end (as the scan would find it:
            // those ten bytes, from an unquoted field, hold no delimiter or LF).
            if fieldIndex == dateField, lastDate.isSet, position &+ 11 <= fileEnd,
               UnsafeRawPointer(base + position).loadUnaligned(as: UInt64.self) == lastDate.word,
               UnsafeRawPointer(base + position + 8).loadUnaligned(as: UInt16.self) == lastDate.tail,
               base[position &+ 10] == layout.delimiter, row.failure.kind == .none {
                row.day = lastDate.day
                if lastDate.order != .none { (row.dateOrder, row.dateStart, row.dateEnd) = (lastDate.order, position, position + 10) }
                fieldIndex += 1
                position &+= 11
                continue
            }
            guard let field = scanner.nextField(at: position) else {
                resynchronise(&row, at: &position, quote: position, field: fieldIndex, kind: .unterminatedQuote)
                return
            }
            if field.quoted { quoted.note(field, fieldIndex, base) }
            if field.textAfterQuote { row.failure.set(.textAfterQuote, fieldIndex, field.start - 1, field.end) }
            if row.failure.kind == .none, fieldIndex < fieldCount {
                let length = field.end - field.start
                switch layout.roles[fieldIndex] {
                case .ignored:
                    break
                case .kept:
                    keep(field, fieldIndex)
                case .client:
                    var start = field.start, end = field.end
                    Self.trim(base, &start, &end)
                    if start == end {
                        row.failure.set(.emptyClient, fieldIndex, field)
                    } else if field.hasEscapedQuotes {
                        let (id, partition, isValid) = internEscapedClient(start, end)
                        if !isValid { row.failure.set(.invalidClient, fieldIndex, field) }
                        row.clientID = id
                        row.clientPartition = partition
                    } else {
                        row.clientStart = start
                        row.clientLength = end - start
                    }
                case .manager:
                    var start = field.start, end = field.end
                    Self.trim(base, &start, &end)
                    guard start < end else { break }
                    let (id, isValid) = Self.intern(field, start, end, base, fileEnd: fileEnd, into: &managers,
                                                    invalid: &invalidManagers, scratch: &scratch)
                    if !isValid { row.failure.set(.invalidManager, fieldIndex, field) }
                    row.manager = id + 1
                case .category:
                    var start = field.start, end = field.end
                    Self.trim(base, &start, &end)
                    guard start < end else { break }
                    let (id, isValid) = Self.intern(field, start, end, base, fileEnd: fileEnd, into: &categories,
                                                    invalid: &invalidCategories, scratch: &scratch)
                    if !isValid { row.failure.set(.invalidCategory, fieldIndex, field.start, field.end) }
                    row.category = id + 1
                case .date:
                    if length == 10, field.start + 10 <= fileEnd {
                        let word = UnsafeRawPointer(base + field.start).loadUnaligned(as: UInt64.self)
                        let tail = UnsafeRawPointer(base + field.start + 8).loadUnaligned(as: UInt16.self)
                        if lastDate.isSet, word == lastDate.word, tail == lastDate.tail {
                            row.day = lastDate.day
                            if lastDate.order != .none {
                                (row.dateOrder, row.dateStart, row.dateEnd) = (lastDate.order, field.start, field.end)
                            }
                            break
                        }
                        var order = DateParser.OrderEvidence.none
                        if case .success(let value) = dateParser.parse(field.content(base), order: &order) {
                            row.day = value
                            if order != .none {
                                (row.dateOrder, row.dateStart, row.dateEnd) = (order, field.start, field.end)
                            }
                            lastDate = LastDate(word: word, tail: tail, day: value, order: order, isSet: !field.quoted)
                            break
                        }
                    }
                    parseOtherDate(field, fieldIndex, into: &row)
                case .amount:
                    if let common = amountParser.parseCommonShape(field.content(base)) {
                        (row.amount, row.rounded) = common
                    } else {
                        parseOtherAmount(field, fieldIndex, into: &row)
                    }
                case .quantity, .price:
                    parseFactor(field, fieldIndex, into: &row)
                }
            }
            fieldIndex += 1
            position = field.next
            if field.endsRecord { break }
        }
        if quoted.runawayField >= 0, fieldIndex != fieldCount || row.failure.kind == .textAfterQuote {
            // A long quoted field that breaks its record: a stray quote, not data.
            resynchronise(&row, at: &position, quote: quoted.runawayQuote, field: quoted.runawayField,
                          kind: .runawayQuote)
            return
        }
        if quoted.lineBreaks != 0 { result.lineBreaks += quoted.lineBreaks }
        // The field count first: a shifted field's content error would hide it.
        if fieldIndex != fieldCount, row.failure.kind != .textAfterQuote { row.failure.setWrongFieldCount(fieldIndex, row) }
        if row.failure.kind == .none, layout.amountIsProduct {
            if let amount = amountParser.product(row.quantity, row.price, rounded: &row.rounded) {
                row.amount = amount
            } else {
                // Quantity × price past 9.2·10^18 minor units: the message shows the row.
                row.failure.set(.amountTooLarge, layout.fieldOfRole[.price]!, row.recordStart, position)
            }
        }
        row.recordEnd = position
    }

    /// Interns a client, manager or category field, trimmed to `start..<end`;
    /// `isValid` is `false` when its bytes are not UTF-8 (every row naming it
    /// is rejected). Inlined for the common field; what is rare (`""` inside,
    /// a new id to check) is out of line, so the loop stays small.
    @inline(always)
    private static func intern(_ field: RecordScanner.Field, _ start: Int, _ end: Int, _ base: UnsafePointer<UInt8>,
                               fileEnd: Int, into table: inout ByteStringTable, invalid: inout Set<UInt32>,
                               scratch: inout [UInt8]) -> (id: UInt32, isValid: Bool) {
        let id = field.hasEscapedQuotes
            ? internUnescaped(base, start, end, into: &table, scratch: &scratch)
            : table.internRecent(base + start, end - start, readable: fileEnd - start)
        if id.isNew { noteIfInvalid(id.id, table, &invalid) }
        return (id.id, invalid.isEmpty || !invalid.contains(id.id))
    }

    /// A quoted id with `""` inside, unescaped into the scratch buffer (which is
    /// reused, so it is interned at once).
    @inline(never)
    private static func internUnescaped(_ base: UnsafePointer<UInt8>, _ start: Int, _ end: Int,
                                        into table: inout ByteStringTable,
                                        scratch: inout [UInt8]) -> (id: UInt32, isNew: Bool) {
        unescape(base, start, end, into: &scratch)
        return scratch.withUnsafeBufferPointer { table.intern($0.baseAddress!, $0.count, readable: $0.count) }
    }

    /// A quoted client id with `""` inside: unescaped, given its partition and
    /// interned in that partition's table at once (the scratch buffer is reused).
    @inline(never)
    private mutating func internEscapedClient(_ start: Int, _ end: Int) -> (id: UInt32, partition: Int, isValid: Bool) {
        Self.unescape(input.base, start, end, into: &scratch)
        let (id, partition) = scratch.withUnsafeBufferPointer { bytes in
            let partition = clients.partitionOfBytes(bytes.baseAddress!, bytes.count)
            let id = clients.intern(bytes.baseAddress!, bytes.count, readable: bytes.count, partition: partition)
            return (id, partition)
        }
        return (id.id, partition, isValidClient(id, partition: partition))
    }

    /// Whether a client just interned is UTF-8: a new one is checked (once per
    /// id, not per row) and, if not, noted, so every row naming it is rejected.
    @inline(__always)
    private mutating func isValidClient(_ id: (id: UInt32, isNew: Bool), partition: Int) -> Bool {
        if id.isNew, !UTF8Validation.isValid(clients.bytes(of: id.id, partition: partition)) {
            invalidClients.insert(ClientIDTables.code(id.id, partition: partition))
        }
        return invalidClients.isEmpty || !invalidClients.contains(ClientIDTables.code(id.id, partition: partition))
    }

    /// A new id whose bytes are not UTF-8 goes into `invalid` (checked once per id, not per row).
    @inline(never)
    private static func noteIfInvalid(_ id: UInt32, _ table: borrowing ByteStringTable, _ invalid: inout Set<UInt32>) {
        if !UTF8Validation.isValid(table.bytes(of: Int(id))) { invalid.insert(id) }
    }

    /// A date that is not the previous row's ten bytes: parsed, or the row's failure.
    @inline(never)
    private func parseOtherDate(_ field: RecordScanner.Field, _ fieldIndex: Int, into row: inout PendingRow) {
        var order = DateParser.OrderEvidence.none
        switch dateParser.parse(field.content(input.base), order: &order) {
        case .success(let value):
            row.day = value
            if order != .none { (row.dateOrder, row.dateStart, row.dateEnd) = (order, field.start, field.end) }
        case .failure(.ambiguous): row.failure.set(.ambiguousDate, fieldIndex, field)
        case .failure(.noSuchDay): row.failure.set(.noSuchDay, fieldIndex, field)
        case .failure(.outOfRange): row.failure.set(.dateOutOfRange, fieldIndex, field)
        case .failure: row.failure.set(.badDate, fieldIndex, field)
        }
    }

    /// An amount not of the common shape (``AmountParser/parseCommonShape(_:)``):
    /// thousands groups, signs, currency, or the row's failure.
    @inline(never)
    private func parseOtherAmount(_ field: RecordScanner.Field, _ fieldIndex: Int, into row: inout PendingRow) {
        switch amountParser.parseGeneral(field.content(input.base), rounded: &row.rounded) {
        case .success(let value): row.amount = value
        case .failure(.tooLarge): row.failure.set(.amountTooLarge, fieldIndex, field)
        case .failure: row.failure.set(.badAmount, fieldIndex, field)
        }
    }

    /// A line-item export's quantity or unit price (their product is the amount).
    @inline(never)
    private func parseFactor(_ field: RecordScanner.Field, _ fieldIndex: Int, into row: inout PendingRow) {
        let isQuantity = layout.roles[fieldIndex] == .quantity
        switch amountParser.parseDecimal(field.content(input.base)) {
        case .success(let value):
            if isQuantity { row.quantity = value } else { row.price = value }
        case .failure(.tooLarge): row.failure.set(.amountTooLarge, fieldIndex, field)
        case .failure: row.failure.set(isQuantity ? .badQuantity : .badPrice, fieldIndex, field)
        }
    }

    /// Ends the record at the line after a stray `quote` (one that never
    /// closes, or a runaway one) and rejects it there, so one stray quote
    /// costs one line, not the rest of the file.
    @inline(never)
    private mutating func resynchronise(_ row: inout PendingRow, at position: inout Int, quote: Int, field: Int,
                                        kind: Failure.Kind) {
        let close = kind == .runawayQuote ? scanner.quotedField(at: quote)?.end ?? quote : quote
        row.failure = Failure(kind: kind, field: field, start: quote, end: close, location: quote)
        position = scanner.lineEnd(after: quote)
        row.recordEnd = position
        // The record's line breaks, less the one per row that parse(from:to:) adds.
        let endsFile = position == input.count && input.base[input.count - 1] != UInt8(ascii: "\n")
        result.lineBreaks += RecordScanner.newlines(input.base, row.recordStart..<position) - 1 + (endsFile ? 1 : 0)
    }

    /// Where field `index` of the record at `recordStart` starts (its quote if
    /// quoted): for errors found after scanning, without a store per row.
    private func fieldLocation(_ index: Int, recordStart: Int) -> Int {
        var position = recordStart
        for _ in 0..<index {
            guard let field = scanner.nextField(at: position), !field.endsRecord else { return position }
            position = field.next
        }
        return position
    }

    /// Spaces and tabs around a client or manager are not part of it (SPEC §9).
    @inline(__always)
    private static func trim(_ base: UnsafePointer<UInt8>, _ start: inout Int, _ end: inout Int) {
        while start < end, base[start] == UInt8(ascii: " ") || base[start] == UInt8(ascii: "\t") { start += 1 }
        while end > start, base[end - 1] == UInt8(ascii: " ") || base[end - 1] == UInt8(ascii: "\t") { end -= 1 }
    }

    /// A quoted field's content with each `""` made one `"`.
    private static func unescape(_ base: UnsafePointer<UInt8>, _ start: Int, _ end: Int, into scratch: inout [UInt8]) {
        scratch.removeAll(keepingCapacity: true)
        var i = start
        while i < end {
            scratch.append(base[i])
            i += (base[i] == UInt8(ascii: "\"") && i + 1 < end && base[i + 1] == UInt8(ascii: "\"")) ? 2 : 1
        }
    }

    /// The rejection of a row, with the reason's text taken from the bytes.
    private func rejection(_ failure: Failure, recordStart: Int, recordEnd: Int) -> PieceRejection {
        let text = failure.kind == .runawayQuote ? "" : MessageText.prefix(input.base, failure.start, failure.end)
        func encoding() -> LegacyEncoding {
            LegacyEncoding.guess(UnsafeBufferPointer(start: input.base + failure.start, count: failure.end - failure.start))
        }
        let reason: ReadError.Reason = switch failure.kind {
        case .none, .wrongFieldCount: .wrongFieldCount(expected: layout.fieldCount, found: failure.field)
        case .emptyClient: .emptyClient
        case .badAmount: .badAmount(text)
        case .badQuantity: .badQuantity(text)
        case .badPrice: .badPrice(text)
        case .amountTooLarge: .amountTooLarge(text)
        case .badDate: .badDate(text)
        case .ambiguousDate: .ambiguousDate(text)
        case .noSuchDay: .noSuchDay(text)
        case .dateOutOfRange: .dateOutOfRange(text)
        case .unterminatedQuote: .unterminatedQuote
        case .runawayQuote:
            .runawayQuote(lines: RecordScanner.newlines(input.base, failure.start..<failure.end),
                          bytes: failure.end - failure.start - 1)
        case .textAfterQuote: .textAfterQuote
        case .invalidClient: .invalidUTF8(.client, encoding())
        case .invalidManager: .invalidUTF8(.manager, encoding())
        case .invalidCategory: .invalidUTF8(.category, encoding())
        }
        return PieceRejection(recordStart: recordStart, recordEnd: recordEnd, fieldStart: failure.location,
                              fieldIndex: failure.kind == .wrongFieldCount ? -1 : failure.field, reason: reason)
    }
}
