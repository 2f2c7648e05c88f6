#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Why an input could not be read, and where: `file:line:column: reason`.
///
/// Line numbers count physical lines from 1 (the header is line 1, a quoted
/// line break starts a new line); the column is the character position of
/// the offending field in its line, from 1 (its opening quote if it has one).
/// Values from the input are quoted cut and escaped (``MessageText``), so a
/// message is one short line whatever the file holds.
public struct ReadError: Error, Hashable, Sendable, CustomStringConvertible {
    /// What went wrong.
    public enum Reason: Hashable, Sendable {
        /// The file could not be opened or read (`errno` text).
        case cannotOpen(String)
        /// No temporary file for rows that do not fit in memory (``SpillFile``); carries why.
        case cannotSpill(String)
        case emptyFile
        case noDataRows
        /// Binary data: a compressed file or a workbook given for a CSV.
        case notText
        /// Unicode text in another form than UTF-8: `UTF-16`, `UTF-16LE`, `UTF-32BE`, …
        case wideUnicode(String)
        /// The header line is not UTF-8; carries the code page it likely is in.
        case headerNotUTF8(LegacyEncoding)
        /// No column for a required role; carries the header as read.
        case missingColumn(ColumnRole, header: [String])
        /// A column named by the user is not in the header.
        case unknownColumn(ColumnRole, name: String, header: [String])
        /// One field would play two roles (`--manager-column date`): a usage error.
        case columnForTwoRoles(ColumnRole, ColumnRole, name: String, field: Int)
        /// The field used for a role shares its name with another field.
        case duplicateColumn(ColumnRole, name: String, fields: [Int])
        /// `--keep-columns` names a column the header does not have.
        case unknownKeptColumn(name: String, header: [String])
        /// `--keep-columns` names a column twice, or one read as client, date, amount…
        case keptColumnNotFree(name: String, role: ColumnRole?)
        case noDelimiter
        case wrongFieldCount(expected: Int, found: Int)
        case emptyClient
        case badAmount(String)
        case badQuantity(String)
        case badPrice(String)
        case amountTooLarge(String)
        case badDate(String)
        case ambiguousDate(String)
        case noSuchDay(String)
        /// Day/month order decided from other rows contradicts this date:
        /// `expected` is the order the column was found in, `other` an earlier date
        /// that shows it, on line `otherLine`.
        case mixedDateOrder(String, expected: DateFormat, other: String, otherLine: Int)
        /// A date before 1900-01-01 (``Day/dataYears``): a placeholder, not a sale.
        case dateOutOfRange(String)
        case unterminatedQuote
        /// A quote closed only `lines` line breaks and `bytes` bytes later, and
        /// the row it made has the wrong shape: a stray quote.
        case runawayQuote(lines: Int, bytes: Int)
        case textAfterQuote
        case invalidUTF8(ColumnRole, LegacyEncoding)
        /// The amounts of the file add up past what 64-bit minor units hold.
        case totalTooLarge
        /// The file's size or modification time changed while it was read
        /// (truncated, or still being written): the rows read are not the file's.
        case changedWhileReading
        /// A stream with no line break in its first `within` bytes.
        case noHeaderLine(within: Int)
        /// A stream with a line longer than `limit` bytes.
        case lineTooLong(limit: Int)
        /// A stream larger than `limit` bytes, the most held in memory.
        case inputTooLarge(limit: Int)
    }

    /// The file name as given (`-` or `stdin` for standard input).
    public var file: String
    /// The physical line, from 1, when the error is about a line.
    public var line: Int?
    /// The character column of the field, from 1, when known.
    public var column: Int?
    /// The header name of the field, when known.
    public var field: String?
    /// What is wrong, as a value tests and callers can match.
    public var reason: Reason

    /// An error at `file:line:column` (as far as known) in `field`, for `reason`.
    public init(file: String, line: Int? = nil, column: Int? = nil, field: String? = nil, reason: Reason) {
        self.file = file
        self.line = line
        self.column = column
        self.field = field
        self.reason = reason
    }

    static func cannotOpen(_ path: String, errno code: Int32) -> ReadError {
        ReadError(file: path, reason: .cannotOpen(systemReason(code)))
    }

    /// No temporary file in `folder` (`TMPDIR`) for a file too large for memory.
    static func cannotSpill(_ folder: String, errno code: Int32) -> ReadError {
        ReadError(file: folder, reason: .cannotSpill(systemReason(code)))
    }

    /// The system's words for `errno` `code` (`No such file or directory`).
    static func systemReason(_ code: Int32) -> String {
        strerror(code).map { String(cString: $0) } ?? "error \(code)"
    }

    /// `file:line:column: reason`, one line.
    public var description: String {
        var location = file
        if let line { location += ":\(line)" }
        if let column { location += ":\(column)" }
        return "\(location): \(message)"
    }

    /// The reason in words, with what to do about it where that helps.
    public var message: String {
        let inField = field.map { " in column '\(MessageText.shown($0))'" } ?? ""
        func shown(_ text: String) -> String { MessageText.shown(text) }
        func convert(_ encoding: LegacyEncoding) -> String {
            let name = encoding == .gb18030 ? "GB18030 (GBK)" : encoding.rawValue
            return "an export in \(name)? convert it: iconv -f \(encoding.iconvName) -t utf-8"
        }
        switch reason {
        case .cannotOpen(let text): return "cannot read: \(text)"
        case .cannotSpill(let text):
            return "cannot write the temporary file for rows that do not fit in memory: \(text) "
                + "(set TMPDIR to a folder with room, about 40 bytes per row)"
        case .emptyFile: return "the file is empty (expected a header line, then one row per transaction)"
        case .noDataRows: return "the file has a header but no data rows"
        case .notText:
            return "this is not a CSV text file (a compressed file or an Excel workbook? save it as CSV UTF-8)"
        case .wideUnicode(let encoding):
            return "the file is \(encoding) text, not UTF-8: save it as CSV UTF-8, or convert it: "
                + "iconv -f \(encoding) -t UTF-8"
        case .headerNotUTF8(let encoding):
            return "the header is not UTF-8 (\(convert(encoding)))"
        case .missingColumn(let role, let header):
            let looked = (ColumnNames.aliases[role] ?? []).prefix(5).joined(separator: ", ")
            let product = role == .amount ? ", or give --quantity-column and --price-column" : ""
            return "no \(role.rawValue) column (looked for \(looked), …); the header has: "
                + MessageText.names(header) + ". Name it with --\(role.rawValue)-column" + product
        case .unknownColumn(let role, let name, let header):
            return "no column named '\(shown(name))' for the \(role.rawValue); the header has: "
                + MessageText.names(header)
        case .columnForTwoRoles(let first, let second, let name, let field):
            return "column '\(shown(name))' (\(field)) cannot be both the \(first.rawValue) and the \(second.rawValue) column; "
                + "give each its own with --\(first.rawValue)-column and --\(second.rawValue)-column"
        case .duplicateColumn(let role, let name, let fields):
            let positions = fields.map(String.init).joined(separator: ", ")
            return "the header has \(fields.count) columns named '\(shown(name))' (\(positions)), so the \(role.rawValue) "
                + "column is ambiguous; rename one of them, or name another with --\(role.rawValue)-column"
        case .unknownKeptColumn(let name, let header):
            return "--keep-columns: no column named '\(shown(name))'; the header has: " + MessageText.names(header)
        case .keptColumnNotFree(let name, let role):
            return "--keep-columns: '\(shown(name))' " + (role.map { "is the \($0.rawValue) column, already in the output" }
                ?? "is named twice")
        case .noDelimiter:
            return "cannot tell the delimiter: the header has no comma, semicolon, tab or pipe"
        case .wrongFieldCount(let expected, let found):
            return "expected \(expected) fields as in the header, found \(found)"
        case .emptyClient: return "empty client\(inField)"
        case .badAmount(let text): return "bad amount '\(shown(text))'\(inField)"
        case .badQuantity(let text): return "bad quantity '\(shown(text))'\(inField)"
        case .badPrice(let text): return "bad price '\(shown(text))'\(inField)"
        case .amountTooLarge(let text):
            return "amount '\(shown(text))'\(inField) is too large (amounts must be below 10^18 minor units)"
        case .badDate(let text):
            return "bad date '\(shown(text))'\(inField) (expected YYYY-MM-DD, DD.MM.YYYY or YYYYMMDD)"
        case .ambiguousDate(let text):
            return "ambiguous date '\(shown(text))'\(inField): name the order with --date-format DD/MM/YYYY "
                + "or MM/DD/YYYY"
        case .mixedDateOrder(let text, let expected, let other, let otherLine):
            let (this, that) = expected == .dayFirst ? ("month first", "day first") : ("day first", "month first")
            return "date '\(shown(text))'\(inField) can only be \(this), but '\(shown(other))' on line \(otherLine) "
                + "can only be \(that): correct the dates, or name the order with --date-format"
        case .noSuchDay(let text): return "no such day '\(shown(text))'\(inField)"
        case .dateOutOfRange(let text):
            return "date '\(shown(text))'\(inField) is before \(Day.earliestData), the earliest date read "
                + "(an empty date? 1C writes it as 01.01.0001)"
        case .unterminatedQuote: return "unterminated quoted field\(inField) (a \" opens it and none closes it)"
        case .runawayQuote(let lines, let bytes):
            let span = lines > RecordScanner.runawayLineBreaks ? "\(lines) lines" : "\(bytes) bytes"
            return "unterminated quoted field\(inField) (the \" here is closed only \(span) later, which breaks "
                + "the row: a stray quote? inside quotes write it as \"\")"
        case .textAfterQuote: return "text after a closing quote\(inField) (write a quote inside quotes as \"\")"
        case .invalidUTF8(_, let encoding):
            return "text\(inField) is not UTF-8 (\(convert(encoding)))"
        case .totalTooLarge: return "the amounts add up to more than 9.2·10^18 minor units"
        case .changedWhileReading:
            return "the file changed while it was read (truncated, or still being written); "
                + "read it again once it is complete"
        case .noHeaderLine(let within):
            return "no line break in the first \(ReadError.bytesText(within)): this is not a CSV export "
                + "(a header line, then one row per line)"
        case .lineTooLong(let limit):
            return "a line longer than \(ReadError.bytesText(limit)) (no line break): this is not a CSV export"
        case .inputTooLarge(let limit):
            return "more than \(ReadError.bytesText(limit)) on a stream, which must be held in memory; "
                + "save it to a file and give the file, which is read without a copy"
        }
    }

    /// `1 MiB`, `16 MiB`, `11 GiB`.
    static func bytesText(_ count: Int) -> String {
        count >= 1 << 30 ? "\(count >> 30) GiB" : "\(count >> 20) MiB"
    }
}
