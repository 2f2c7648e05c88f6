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
              // 4 097 ids; 2 slots per forecast id, rounded up to a power of two from 16 384 (double) to 65 536 (8×)
              (0, 16384),  // no forecast: double
              (4097, 16384),  // 8 194 slots wanted: doubling already gives more
              (8192, 16384),  // 16 384: exactly a doubling
              (8193, 32768),  // 16 386: one past a doubling
              (20000, 65536),  // 40 000
              (32768, 65536),  // 65 536: exactly 8×
              (32769, 65536),  // 65 538: past 8×, capped
              (3_300_000, 65536),  // what the parser forecasts from the first rows of a 10 M-row piece
          ] as [(Int, Int)])
    func forecastSizesGrowth(forecast: Int, slots: Int) {
        var table = ByteStringTable(expectedCount: 4096)
        table.forecastCount = forecast
        Self.fill(&table, count: 4097)
        #expect(table.slotCount == slots)
    }

    @Test("Past 16 MiB a table only doubles, whatever the forecast")
    func largeTablesOnlyDouble() {
        var table = ByteStringTable(expectedCount: 1 << 16)  // 131 072 slots, 3 MiB
        table.forecastCount = 100_000_000
        Self.fill(&table, count: (1 << 16) + 1)
        #expect(table.slotCount == 1 << 19)  // 8×: 12 MiB, the last jump within 16 MiB
        Self.fill(&table, from: (1 << 16) + 1, count: 1 << 18)  // 327 681 ids: past half of 524 288
        #expect(table.slotCount == 1 << 20)  // 24 MiB: a doubling only
    }

    @Test("The parser's forecast: the ids now, and as many more per byte left as the latest bytes brought")
    func forecastFromLatestRate() {
        var tables = ClientIDTables(partitioner: nil, expectedClients: 4096)
        func add(_ range: Range<Int>) {
            for i in range {
                let id = Array("C\(i)".utf8)
                _ = id.withUnsafeBufferPointer { tables.intern($0.baseAddress!, $0.count, readable: $0.count, partition: 0) }
            }
        }
        add(0..<100)
        tables.forecastGrowth(parsed: 1000, remaining: 9000)  // 100 ids in 1 000 bytes: 900 more in 9 000
        #expect(tables.forecastCount(partition: 0) == 1000)
        add(100..<110)
        add(0..<50)  // ids met before add nothing
        tables.forecastGrowth(parsed: 500, remaining: 8500)  // 10 new in 500 bytes: 170 more in 8 500
        #expect(tables.forecastCount(partition: 0) == 280)
        add(110..<111)
        tables.forecastGrowth(parsed: 3, remaining: 1)  // 1 in 3 bytes: a third of one more, rounded up
        #expect(tables.forecastCount(partition: 0) == 112)
        tables.forecastGrowth(parsed: 100, remaining: 0)  // the end: no more
        #expect(tables.forecastCount(partition: 0) == 111)
        add(111..<131)
        tables.forecastGrowth(parsed: 10, remaining: 50)  // 20 in 10 bytes, but at most one a byte left
        #expect(tables.forecastCount(partition: 0) == 181)
    }

    @Test("Grown by a forecast in jumps, the table keeps every id and its bytes")
    func idsSurviveForecastGrowth() {
        var table = ByteStringTable(expectedCount: 16)
        table.forecastCount = 1_000_000  // every growth is 8×: 32 → 256 → 2 048 → 16 384 slots
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
