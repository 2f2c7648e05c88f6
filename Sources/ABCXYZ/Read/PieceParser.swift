/// The transactions of one byte range of the file, as one thread parsed them.
///
/// Client and manager numbers are local to the piece (its own
/// ``ByteStringTable``) until ``TransactionReader`` maps them to the data set's.
struct ParsedPiece: Sendable {
    /// The first record parsed.
    var start: Int
    /// The start of the first record not parsed (at or after the nominal end).
    var end: Int
    var clients = ByteStrings()
    var managers = ByteStrings()
    var columns = TransactionColumns()
    /// Data records seen (blank lines are not records).
    var rowsRead = 0
    /// Bad rows, in file order (with ``ErrorPolicy/stop``, at most one).
    var rejections: [PieceRejection] = []
    /// The sum of |amount| over accepted rows, saturating, to prove no later
    /// sum of money can overflow.
    var absoluteTotal: UInt64 = 0
}

/// A bad row as the parser saw it, before line numbers are counted.
struct PieceRejection: Sendable {
    var recordStart: Int
    var recordEnd: Int
    var fieldStart: Int
    var fieldIndex: Int
    var reason: ReadError.Reason
}

/// Parses the records that start in one byte range: the engine's inner loop.
///
/// One parser runs per piece, on its own thread, with its own interners, and
/// writes columns (client, day, amount, manager) with no `String` per row.
struct PieceParser: ~Copyable {
    private let input: InputBytes
    private let layout: RecordLayout
    private let scanner: RecordScanner
    private let amountParser: AmountParser
    private let dateParser: DateParser
    private let policy: ErrorPolicy
    private var clients: ByteStringTable
    private var managers = ByteStringTable(expectedCount: 64)
    private var scratch: [UInt8] = []
    /// Ids whose bytes are not UTF-8: every row naming them is rejected.
    private var invalidClients: Set<UInt32> = []
    private var invalidManagers: Set<UInt32> = []
    private var result: ParsedPiece

    /// How often a finished stretch of a mapped file is handed back (bytes).
    private static let releaseStride = 32 << 20

    init(input: InputBytes, layout: RecordLayout, options: ReadOptions, expectedClients: Int) {
        self.input = input
        self.layout = layout
        scanner = RecordScanner(base: input.base, end: input.count, delimiter: layout.delimiter)
        amountParser = AmountParser(scale: options.scale, commaIsDecimal: layout.delimiter != UInt8(ascii: ","))
        dateParser = DateParser(format: options.dateFormat)
        policy = options.onError
        clients = ByteStringTable(expectedCount: expectedClients)
        result = ParsedPiece(start: 0, end: 0)
    }

    /// The first record start at or after `offset` if no quoted field spans
    /// it: the byte after the first LF at or after `offset − 1`. A guess that
    /// ``TransactionReader`` checks against the previous piece's real end.
    static func probableRecordStart(_ input: InputBytes, after offset: Int) -> Int {
        var p = offset
        while p < input.count, input.base[p - 1] != UInt8(ascii: "\n") { p += 1 }
        return min(p, input.count)
    }

    /// Parses every record that starts in `start..<nominalEnd`.
    consuming func parse(from start: Int, to nominalEnd: Int) -> ParsedPiece {
        let base = input.base
        let fileEnd = input.count
        result.start = start
        let estimatedRows = max(16, (nominalEnd - start) / 24)
        result.columns.reserveCapacity(estimatedRows)
        var position = start
        var released = start
        let fieldCount = layout.fieldCount
        layout.roles.withUnsafeBufferPointer { roles in
            while position < nominalEnd, position < fileEnd {
                let byte = base[position]
                if byte == UInt8(ascii: "\n") {  // blank line
                    position += 1
                    continue
                }
                if byte == UInt8(ascii: "\r"), position + 1 < fileEnd, base[position + 1] == UInt8(ascii: "\n") {
                    position += 2
                    continue
                }
                if position - released >= PieceParser.releaseStride {
                    input.release(released..<position)
                    released = position
                }
                result.rowsRead += 1
                let recordStart = position
                var fieldIndex = 0
                var client: UInt32 = 0
                var day: Int32 = 0
                var amount: Int64 = 0
                var manager: UInt32 = 0
                var failure: (reason: ReadError.Reason, field: Int, offset: Int)? = nil
                while true {
                    guard let field = scanner.nextField(at: position) else {
                        if failure == nil { failure = (.unterminatedQuote, fieldIndex, position) }
                        position = fileEnd
                        break
                    }
                    if failure == nil, field.textAfterQuote {
                        failure = (.textAfterQuote, fieldIndex, field.start - 1)
                    }
                    if failure == nil, fieldIndex < fieldCount {
                        switch roles[fieldIndex] {
                        case .ignored:
                            break
                        case .client:
                            switch Self.intern(field, base, into: &clients, invalid: &invalidClients, scratch: &scratch) {
                            case .id(let id): client = id
                            case .empty: failure = (.emptyClient, fieldIndex, field.start)
                            case .invalidUTF8: failure = (.invalidUTF8(.client), fieldIndex, field.start)
                            }
                        case .manager:
                            switch Self.intern(field, base, into: &managers, invalid: &invalidManagers, scratch: &scratch) {
                            case .id(let id): manager = id + 1
                            case .empty: manager = 0
                            case .invalidUTF8: failure = (.invalidUTF8(.manager), fieldIndex, field.start)
                            }
                        case .date:
                            switch dateParser.parse(base + field.start, field.end - field.start) {
                            case .success(let value): day = value
                            case .failure(let why):
                                let text = Self.text(base, field)
                                let reason: ReadError.Reason = switch why {
                                case .ambiguous: .ambiguousDate(text)
                                case .noSuchDay: .noSuchDay(text)
                                case .empty, .malformed: .badDate(text)
                                }
                                failure = (reason, fieldIndex, field.start)
                            }
                        case .amount:
                            switch amountParser.parse(base + field.start, field.end - field.start) {
                            case .success(let value): amount = value
                            case .failure(let why):
                                let text = Self.text(base, field)
                                failure = (why == .tooLarge ? .amountTooLarge(text) : .badAmount(text),
                                           fieldIndex, field.start)
                            }
                        }
                    }
                    fieldIndex += 1
                    position = field.next
                    if field.endsRecord { break }
                }
                if failure == nil, fieldIndex != fieldCount {
                    failure = (.wrongFieldCount(expected: fieldCount, found: fieldIndex), -1, recordStart)
                }
                if let failure {
                    result.rejections.append(PieceRejection(
                        recordStart: recordStart, recordEnd: position, fieldStart: failure.offset,
                        fieldIndex: failure.field, reason: failure.reason))
                    if policy == .stop { break }
                    continue
                }
                result.columns.append(client: client, day: day, amount: amount, manager: manager)
                let (sum, overflow) = result.absoluteTotal.addingReportingOverflow(amount.magnitude)
                result.absoluteTotal = overflow ? .max : sum
            }
        }
        result.end = min(position, fileEnd)
        result.clients = clients.frozen()
        result.managers = managers.frozen()
        return result
    }

    /// Interns a client or manager field: spaces and tabs around it are not
    /// part of it (SPEC §9); `""` pairs are unescaped. `nil` for an empty value.
    @inline(__always)
    private static func intern(
        _ field: RecordScanner.Field, _ base: UnsafePointer<UInt8>, into table: inout ByteStringTable,
        invalid: inout Set<UInt32>, scratch: inout [UInt8]
    ) -> Interned {
        var start = field.start
        var end = field.end
        while start < end, base[start] == UInt8(ascii: " ") || base[start] == UInt8(ascii: "\t") { start += 1 }
        while end > start, base[end - 1] == UInt8(ascii: " ") || base[end - 1] == UInt8(ascii: "\t") { end -= 1 }
        guard start < end else { return .empty }
        let interned: (id: UInt32, isNew: Bool)
        if field.hasEscapedQuotes {
            scratch.removeAll(keepingCapacity: true)
            var i = start
            while i < end {
                scratch.append(base[i])
                i += (base[i] == UInt8(ascii: "\"") && i + 1 < end && base[i + 1] == UInt8(ascii: "\"")) ? 2 : 1
            }
            interned = scratch.withUnsafeBufferPointer { table.intern($0.baseAddress!, $0.count) }
        } else {
            interned = table.intern(base + start, end - start)
        }
        if interned.isNew, !UTF8Validation.isValid(table.bytes(of: Int(interned.id))) {
            invalid.insert(interned.id)
        }
        if !invalid.isEmpty, invalid.contains(interned.id) { return .invalidUTF8 }
        return .id(interned.id)
    }

    private enum Interned {
        case id(UInt32)
        case empty
        case invalidUTF8
    }

    private static func text(_ base: UnsafePointer<UInt8>, _ field: RecordScanner.Field) -> String {
        String(decoding: UnsafeBufferPointer(start: base + field.start, count: field.end - field.start),
               as: UTF8.self)
    }
}
