@testable import ABCXYZ
import Foundation
import Testing

/// Issue 16: an export too large for memory keeps its rows, and its grouped
/// histories, in a temporary file (``SpillFile``). Where the bytes live may
/// change no output; the file's regions must hold what was written, and
/// nothing may be left on disk.
@Suite("Spilled rows: a temporary file instead of memory, invisible in every output")
struct SpillTests {
    static func read(_ text: String, partitions: Int, pieces: Int, spill: Bool) throws -> TransactionTable {
        var options = ReadOptions()
        options.partitions = partitions
        options.pieces = pieces
        options.threads = 2
        options.spill = spill
        return try TransactionTable(csv: Array(text.utf8), name: "sales.csv", options: options)
    }

    @Test("Rows and histories in a temporary file: every listing, report and backtest the same bytes")
    func spilledTableChangesNoOutput() throws {
        let text = try ServiceDeterminismTests.salesWithServices(seed: 9, rows: 6_000)
        let memory = try Self.read(text, partitions: 1, pieces: 1, spill: false)
        #expect(memory.spill == nil)
        let reference = try ServiceDeterminismTests.outputs(memory.analyze(threads: 2), services: true)
        let backtestOptions = BacktestOptions(cut: try #require(memory.dateRange).upperBound.addingDays(-120))
        let referenceBacktest = try memory.backtest(backtestOptions).text(as: .json)
        for (partitions, pieces) in [(1, 1), (7, 3), (33, 2)] {
            let table = try Self.read(text, partitions: partitions, pieces: pieces, spill: true)
            let spill = try #require(table.spill, "\(partitions) partitions")
            #expect(table.segments.allSatisfy { $0.storage.spill === spill })
            #expect(spill.liveBytes > 0)
            #expect(table.transactions == memory.transactions)
            let histories = ClientHistories(table, through: memory.dateRange!.upperBound.daysSince1970, threads: 2)
            #expect(histories.rows.isSpilled && histories.categories.isSpilled)
            let amounts = histories.rows.map(\.amount)
            #expect(amounts.count == histories.rowCount)
            for threads in [1, 2] {
                #expect(try ServiceDeterminismTests.outputs(table.analyze(threads: threads), services: true) == reference,
                        "\(partitions) partitions, \(threads) threads")
            }
            #expect(try table.backtest(backtestOptions).text(as: .json) == referenceBacktest)
        }
    }

    @Test("An analysis that frees spilled rows gives their regions back, and the same bytes")
    func releasingSpilledRowsFreesTheFile() throws {
        let text = try ServiceDeterminismTests.salesWithServices(seed: 10, rows: 5_000)
        let reference = try ServiceDeterminismTests.outputs(
            Self.read(text, partitions: 1, pieces: 1, spill: false).analyze(), services: true)
        var table = try Self.read(text, partitions: 5, pieces: 2, spill: true)
        let spill = try #require(table.spill)
        let columnBytes = spill.liveBytes
        let analysis = try table.analyze(AnalysisOptions(), model: nil, threads: 2, releasingFrom: 0)
        #expect(table.rowsReleased)
        #expect(try ServiceDeterminismTests.outputs(analysis, services: true) == reference)
        // The columns' regions are gone; what is left is the histories' (16 + 4 bytes a row).
        #expect(spill.liveBytes < columnBytes)
        #expect(spill.peakBytes >= columnBytes)
    }

    /// A folder of its own, so that what the file leaves behind shows.
    static func emptyFolder() throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("abcxyz-spill-test-\(UUID())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return folder
    }

    @Test("Regions hold what was written, count while live, and leave no file in the folder")
    func regionsHoldTheirBytes() throws {
        let folder = try Self.emptyFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let spill = try SpillFile(folder: folder.path)
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).isEmpty, "unlinked at once")
        let sizes = [1, 1_000, 70_000]
        let regions = sizes.map { spill.allocate(Int64.self, capacity: $0) }
        for (region, size) in zip(regions, sizes) {
            for i in 0..<size { region[i] = Int64(size) * 1_000_003 + Int64(i) }
        }
        // Pages: 4 KiB for 1 and 1 000 values, 140 KiB for 70 000 (560 000 bytes → 137 pages).
        let page = Int(sysconf(Int32(_SC_PAGESIZE)))
        let expected = sizes.map { ($0 * 8 + page - 1) / page * page }.reduce(0, +)
        #expect(spill.liveBytes == expected && spill.peakBytes == expected)
        for (region, size) in zip(regions, sizes) {
            #expect((0..<size).allSatisfy { region[$0] == Int64(size) * 1_000_003 + Int64($0) })
            #expect(spill.owns(region))
        }
        for region in regions { spill.deallocate(region) }
        #expect(spill.liveBytes == 0 && spill.peakBytes == expected)
        #expect(!spill.owns(regions[0]))
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).isEmpty)
    }

    @Test("A row buffer reads what its builder wrote, from the heap or the file")
    func rowBufferReadsItsValues() throws {
        let folder = try Self.emptyFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        for spill in [nil, try SpillFile(folder: folder.path)] {
            let buffer = RowBuffer<UInt32>(uninitializedCount: 5_000, spill: spill)
            for i in 0..<5_000 { buffer.unsafeMutableBuffer[i] = UInt32(i * i % 7_919) }
            #expect(buffer.count == 5_000 && buffer.isSpilled == (spill != nil))
            #expect(buffer[4_999] == UInt32(4_999 * 4_999 % 7_919))
            #expect(Array(buffer) == (0..<5_000).map { UInt32($0 * $0 % 7_919) })
            let sum = buffer.withUnsafeBufferPointer { values in values.reduce(0) { $0 + Int($1) } }
            let expected = (0..<5_000).reduce(0) { (total: Int, i: Int) in total + i * i % 7_919 }
            #expect(sum == expected)
        }
        #expect(RowBuffer<UInt32>().isEmpty)
    }

    @Test("A folder that cannot take the file is an error that names it and says what to do")
    func folderWithoutRoomIsAClearError() throws {
        let error = try #require(throws: ReadError.self) { try SpillFile(folder: "/nonexistent/abcxyz") }
        #expect(error.file == "/nonexistent/abcxyz")
        guard case .cannotSpill = error.reason else {
            Issue.record("reason \(error.reason)")
            return
        }
        #expect(error.description == "/nonexistent/abcxyz: cannot write the temporary file for rows that do not fit "
            + "in memory: No such file or directory (set TMPDIR to a folder with room, about 40 bytes per row)")
    }

    @Test("A control group's limit reads as bytes; no limit reads as none")
    func controlGroupLimitIsParsed() {
        #expect(SpillFile.parseLimit("4294967296\n") == 4_294_967_296)
        #expect(SpillFile.parseLimit("max\n") == nil)
        #expect(SpillFile.parseLimit("") == nil)
        #expect(SpillFile.controlGroupLimit(at: "/nonexistent/memory.max") == nil)
        let machine = Int(sysconf(Int32(_SC_PHYS_PAGES))) * Int(sysconf(Int32(_SC_PAGESIZE)))
        #expect(SpillFile.usableMemory > 0 && SpillFile.usableMemory <= machine)
    }

    @Test("The choice: asked for, or inputs over half the machine's memory")
    func spillingIsChosenBySize() throws {
        #expect(try SpillFile.forInput(bodyBytes: 1 << 20, requested: false) == nil)
        #expect(try SpillFile.forInput(bodyBytes: 1 << 20, requested: true) != nil)
        if SpillFile.environmentChoice == nil {
            #expect(try SpillFile.forInput(bodyBytes: 1 << 20, requested: nil) == nil)
            let half = Double(SpillFile.usableMemory) * SpillFile.memoryShareBeforeSpilling
            // Larger than half the memory, but the folder may lack the room: either way not kept in memory.
            let large = Int(half) + 1
            if let free = SpillFile.freeBytes(in: SpillFile.defaultFolder), free >= large {
                #expect(try SpillFile.forInput(bodyBytes: large, requested: nil) != nil)
            } else {
                #expect(throws: ReadError.self) { try SpillFile.forInput(bodyBytes: large, requested: nil) }
            }
        }
    }
}
