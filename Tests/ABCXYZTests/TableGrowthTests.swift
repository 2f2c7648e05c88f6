@testable import ABCXYZ
import Testing

/// How a ``ByteStringTable`` grows when it passes half full: it doubles, or
/// with a forecast from its owner (the parser: how much of its piece is left)
/// jumps to the size the forecast needs, at most eight times at once. The
/// sizes are worked out by hand from the rule: slots are a power of two, and
/// the table grows when an insertion makes `count · 2 > slots`.
@Suite("A full id table grows to what its forecast needs, at most eight times at once")
struct TableGrowthTests {
    /// `count` distinct ids, `C0`, `C1`, … (`C` and the decimal number).
    static func fill(_ table: inout ByteStringTable, from first: Int = 0, count: Int) {
        for i in first..<(first + count) {
            let id = Array("C\(i)".utf8)
            let (number, isNew) = id.withUnsafeBufferPointer { table.intern($0.baseAddress!, $0.count, readable: $0.count) }
            precondition(isNew && number == UInt32(i), "C\(i) was not new")
        }
    }

    @Test("Without a forecast the table doubles, and only once more than half full")
    func doublesWithoutForecast() {
        var table = ByteStringTable(expectedCount: 4096)
        #expect(table.slotCount == 8192)
        Self.fill(&table, count: 4096)  // 4 096 · 2 = 8 192 slots: exactly half full
        #expect(table.slotCount == 8192)
        Self.fill(&table, from: 4096, count: 1)
        #expect(table.slotCount == 16384)
    }

    @Test("A forecast sizes the grown table for the forecast count at half load",
          arguments: [
              // 4 097 ids × forecast × 2 slots each, rounded up to a power of two from 16 384 (double) to 65 536 (8×)
              (1.0, 16384),  // 8 194 slots wanted: doubling already gives more
              (1.9, 16384),  // 15 569
              (2.0, 32768),  // 16 388: one slot past a doubling
              (3.0, 32768),  // 24 582
              (7.9, 65536),  // 64 733
              (8.0, 65536),  // 65 552: more than 8×, capped
              (1370.0, 65536),  // what the parser forecasts from its first rows of 10 M
          ] as [(Double, Int)])
    func forecastSizesGrowth(forecast: Double, slots: Int) {
        var table = ByteStringTable(expectedCount: 4096)
        table.growthForecast = forecast
        Self.fill(&table, count: 4097)
        #expect(table.slotCount == slots)
    }

    @Test("Grown by a forecast in jumps, the table keeps every id and its bytes")
    func idsSurviveForecastGrowth() {
        var table = ByteStringTable(expectedCount: 16)
        table.growthForecast = 50  // every growth is 8×: 32 → 256 → 2 048 → 16 384 slots
        var strings: [[UInt8]] = []
        for i in 0..<5000 {  // 1 to 40 bytes: the key store and its offsets grow too
            let length = 1 + (i * 7) % 40
            strings.append(Array("\(i)#".utf8) + Array(repeating: UInt8(ascii: "a") + UInt8(i % 26), count: length))
        }
        var grownTo: [Int] = []
        for round in 0..<2 {
            for (i, string) in strings.enumerated() {
                let (id, isNew) = string.withUnsafeBufferPointer {
                    table.intern($0.baseAddress!, $0.count, readable: $0.count)
                }
                #expect(id == UInt32(i) && isNew == (round == 0), "string \(i), round \(round)")
                if grownTo.last != table.slotCount { grownTo.append(table.slotCount) }
            }
        }
        #expect(grownTo == [32, 256, 2048, 16384])
        let frozen = table.frozen()
        #expect(frozen.count == strings.count)
        for (i, string) in strings.enumerated() { #expect(Array(frozen[i]) == string) }
    }
}
