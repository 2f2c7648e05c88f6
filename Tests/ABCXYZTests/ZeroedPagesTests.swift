@testable import ABCXYZ
import Testing

@Suite("ZeroedPages: the id tables' memory, zeroed, in whole huge pages from 2 MiB")
struct ZeroedPagesTests {
    @Test("Small and large allocations (a large one not a whole number of huge pages too) come zeroed, hold what is written, and large ones are 2 MiB-aligned",
          arguments: [24, 4096, ZeroedPages.hugePageSize - 8, ZeroedPages.hugePageSize, 3 * ZeroedPages.hugePageSize + 24])
    func zeroedAndWritable(byteCount: Int) {
        let memory = ZeroedPages.allocate(byteCount: byteCount)
        let bytes = memory.bindMemory(to: UInt8.self, capacity: byteCount)
        #expect((0..<byteCount).allSatisfy { bytes[$0] == 0 })
        if byteCount >= ZeroedPages.hugePageSize {
            #expect(UInt(bitPattern: memory) % UInt(ZeroedPages.hugePageSize) == 0)
        } else {
            #expect(UInt(bitPattern: memory) % 16 == 0)
        }
        for i in 0..<byteCount { bytes[i] = UInt8(truncatingIfNeeded: i &* 31) }
        #expect((0..<byteCount).allSatisfy { bytes[$0] == UInt8(truncatingIfNeeded: $0 &* 31) })
        ZeroedPages.deallocate(memory, byteCount: byteCount)
    }

    @Test("A table that grows into huge pages (past 2 MiB of entries) keeps every id and finds it again")
    func tableGrowsIntoHugePages() {
        // 140 000 ids need 524 288 slots of 24 bytes (12 MiB): the last three
        // rebuilds (3, 6 and 12 MiB) move the entries from calloc'd memory to huge pages.
        var table = ByteStringTable(expectedCount: 16)
        let keys = (0..<140_000).map { Array("client-\($0 &* 7_919)".utf8) }
        for (index, key) in keys.enumerated() {
            let (id, isNew) = key.withUnsafeBufferPointer { table.intern($0.baseAddress!, $0.count, readable: $0.count) }
            #expect(isNew && id == UInt32(index))
        }
        for (index, key) in keys.enumerated() {
            let (id, isNew) = key.withUnsafeBufferPointer { table.intern($0.baseAddress!, $0.count, readable: $0.count) }
            #expect(!isNew && id == UInt32(index))
        }
        #expect(table.count == 140_000)
        #expect(Array(table.bytes(of: 139_999)) == keys[139_999])
    }
}
