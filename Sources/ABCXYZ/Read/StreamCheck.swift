#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Checks the bytes of a pipe or device as they arrive, so that what is not a
/// sales export fails at once instead of being buffered until memory runs out
/// (`abcxyz classify /dev/zero`, `yes | abcxyz classify`, a binary stream).
///
/// A mapped file needs none of this: it is not copied, and its size is known.
/// A stream must be held whole before the parallel parse, so:
/// - once the first ``prefixBytes`` have arrived, the header and the first
///   records are read from them, exactly as the whole input would be: binary
///   data, a header without the needed columns, or (under
///   ``ErrorPolicy/stop``) a bad row among them stops the read there;
/// - no line break in those bytes is an error (no CSV header is a megabyte);
/// - neither is one in any ``maximumLineBytes`` later on (no row is that long);
/// - a stream larger than half the machine's memory is refused, with the
///   advice to save it to a file, which is mapped instead of copied.
struct StreamCheck {
    let file: String
    let options: ReadOptions
    /// The most bytes held; past it the read fails with ``ReadError/Reason/inputTooLarge(limit:)``.
    var limit: Int = StreamCheck.defaultLimit

    static let prefixBytes = 1 << 20
    static let maximumLineBytes = 16 << 20
    static let defaultLimit: Int = {
        let memory = Int(sysconf(Int32(_SC_PHYS_PAGES))) &* Int(sysconf(Int32(_SC_PAGESIZE)))
        return memory > 0 ? max(memory / 2, 1 << 30) : Int.max
    }()

    private var prefixChecked = false
    /// The offset just after the last line break seen (0 before any).
    private var lineStart = 0
    private var scanned = 0

    init(file: String, options: ReadOptions) {
        self.file = file
        self.options = options
    }

    /// Called with the whole buffer each time more bytes arrive.
    mutating func arrived(_ base: UnsafePointer<UInt8>, count: Int) throws(ReadError) {
        var p = count
        while p > scanned, base[p - 1] != UInt8(ascii: "\n") { p -= 1 }
        if p > scanned { lineStart = p }
        scanned = count
        if !prefixChecked, count >= StreamCheck.prefixBytes {
            prefixChecked = true
            try checkPrefix(base, count: count)
        }
        if count - lineStart > StreamCheck.maximumLineBytes {
            throw ReadError(file: file, line: 1 + RecordScanner.newlines(base, 0..<lineStart),
                            reason: .lineTooLong(limit: StreamCheck.maximumLineBytes))
        }
    }

    /// Reads the header and the records that have arrived whole.
    private func checkPrefix(_ base: UnsafePointer<UInt8>, count: Int) throws(ReadError) {
        guard (try? options.validate()) != nil else { return }  // the read itself reports bad options
        var start = count >= 3 && base[0] == 0xEF && base[1] == 0xBB && base[2] == 0xBF ? 3 : 0
        while start < count, base[start] == UInt8(ascii: "\n") || base[start] == UInt8(ascii: "\r") { start += 1 }
        guard lineStart > start else {
            // No header line: binary data says so; anything else is too long to be a header.
            do throws(ReadError) {
                _ = try RecordLayout.read(InputBytes(copying: UnsafeBufferPointer(start: base, count: count)),
                                          file: file, options: options)
            } catch {
                // Binary or a wrong encoding is the real diagnosis; other header errors are not.
                switch error.reason {
                case .notText, .wideUnicode, .headerNotUTF8: throw error
                default: break
                }
            }
            throw ReadError(file: file, line: 1, reason: .noHeaderLine(within: StreamCheck.prefixBytes))
        }
        let prefix = InputBytes(copying: UnsafeBufferPointer(start: base, count: lineStart))
        let layout = try RecordLayout.read(prefix, file: file, options: options)
        guard options.onError == .stop, layout.bodyStart < lineStart else { return }
        let piece = PieceParser(input: prefix, layout: layout, options: options, expectedClients: 4096)
            .parse(from: layout.bodyStart, to: lineStart)
        // The last record may be cut short at the prefix's end (a quoted line break): not an error yet.
        if let first = piece.rejections.first, first.recordEnd < lineStart {
            throw TransactionReader.locate(first, in: prefix, file: file, layout: layout)
        }
    }
}
