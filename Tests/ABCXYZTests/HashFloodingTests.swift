@testable import ABCXYZ
import Testing

@Suite("Hash flooding: the id table's hash is seeded per table and its probes are bounded")
struct HashFloodingTests {
    /// `count` distinct ids like the generator's (`C1000000`…), each interned twice.
    func fill(_ table: inout ByteStringTable, count: Int) -> [UInt32] {
        var ids: [UInt32] = []
        for round in 0..<2 {
            for i in 0..<count {
                let key = Array("C\(1_000_000 + i)".utf8)
                let (id, isNew) = key.withUnsafeBufferPointer { table.intern($0.baseAddress!, $0.count, readable: $0.count) }
                #expect(isNew == (round == 0))
                if round == 0 { ids.append(id) } else { #expect(id == ids[i]) }
            }
        }
        return ids
    }

    @Test("Every table draws its own seed from the system's random source")
    func seedsDiffer() {
        let seeds = (0..<16).map { _ in ByteStringTable().seed }
        #expect(Set(seeds).count == 16)
    }

    @Test("Ids and their strings are the same under any seed: they follow insertion order, not slots")
    func outputDoesNotDependOnTheSeed() {
        var results: [ByteStrings] = []
        for seed: UInt64 in [1, 2, 0xDEAD_BEEF, 1 << 63] {
            var table = ByteStringTable(expectedCount: 4, seed: seed)
            #expect(fill(&table, count: 3_000) == Array(0..<3_000))
            results.append(table.frozen())
        }
        #expect(results.allSatisfy { $0 == results[0] })
    }

    @Test("The same export read twice (two random seeds per thread) gives byte-identical output")
    func readsAreIdenticalAcrossRuns() throws {
        let rows = (0..<20_000).map { "id\($0 * 7919 % 5_003),2025-0\($0 % 6 + 1)-1\($0 % 9),\($0 % 97).50" }
        let text = Array(("client,date,amount\n" + rows.joined(separator: "\n") + "\n").utf8)
        func listing() throws -> [UInt8] {
            var options = ReadOptions()
            options.pieces = 4
            var sink = ByteArraySink()
            try TransactionTable(csv: text, options: options).analyze(threads: 2).write(.clients, as: .csv, to: &sink)
            return sink.bytes
        }
        #expect(try listing() == (try listing()))
    }

    @Test("A hash that collides for its seed is replaced by a new seed once the probe bound is passed")
    func longProbeReseeds() {
        var table = ByteStringTable(expectedCount: 16, seed: 7, hashing: .collidingUnderSeedForTesting(7))
        let ids = fill(&table, count: 5_000)
        #expect(ids == Array(0..<5_000))
        #expect(table.rehashCount == 1 && table.seed != 7 && table.hashing == .collidingUnderSeedForTesting(7))
        #expect(table.longestDisplacement() <= ByteStringTable.probeLimit)
    }

    @Test("A hash that collides under every seed falls back to SipHash, and the bound holds")
    func collisionsForEverySeedFallBack() {
        var table = ByteStringTable(expectedCount: 16, hashing: .constantForTesting)
        let ids = fill(&table, count: 5_000)
        #expect(ids == Array(0..<5_000))
        #expect(table.hashing == .sip && table.rehashCount == 3)
        #expect(table.longestDisplacement() <= ByteStringTable.probeLimit)
        #expect(table.frozen().string(4_999) == "C1004999")
    }

    @Test("Ordinary ids never come near the bound")
    func ordinaryIdsStayShort() {
        var table = ByteStringTable(expectedCount: 16)
        _ = fill(&table, count: 50_000)
        #expect(table.rehashCount == 0)
        #expect(table.longestDisplacement() < 64)
    }
}
