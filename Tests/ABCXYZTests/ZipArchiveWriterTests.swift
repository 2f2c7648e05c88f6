@testable import ABCXYZ
import Foundation
import Testing

@Suite("The stored ZIP writer")
struct ZipArchiveWriterTests {
    func archive(zip64Offset: UInt64 = 0xFFFF_FFFF) throws -> [UInt8] {
        var zip = ZipArchiveWriter(ByteArraySink(), zip64Offset: zip64Offset)
        try zip.add("a.txt", contents: Array("hello".utf8))
        // A streamed entry: size and CRC first, then the bytes in two pieces.
        try zip.beginEntry("dir/ü.xml", size: 9, crc: CRC32Tests.bitwise(Array("123456789".utf8)))
        try zip.append(Array("1234".utf8))
        try zip.append(Array("56789".utf8))
        try zip.endEntry()
        return try zip.finish().bytes
    }

    @Test("Local headers, data, central directory and end record are where APPNOTE puts them, sizes and CRCs right")
    func layout() throws {
        let bytes = try archive()
        // By hand: local header 30 + name + data. a.txt: 30 + 5 + 5 = 40; dir/ü.xml (10 bytes
        // in UTF-8): 30 + 10 + 9 = 49. Directory entries 46 + name: 51 + 56 = 107. End record 22.
        #expect(bytes.count == 40 + 49 + 107 + 22)
        #expect(Array(bytes[0..<4]) == [0x50, 0x4B, 0x03, 0x04])
        let zip = try ParsedZip(bytes)
        #expect(zip.entries.map(\.name) == ["a.txt", "dir/ü.xml"])
        #expect(zip.entries.map(\.localOffset) == [0, 40])
        #expect(zip.directoryOffset == 89)
        #expect(zip.endRecordCount == 2 && !zip.hasZip64End)
        let hello = zip.entries[0], digits = zip.entries[1]
        #expect(String(decoding: hello.data, as: UTF8.self) == "hello")
        #expect(hello.crc == 0x3610_A686)  // CRC-32 of "hello" (zlib.crc32(b"hello"))
        #expect(digits.crc == 0xCBF4_3926 && digits.data == Array("123456789".utf8))
        for entry in zip.entries {
            #expect(entry.method == 0, "stored")
            #expect(entry.flags == 0x0800, "UTF-8 names, no data descriptor")
            #expect(entry.time == 0 && entry.date == 0x0021, "1980-01-01 00:00")
            #expect(entry.compressedSize == entry.size && Int(entry.size) == entry.data.count)
            #expect(entry.versionNeeded == 20 && entry.extra.isEmpty)
        }
    }

    @Test("The same entries give the same bytes every time")
    func deterministic() throws {
        #expect(try archive() == archive())
    }

    @Test("Past the ZIP64 threshold, offsets move to ZIP64 extra fields and a ZIP64 end record and locator follow")
    func zip64() throws {
        let bytes = try archive(zip64Offset: 0)  // every offset counts as past 4 GiB
        let zip = try ParsedZip(bytes)
        #expect(zip.hasZip64End && zip.zip64EntryCount == 2)
        #expect(zip.endRecordCount == 0xFFFF)
        #expect(zip.entries.map(\.directoryOffsetField) == [0xFFFF_FFFF, 0xFFFF_FFFF])
        #expect(zip.entries.map(\.localOffset) == [0, 40])
        #expect(zip.entries.allSatisfy { $0.versionNeeded == 45 })
        // Directory entries grow by the 12-byte extra field; ZIP64 end record 56, locator 20.
        #expect(bytes.count == 40 + 49 + 107 + 24 + 56 + 20 + 22)
        // Python's zipfile, another reader, takes it too (checking every CRC), where python3 is.
        let python = ["/usr/bin/python3", "/usr/local/bin/python3"].first { FileManager.default.isExecutableFile(atPath: $0) }
        if let python {
            let file = FileManager.default.temporaryDirectory.appendingPathComponent("abcxyz-zip64-\(UUID()).zip")
            try Data(bytes).write(to: file)
            defer { try? FileManager.default.removeItem(at: file) }
            let process = Process()
            process.executableURL = URL(fileURLWithPath: python)
            process.arguments = ["-c", "import sys, zipfile; z = zipfile.ZipFile(sys.argv[1]); "
                + "sys.exit(z.testzip() is not None or z.read('dir/ü.xml') != b'123456789')", file.path]
            try process.run()
            process.waitUntilExit()
            #expect(process.terminationStatus == 0)
        }
    }

    @Test("An entry of 4 GiB or more is refused before anything is written for it")
    func entryTooLarge() throws {
        var zip = ZipArchiveWriter(ByteArraySink())
        #expect(throws: ZipError.self) { try zip.beginEntry("big.xml", size: 0xFFFF_FFFF, crc: 0) }
        #expect(zip.offset == 0)
    }
}
