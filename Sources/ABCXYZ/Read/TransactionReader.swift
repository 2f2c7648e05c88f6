/// Reads a whole export into a ``TransactionTable``.
///
/// 1. The header gives the delimiter and the columns (``RecordLayout``).
/// 2. The body is cut into byte ranges, one per piece. Each piece but the
///    first starts after the first line break in its range: a guess, since
///    that line break may sit inside a quoted field.
/// 3. The pieces are parsed in parallel (``PieceParser``).
/// 4. In file order, each piece's start is checked against where the previous
///    piece really stopped; a wrong guess is parsed again from the right place.
///    The result is the same as one sequential pass, for any cut.
/// 5. The pieces' client and manager tables are merged into one, sorted by id;
///    each piece keeps the map from its numbers to the merged ones, which the
///    grouping step applies as it reads each row. Clients are merged partition
///    by partition, in parallel: partitions are runs of the ids' byte order, so
///    the merged partitions one after another are every id in order.
enum TransactionReader {
    /// Ranges smaller than this are not worth a thread (unless `pieces` asks).
    static let minimumPieceBytes = 256 << 10

    /// Reads `input`; any result or error stands only if a mapped file did
    /// not change meanwhile (else ``ReadError/Reason/changedWhileReading``).
    static func read(_ input: InputBytes, file: String, options: ReadOptions,
                     progress: (@Sendable (Double) -> Void)? = nil) throws -> TransactionTable {
        do {
            let table = try input.guardingReads { () throws -> TransactionTable in
                try readUnverified(input, file: file, options: options, progress: progress)
            }
            try input.verifyUnchanged(file: file)
            return table
        } catch {
            try input.verifyUnchanged(file: file)
            throw error
        }
    }

    private static func readUnverified(_ input: InputBytes, file: String, options: ReadOptions,
                                       progress: (@Sendable (Double) -> Void)?) throws -> TransactionTable {
        let clock = ContinuousClock()
        let started = clock.now
        try options.validate()
        let layout = try RecordLayout.read(input, file: file, options: options)
        let bodyLength = input.count - layout.bodyStart
        let pieceCount = options.pieces
            ?? max(1, min(options.threads, bodyLength / minimumPieceBytes))
        let nominal = (0...pieceCount).map { layout.bodyStart + bodyLength * $0 / pieceCount }
        let guessedStarts = (0..<pieceCount).map { piece in
            piece == 0 ? layout.bodyStart : PieceParser.probableRecordStart(input, after: nominal[piece])
        }
        let expectedClients = 4096
        let partitioner = Trace.measure("read: partition plan") {
            ClientPartitioner.forInput(input, layout: layout, requested: options.partitions)
        }
        let spill = try SpillFile.forInput(bodyBytes: bodyLength, requested: options.spill)
        let meter = progress.map { ProgressMeter(total: bodyLength, report: $0) }
        let sharesWork = pieceCount > 1 && (options.pieces == nil || options.claims != nil)
        /// Every piece parsed with `dateParser`, each starting where the previous one stopped.
        func parseAll(_ dateParser: DateParser, meter: ProgressMeter?) throws -> [ParsedPiece] {
            @Sendable func parse(from start: Int, to end: Int, claims: PieceClaims? = nil, piece: Int = 0) -> ParsedPiece {
                input.guardingReads {
                    PieceParser(input: input, layout: layout, options: options, expectedClients: expectedClients,
                                dateParser: dateParser, meter: meter, partitioner: partitioner, spill: spill)
                        .parse(from: start, to: end, claims: claims, piece: piece)
                }
            }
            // Each piece's nominal range, in file order, and what its parser made of it.
            var ranges: [Range<Int>], pieces: [ParsedPiece]
            if sharesWork {
                let claims = PieceClaims(nominal: nominal,
                                         stretch: options.claims?.stretch ?? PieceClaims.defaultStretch,
                                         minimumRemainder: options.claims?.minimumRemainder
                                             ?? PieceClaims.defaultMinimumRemainder)
                let parsed = Trace.measure("read: parse pieces") {
                    Parallel.map(pieceCount, threads: options.threads) { first -> [(piece: Int, parsed: ParsedPiece)] in
                        var parsed = [(first, parse(from: guessedStarts[first], to: nominal[first + 1],
                                                    claims: claims, piece: first))]
                        // Then a share of whichever piece has the most left, while any has enough.
                        while let piece = claims.take() {
                            let range = claims.range(piece)
                            parsed.append((piece, parse(from: PieceParser.probableRecordStart(input, after: range.lowerBound),
                                                        to: range.upperBound, claims: claims, piece: piece)))
                        }
                        return parsed
                    }.joined().map { (range: claims.range($0.piece), parsed: $0.parsed) }
                        .sorted { $0.range.lowerBound < $1.range.lowerBound }
                }
                (ranges, pieces) = (parsed.map(\.range), parsed.map(\.parsed))
                if Trace.enabled { Trace.note("read: \(pieces.count) pieces") }
            } else {
                ranges = (0..<pieceCount).map { nominal[$0]..<nominal[$0 + 1] }
                pieces = Trace.measure("read: parse pieces") {
                    Parallel.map(pieceCount, threads: options.threads) { piece in
                        parse(from: guessedStarts[piece], to: nominal[piece + 1])
                    }
                }
            }
            for piece in pieces.indices {
                if piece > 0, pieces[piece].start != pieces[piece - 1].end {
                    pieces[piece] = parse(from: pieces[piece - 1].end, to: ranges[piece].upperBound)
                }
                if options.onError == .stop, let first = pieces[piece].rejections.first {
                    throw locate(first, in: input, file: file, layout: layout)
                }
            }
            return pieces
        }
        // Year-last dates with no --date-format: read each in the order it shows, then
        // settle the column's order from all of them (DateOrderEvidence).
        var pieces = try parseAll(DateParser(format: options.dateFormat, decidingOrder: true), meter: meter)
        var inferredDateOrder: InferredDateOrder? = nil
        if options.dateFormat == .automatic {
            let evidence = DateOrderEvidence.merged(pieces.map(\.dateOrder))
            let dateField = layout.fieldOfRole[.date]
            func line(_ offset: Int) -> Int { 1 + RecordScanner.newlines(input.base, 0..<offset) }
            func text(_ range: Range<Int>) -> String { MessageText.prefix(input.base, range.lowerBound, range.upperBound) }
            switch evidence.decision {
            case .keep: break
            case .readAgainMonthFirst: pieces = try parseAll(DateParser(format: .monthFirst), meter: nil)
            case .readAgainAmbiguous: pieces = try parseAll(DateParser(format: .automatic), meter: nil)
            case .conflict(let later, let earlier, let order):
                throw ReadError(file: file, line: line(later.lowerBound),
                                column: RecordScanner.column(input.base, offset: later.lowerBound),
                                field: dateField.flatMap(layout.name(ofField:)),
                                reason: .mixedDateOrder(text(later), expected: order, other: text(earlier),
                                                        otherLine: line(earlier.lowerBound)))
            }
            if let chosen = evidence.chosen {
                inferredDateOrder = InferredDateOrder(format: chosen.format,
                                                      column: dateField.flatMap(layout.name(ofField:)) ?? "date",
                                                      example: text(chosen.shownBy), line: line(chosen.shownBy.lowerBound))
            }
        }

        let rowsRead = pieces.reduce(0) { $0 + $1.rowsRead }
        guard rowsRead > 0 else { throw ReadError(file: file, line: nil, reason: .noDataRows) }
        var absoluteTotal: UInt64 = 0
        for piece in pieces {
            let (sum, overflow) = absoluteTotal.addingReportingOverflow(piece.absoluteTotal)
            guard !overflow, sum <= UInt64(Int64.max) else { throw ReadError(file: file, reason: .totalTooLarge) }
            absoluteTotal = sum
        }
        let rejections = rejectedRows(pieces.flatMap(\.rejections), in: input, file: file, layout: layout)

        let partitionCount = partitioner?.count ?? 1
        let (clients, clientBounds, clientPositions) = Trace.measure("read: merge client ids") {
            mergeClients(pieces.map(\.clients), partitions: partitionCount, threads: options.threads)
        }
        // What the merge relies on: each partition's ids are one run of the merged list.
        assert(partitioner.map { $0.bounds(ofSorted: clients) == clientBounds } ?? true)
        let (managers, managerPositions) = ByteStrings.merging(pieces.map(\.managers))
        let (categories, categoryPositions) = ByteStrings.merging(pieces.map(\.categories))
        // Partition by partition, each partition's pieces in file order.
        var segments: [TransactionColumns] = []
        segments.reserveCapacity(partitionCount * pieces.count)
        for partition in 0..<partitionCount {
            for piece in pieces.indices {
                var columns = pieces[piece].partitions[partition]
                columns.clientMap = clientPositions[partition][piece]
                columns.managerMap = managerPositions[piece]
                columns.categoryMap = categoryPositions[piece]
                columns.kept = pieces[piece].kept
                segments.append(columns)
            }
        }
        let partitions = (0..<partitionCount).map { partition in
            TablePartition(clients: clientBounds[partition]..<clientBounds[partition + 1],
                           segments: partition * pieces.count..<(partition + 1) * pieces.count)
        }
        var table = TransactionTable(source: file, scale: options.scale, clients: clients, managers: managers,
                                     categories: layout.hasCategory ? categories : nil,
                                     segments: segments, rowsRead: rowsRead, rejections: rejections,
                                     partitions: partitions,
                                     rowPartitions: partitionCount > 1 ? pieces.map(\.rowPartitions) : [])
        // Physical lines: LFs before the body and in every piece, plus a last line without one.
        table.lines = RecordScanner.newlines(input.base, 0..<layout.bodyStart) + pieces.reduce(0) { $0 + $1.lineBreaks }
            + (input.base[input.count - 1] == UInt8(ascii: "\n") ? 0 : 1)
        table.inferredDateOrder = inferredDateOrder
        table.columns = layout.columnsUsed
        table.lookalikeColumns = layout.lookalikeColumns
        table.roundedAmountCount = pieces.reduce(0) { $0 + $1.roundedAmounts }
        table.keptColumnNames = layout.keptNames
        table.spill = spill
        table.readDuration = clock.now - started
        return table
    }

    /// Every piece's clients merged, partition by partition (`lists[piece][partition]`):
    /// the ids in byte order, where each partition's begin (`count + 1` bounds), and
    /// `positions[partition][piece]`, the data set's number of each of the piece's numbers.
    static func mergeClients(_ lists: [[ByteStrings]], partitions: Int,
                             threads: Int) -> (ByteStrings, bounds: [Int], positions: [[[UInt32]]]) {
        if partitions == 1 {
            let (merged, positions) = ByteStrings.merging(lists.map { $0[0] }, threads: threads)
            return (merged, [0, merged.count], [positions])
        }
        var parts = Parallel.map(partitions, threads: threads) { partition in
            ByteStrings.merging(lists.map { $0[partition] })
        }
        var bounds = [0]
        for part in parts { bounds.append(bounds[bounds.count - 1] + part.merged.count) }
        let merged = ByteStrings(concatenating: parts.map(\.merged))
        var positions = parts.map(\.positions)
        parts.removeAll()  // the partitions' lists: `merged` holds their bytes now
        // Each partition's numbers from its first in the whole list, in place.
        for partition in 0..<partitions where bounds[partition] > 0 {
            let first = UInt32(bounds[partition])
            for piece in positions[partition].indices {
                positions[partition][piece].withUnsafeMutableBufferPointer { numbers in
                    for i in numbers.indices { numbers[i] += first }
                }
            }
        }
        return (merged, bounds, positions)
    }

    /// The full error for a rejection: line, column and field name.
    static func locate(_ rejection: PieceRejection, in input: InputBytes, file: String,
                       layout: RecordLayout) -> ReadError {
        let line = 1 + RecordScanner.newlines(input.base, 0..<rejection.fieldStart)
        let column = RecordScanner.column(input.base, offset: rejection.fieldStart)
        return ReadError(file: file, line: line, column: column,
                         field: layout.name(ofField: rejection.fieldIndex), reason: rejection.reason)
    }

    /// Rejections with their line numbers (one sweep over the file, in order)
    /// and their records' bytes.
    static func rejectedRows(_ rejections: [PieceRejection], in input: InputBytes, file: String,
                             layout: RecordLayout) -> [RejectedRow] {
        guard !rejections.isEmpty else { return [] }
        var rows: [RejectedRow] = []
        rows.reserveCapacity(rejections.count)
        var counted = 0
        var lines = 1
        for rejection in rejections {
            lines += RecordScanner.newlines(input.base, counted..<rejection.fieldStart)
            counted = rejection.fieldStart
            var error = ReadError(file: file, line: lines,
                                  column: RecordScanner.column(input.base, offset: rejection.fieldStart),
                                  field: layout.name(ofField: rejection.fieldIndex), reason: rejection.reason)
            if rejection.fieldIndex < 0 { error.column = 1 }
            let recordLine = lines - RecordScanner.newlines(input.base, rejection.recordStart..<rejection.fieldStart)
            var end = rejection.recordEnd
            while end > rejection.recordStart,
                  input.base[end - 1] == UInt8(ascii: "\n") || input.base[end - 1] == UInt8(ascii: "\r") { end -= 1 }
            let record = [UInt8](UnsafeBufferPointer(start: input.base + rejection.recordStart,
                                                     count: end - rejection.recordStart))
            rows.append(RejectedRow(line: recordLine, error: error, record: record))
        }
        return rows
    }
}

/// A row left out under ``ErrorPolicy/skip``.
public struct RejectedRow: Hashable, Sendable {
    /// The physical line the record starts on.
    public var line: Int
    /// Why, and where exactly.
    public var error: ReadError
    /// The record's bytes as they were in the file (without its line break).
    public var record: [UInt8]
}
