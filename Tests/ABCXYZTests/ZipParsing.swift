/// A small ZIP reader for the tests, written from APPNOTE.TXT and independent of
/// the writer: it finds the end record from the back, walks the central directory,
/// and checks each local header against it.
struct ParsedZip {
    struct Entry {
        var name: String
        var flags: UInt16
        var method: UInt16
        var time: UInt16
        var date: UInt16
        var crc: UInt32
        var compressedSize: UInt32
        var size: UInt32
        var localOffset: UInt64
        var versionNeeded: UInt16
        var directoryOffsetField: UInt32
        var extra: [UInt8]
        var data: [UInt8]
    }

    var entries: [Entry] = []
    var endRecordCount: UInt16 = 0
    var hasZip64End = false
    var zip64EntryCount: UInt64 = 0
    /// Where the central directory starts, as the (ZIP64) end record says.
    var directoryOffset: UInt64 = 0

    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    init(_ bytes: [UInt8]) throws {
        func u16(_ at: Int) -> UInt16 { UInt16(bytes[at]) | UInt16(bytes[at + 1]) << 8 }
        func u32(_ at: Int) -> UInt32 { UInt32(u16(at)) | UInt32(u16(at + 2)) << 16 }
        func u64(_ at: Int) -> UInt64 { UInt64(u32(at)) | UInt64(u32(at + 4)) << 32 }
        func check(_ condition: Bool, _ message: String) throws {
            if !condition { throw Failure(description: message) }
        }
        // End of central directory: 22 bytes at the very end (no comment).
        let end = bytes.count - 22
        try check(end >= 0 && u32(end) == 0x0605_4B50, "no end record at the end")
        try check(u16(end + 20) == 0, "a comment")
        endRecordCount = u16(end + 10)
        var count = UInt64(endRecordCount)
        var directorySize = UInt64(u32(end + 12))
        directoryOffset = UInt64(u32(end + 16))
        if end >= 20, u32(end - 20) == 0x0706_4B50 {  // ZIP64 locator just before
            hasZip64End = true
            let record = Int(u64(end - 20 + 8))
            try check(u32(record) == 0x0606_4B50, "ZIP64 locator points at no ZIP64 end record")
            try check(u64(record + 4) == 44, "ZIP64 end record size")
            zip64EntryCount = u64(record + 32)
            count = zip64EntryCount
            directorySize = u64(record + 40)
            directoryOffset = u64(record + 48)
            try check(Int(directoryOffset + directorySize) == record, "directory does not end at the ZIP64 record")
        } else {
            try check(Int(directoryOffset + directorySize) == end, "directory does not end at the end record")
        }
        var at = Int(directoryOffset)
        for _ in 0..<count {
            try check(u32(at) == 0x0201_4B50, "central directory signature at \(at)")
            let nameLength = Int(u16(at + 28)), extraLength = Int(u16(at + 30)), commentLength = Int(u16(at + 32))
            let name = String(decoding: bytes[(at + 46)..<(at + 46 + nameLength)], as: UTF8.self)
            let extra = Array(bytes[(at + 46 + nameLength)..<(at + 46 + nameLength + extraLength)])
            let offsetField = u32(at + 42)
            var localOffset = UInt64(offsetField)
            if offsetField == 0xFFFF_FFFF {
                try check(extra.count == 12 && extra[0] == 1 && extra[1] == 0 && extra[2] == 8,
                          "ZIP64 extra field of \(name)")
                localOffset = (0..<8).reduce(UInt64(0)) { $0 | UInt64(extra[4 + $1]) << (8 * UInt64($1)) }
            }
            var entry = Entry(name: name, flags: u16(at + 8), method: u16(at + 10), time: u16(at + 12),
                              date: u16(at + 14), crc: u32(at + 16), compressedSize: u32(at + 20), size: u32(at + 24),
                              localOffset: localOffset, versionNeeded: u16(at + 6), directoryOffsetField: offsetField,
                              extra: extra, data: [])
            // The local header repeats the same fields.
            let local = Int(localOffset)
            try check(u32(local) == 0x0403_4B50, "local header signature of \(name)")
            try check(u16(local + 6) == entry.flags && u16(local + 8) == entry.method
                && u16(local + 10) == entry.time && u16(local + 12) == entry.date && u32(local + 14) == entry.crc
                && u32(local + 18) == entry.compressedSize && u32(local + 22) == entry.size,
                      "local header of \(name) differs from its directory entry")
            let localName = Int(u16(local + 26)), localExtra = Int(u16(local + 28))
            try check(String(decoding: bytes[(local + 30)..<(local + 30 + localName)], as: UTF8.self) == name,
                      "local name of \(name)")
            let dataStart = local + 30 + localName + localExtra
            entry.data = Array(bytes[dataStart..<(dataStart + Int(entry.size))])
            entries.append(entry)
            at += 46 + nameLength + extraLength + commentLength
        }
        try check(at == Int(directoryOffset + directorySize), "directory size")
    }

    /// The entry named `name`, as text.
    func text(_ name: String) -> String? {
        entries.first { $0.name == name }.map { String(decoding: $0.data, as: UTF8.self) }
    }
}
