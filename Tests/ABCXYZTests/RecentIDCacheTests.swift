@testable import ABCXYZ
import Testing

/// `ByteStringTable.internRecent`, the managers' and categories' path: a small
/// cache of the strings looked up last in front of the table. The expected ids
/// come from a dictionary numbering strings by first sighting, which is what
/// the table promises with or without the cache.
@Suite("The cache of recent ids gives every string the id of its first sighting")
struct RecentIDCacheTests {
    /// Strings that share a cache's weak spots: lengths 1 to 40 around the 16
    /// bytes kept inline, long ones alike in their first 16 bytes, and ones
    /// that differ only by trailing zero bytes (the same prefix words).
    static let strings: [[UInt8]] = {
        var strings: [[UInt8]] = []
        for i in 0..<150 { strings.append(Array("M\(i)".utf8)) }
        for i in 0..<60 { strings.append(Array("Manager with a long name \(i)".utf8)) }
        for length in 1...40 { strings.append(Array(repeating: UInt8(ascii: "z"), count: length)) }
        for base in ["ab", "x", "Anna"] {  // the same prefix words at every length up to 16
            for zeros in 0...(16 - base.utf8.count) { strings.append(Array(base.utf8) + Array(repeating: 0, count: zeros)) }
        }
        strings.append(Array("Ольга Петрова".utf8))
        strings.append(Array("李静".utf8))
        for i in 0..<40 { strings.append(Array("sixteen bytes \(i % 10)\(i / 10)".utf8)) }  // 16 bytes each
        for i in 0..<40 { strings.append(Array("seventeen bytes\(i % 10)\(i / 10)".utf8)) }  // 17 bytes each
        return strings
    }()

    /// A fixed sequence that meets every string many times in no order, each run of
    /// a string's sightings apart (a deterministic linear congruential walk).
    static func sequence(count: Int) -> [Int] {
        var state: UInt64 = 0x2545_F491_4F6C_DD1D
        return (0..<count).map { _ in
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int(state >> 33) % strings.count
        }
    }

    /// Interns `string` with garbage after it when `padded` (the parser reads 16
    /// bytes at once when the file has them), through the cache or not.
    static func intern(_ string: [UInt8], into table: inout ByteStringTable, recent: Bool,
                       padded: Bool) -> (id: UInt32, isNew: Bool) {
        let buffer = padded ? string + Array("#,;\r\nXXXXXXXXXXXXXXXX".utf8) : string
        return buffer.withUnsafeBufferPointer { bytes in
            recent ? table.internRecent(bytes.baseAddress!, string.count, readable: bytes.count)
                : table.intern(bytes.baseAddress!, string.count, readable: bytes.count)
        }
    }

    @Test("Through the cache, alone or mixed with the uncached path, with and without bytes after the string",
          arguments: [(true, false), (true, true), (false, true)])
    func idsFollowFirstSightings(alwaysRecent: Bool, padded: Bool) {
        var table = ByteStringTable(expectedCount: 64)
        var expected: [[UInt8]: UInt32] = [:]
        for (step, index) in Self.sequence(count: 20_000).enumerated() {
            let string = Self.strings[index]
            let recent = alwaysRecent || step % 3 != 0
            let (id, isNew) = Self.intern(string, into: &table, recent: recent, padded: padded)
            if let known = expected[string] {
                #expect(id == known && !isNew, "step \(step): \(string)")
            } else {
                #expect(id == UInt32(expected.count) && isNew, "step \(step): \(string)")
                expected[string] = UInt32(expected.count)
            }
        }
        #expect(expected.count == Self.strings.count)
        let frozen = table.frozen()
        for (string, id) in expected { #expect(Array(frozen[Int(id)]) == string) }
    }

    @Test("A table that starts over with a new seed keeps its ids, so the cache's lines stay right")
    func idsSurviveStartingOver() {
        var table = ByteStringTable(expectedCount: 16, seed: 7, hashing: .collidingUnderSeedForTesting(7))
        var expected: [[UInt8]: UInt32] = [:]
        for index in Self.sequence(count: 5_000) {
            let string = Self.strings[index]
            let (id, _) = Self.intern(string, into: &table, recent: true, padded: true)
            if expected[string] == nil { expected[string] = UInt32(expected.count) }
            #expect(id == expected[string])
        }
        #expect(table.rehashCount >= 1)
    }
}
