/// Writes a ZIP archive of stored (uncompressed) entries, streaming, to any
/// ``ByteSink`` (APPNOTE.TXT 6.3: local headers, central directory, end record).
///
/// Every entry's size and CRC-32 are given before its bytes, so the local
/// headers are complete and no data descriptors follow: the most widely read
/// form. Entries carry a fixed timestamp (1980-01-01 00:00, the first DOS
/// date) and the UTF-8 name flag, so the same entries give the same bytes on
/// every run.
///
/// Limits: one entry holds less than 4 GiB (`0xFFFFFFFF` bytes); the archive
/// as a whole may pass 4 GiB, in which case the central directory records the
/// offsets past it in ZIP64 extra fields and a ZIP64 end record follows
/// (APPNOTE 4.3.14, 4.5.3). An archive under 4 GiB has no ZIP64 records.
///
/// ```swift
/// var zip = ZipArchiveWriter(ByteArraySink())
/// try zip.add("hello.txt", contents: Array("hello".utf8))
/// let archive = try zip.finish().bytes   // 123 bytes: header, data, directory, end
/// ```
struct ZipArchiveWriter<Sink: ByteSink> {
    private var output: BufferedWriter<Sink>
    /// Bytes written so far: the offset of whatever comes next.
    private(set) var offset: UInt64 = 0
    private var entries: [Entry] = []
    private var open: (declared: UInt64, written: UInt64, crc: UInt32)?
    /// Offsets at or past this are written as ZIP64 (`0xFFFFFFFF`, tests lower it).
    let zip64Offset: UInt64

    private struct Entry {
        var name: [UInt8]
        var crc: UInt32
        var size: UInt32
        var offset: UInt64
    }

    init(_ sink: Sink, zip64Offset: UInt64 = 0xFFFF_FFFF) {
        output = BufferedWriter(sink)
        self.zip64Offset = zip64Offset
    }

    /// An entry whose bytes are all at hand.
    mutating func add(_ name: String, contents: [UInt8]) throws {
        try beginEntry(name, size: UInt64(contents.count), crc: CRC32.checksum(contents))
        try append(contents)
        try endEntry()
    }

    /// Starts an entry of `size` bytes whose CRC-32 is `crc`; the bytes follow
    /// through ``append(_:)``, then ``endEntry()``.
    mutating func beginEntry(_ name: String, size: UInt64, crc: UInt32) throws {
        precondition(open == nil, "an entry is already open")
        guard size < 0xFFFF_FFFF else { throw ZipError.entryTooLarge(name: name, size: size) }
        let entry = Entry(name: Array(name.utf8), crc: crc, size: UInt32(size), offset: offset)
        var header: [UInt8] = []
        header.appendLittleEndian(UInt32(0x0403_4B50))
        header.appendLittleEndian(entry.offset >= zip64Offset ? ZipField.versionZip64 : ZipField.versionStored)
        ZipField.appendCommon(entry.crc, entry.size, nameLength: entry.name.count, to: &header)
        header.appendLittleEndian(UInt16(0))  // extra field length
        header.append(contentsOf: entry.name)
        try write(header)
        entries.append(entry)
        open = (size, 0, crc)
    }

    /// Bytes of the open entry.
    mutating func append(_ bytes: UnsafeRawBufferPointer) throws {
        precondition(open != nil, "no entry is open")
        open!.written += UInt64(bytes.count)
        assert(open!.written <= open!.declared, "more bytes than the entry declared")
        try output.flush()
        try output.sink.write(bytes)
        offset += UInt64(bytes.count)
    }

    mutating func append(_ bytes: [UInt8]) throws {
        try bytes.withUnsafeBytes { try append($0) }
    }

    /// Ends the open entry; its bytes must have matched the size declared
    /// (a mismatch is a bug in the caller, caught before the archive is finished).
    mutating func endEntry() throws {
        guard let entry = open else { preconditionFailure("no entry is open") }
        precondition(entry.written == entry.declared,
                     "ZIP entry declared \(entry.declared) bytes, got \(entry.written)")
        open = nil
    }

    /// Writes the central directory and the end record; returns the sink.
    mutating func finish() throws -> Sink {
        precondition(open == nil, "an entry is still open")
        let directoryOffset = offset
        var directory: [UInt8] = []
        for entry in entries {
            let zip64 = entry.offset >= zip64Offset
            directory.appendLittleEndian(UInt32(0x0201_4B50))
            directory.appendLittleEndian(zip64 ? ZipField.versionZip64 : ZipField.versionStored)  // made by (MS-DOS)
            directory.appendLittleEndian(zip64 ? ZipField.versionZip64 : ZipField.versionStored)  // needed
            ZipField.appendCommon(entry.crc, entry.size, nameLength: entry.name.count, to: &directory)
            directory.appendLittleEndian(UInt16(zip64 ? 12 : 0))  // extra field length
            directory.appendLittleEndian(UInt16(0))  // comment length
            directory.appendLittleEndian(UInt16(0))  // disk number
            directory.appendLittleEndian(UInt16(0))  // internal attributes
            directory.appendLittleEndian(UInt32(0))  // external attributes
            directory.appendLittleEndian(zip64 ? UInt32.max : UInt32(entry.offset))
            directory.append(contentsOf: entry.name)
            if zip64 {  // ZIP64 extended information: only the offset, the one field that overflowed
                directory.appendLittleEndian(UInt16(0x0001))
                directory.appendLittleEndian(UInt16(8))
                directory.appendLittleEndian(entry.offset)
            }
        }
        try write(directory)
        let directorySize = UInt64(directory.count)
        var end: [UInt8] = []
        let zip64End = directoryOffset >= zip64Offset || directorySize >= 0xFFFF_FFFF || entries.count >= 0xFFFF
        if zip64End {
            let recordOffset = offset
            end.appendLittleEndian(UInt32(0x0606_4B50))
            end.appendLittleEndian(UInt64(44))  // size of the rest of the record
            end.appendLittleEndian(ZipField.versionZip64)
            end.appendLittleEndian(ZipField.versionZip64)
            end.appendLittleEndian(UInt32(0))  // this disk
            end.appendLittleEndian(UInt32(0))  // disk of the directory
            end.appendLittleEndian(UInt64(entries.count))
            end.appendLittleEndian(UInt64(entries.count))
            end.appendLittleEndian(directorySize)
            end.appendLittleEndian(directoryOffset)
            end.appendLittleEndian(UInt32(0x0706_4B50))  // locator
            end.appendLittleEndian(UInt32(0))
            end.appendLittleEndian(recordOffset)
            end.appendLittleEndian(UInt32(1))  // disks
        }
        end.appendLittleEndian(UInt32(0x0605_4B50))
        end.appendLittleEndian(UInt16(0))
        end.appendLittleEndian(UInt16(0))
        let count = zip64End ? UInt16.max : UInt16(entries.count)
        end.appendLittleEndian(count)
        end.appendLittleEndian(count)
        end.appendLittleEndian(zip64End ? UInt32.max : UInt32(directorySize))
        end.appendLittleEndian(zip64End ? UInt32.max : UInt32(directoryOffset))
        end.appendLittleEndian(UInt16(0))  // comment length
        try write(end)
        try output.flush()
        return output.sink
    }

    private mutating func write(_ bytes: [UInt8]) throws {
        output.buffer.append(contentsOf: bytes)
        offset += UInt64(bytes.count)
        try output.flushIfFull()
    }
}

/// Fields local headers and directory entries share.
private enum ZipField {
    /// 2.0 (stored entries, folders); 4.5 for ZIP64.
    static let versionStored: UInt16 = 20
    static let versionZip64: UInt16 = 45
    /// General purpose flags: bit 11, names are UTF-8.
    static let flags: UInt16 = 1 << 11
    /// 1980-01-01 00:00:00 in MS-DOS form (day 1, month 1, year 1980 + 0).
    static let dosTime: UInt16 = 0
    static let dosDate: UInt16 = (1 << 5) | 1

    /// Flags, method, time, date, CRC, both sizes and the name length.
    static func appendCommon(_ crc: UInt32, _ size: UInt32, nameLength: Int, to bytes: inout [UInt8]) {
        bytes.appendLittleEndian(flags)
        bytes.appendLittleEndian(UInt16(0))  // method: stored
        bytes.appendLittleEndian(dosTime)
        bytes.appendLittleEndian(dosDate)
        bytes.appendLittleEndian(crc)
        bytes.appendLittleEndian(size)  // compressed
        bytes.appendLittleEndian(size)  // uncompressed
        bytes.appendLittleEndian(UInt16(nameLength))
    }
}

/// An archive could not be written as asked.
struct ZipError: Error, Hashable, Sendable, CustomStringConvertible {
    var description: String

    static func entryTooLarge(name: String, size: UInt64) -> ZipError {
        ZipError(description: "\(name) would be \(size) bytes; a ZIP entry here holds less than 4 GiB")
    }
}

extension [UInt8] {
    /// Appends `value` least significant byte first, as ZIP stores integers.
    @inline(__always)
    mutating func appendLittleEndian<Integer: FixedWidthInteger>(_ value: Integer) {
        var value = value.littleEndian
        Swift.withUnsafeBytes(of: &value) { append(contentsOf: $0) }
    }
}
