@testable import ABCXYZ
import Testing

@Suite("CRC-32 (the ZIP checksum)")
struct CRC32Tests {
    /// The textbook bit-at-a-time CRC-32, the reference the sliced one must match.
    static func bitwise(_ bytes: [UInt8]) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        for byte in bytes {
            crc ^= UInt32(byte)
            for _ in 0..<8 { crc = crc & 1 == 1 ? (crc >> 1) ^ 0xEDB8_8320 : crc >> 1 }
        }
        return ~crc
    }

    @Test("Published check values: \"123456789\" is 0xCBF43926, empty is 0, \"a\" 0xE8B7BE43, the quick brown fox 0x414FA339")
    func knownVectors() {
        #expect(CRC32.checksum(Array("123456789".utf8)) == 0xCBF4_3926)
        #expect(CRC32.checksum([]) == 0)
        #expect(CRC32.checksum(Array("a".utf8)) == 0xE8B7_BE43)
        #expect(CRC32.checksum(Array("The quick brown fox jumps over the lazy dog".utf8)) == 0x414F_A339)
    }

    @Test("Slicing by eight agrees with the bitwise CRC on every length 0…64 and on seeded random buffers")
    func agreesWithBitwise() {
        var generator = SeededGenerator(seed: 0x5EED_C3C3)
        for length in Array(0...64) + [255, 256, 1000, 4099] {
            let bytes = (0..<length).map { _ in UInt8.random(in: 0...255, using: &generator) }
            #expect(CRC32.checksum(bytes) == CRC32Tests.bitwise(bytes), "length \(length)")
        }
    }

    @Test("Continuing from a prefix's CRC gives the CRC of the whole, at every split")
    func continuing() {
        let bytes = Array("The quick brown fox jumps over the lazy dog".utf8)
        for split in 0...bytes.count {
            let first = CRC32.checksum(Array(bytes[..<split]))
            #expect(CRC32.checksum(Array(bytes[split...]), continuing: first) == 0x414F_A339, "split \(split)")
        }
    }

    @Test("Combining the CRCs of two parts gives the CRC of the whole, at every split")
    func combining() {
        let bytes = Array("123456789".utf8) + Array(repeating: 0xA5, count: 300)
        let whole = CRC32Tests.bitwise(bytes)
        for split in 0...bytes.count {
            let first = CRC32.checksum(Array(bytes[..<split])), second = CRC32.checksum(Array(bytes[split...]))
            #expect(CRC32.combine(first, second, secondLength: bytes.count - split) == whole, "split \(split)")
        }
        #expect(CRC32.combine(CRC32.checksum(Array("1234".utf8)), CRC32.checksum(Array("56789".utf8)),
                              secondLength: 5) == 0xCBF4_3926)
    }
}

