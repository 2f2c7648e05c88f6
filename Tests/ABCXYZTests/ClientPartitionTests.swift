@testable import ABCXYZ
import Testing

/// Issue 16: a large export is parsed into client partitions (ranges of id
/// byte order), grouped one partition at a time. Nothing any output says may
/// depend on the cut: these pin the partition function's order and the
/// engine's outputs against one partition, byte for byte.
@Suite("Client partitions: ordered by id bytes, invisible in every output")
struct ClientPartitionTests {
    /// Ids with the shared prefix, without it (smaller and larger), a proper
    /// prefix of it, multi-byte text, and ids longer than the 8-byte key.
    static let ids: [String] = {
        var ids = ["C", "C0", "B9", "D", "", "C0000", "C00001", "C000010", "C0000100000000000001", "Ольга", "王芳",
                   "C0\u{0}", "C0\u{FF}"]
        var generator = SeededGenerator(seed: 7)
        for _ in 0..<400 { ids.append("C0" + String(Int.random(in: 0..<100_000, using: &generator))) }
        return ids
    }()

    static func bytes(_ id: String) -> [UInt8] { Array(id.utf8) }

    @Test("The partition never decreases in the ids' byte order, for cut points drawn from any sample")
    func partitionIsMonotoneInByteOrder() throws {
        let sorted = Self.ids.map(Self.bytes).sorted { $0.lexicographicallyPrecedes($1) }
        var generator = SeededGenerator(seed: 11)
        for count in [2, 3, 7, 64, 256] {
            let sample = (0..<200).map { _ in Self.bytes(Self.ids.randomElement(using: &generator)!) }
                .filter { $0.starts(with: Array("C0".utf8)) }
            let partitioner = try #require(ClientPartitioner.from(sample: sample, count: count))
            #expect(partitioner.prefix == Array("C0".utf8))
            #expect(partitioner.count <= count)
            let partitions = sorted.map { id in id.withUnsafeBufferPointer { partitioner.partition(of: $0) } }
            #expect(zip(partitions, partitions.dropFirst()).allSatisfy { $0 <= $1 }, "count \(count)")
            #expect(partitions.allSatisfy { (0..<partitioner.count).contains($0) })
            // Below the prefix: the first partition; above it: the last.
            #expect(partitions[sorted.firstIndex(of: Self.bytes("B9"))!] == 0)
            #expect(partitions[sorted.firstIndex(of: Self.bytes("C"))!] == 0)
            #expect(partitions[sorted.firstIndex(of: Self.bytes("D"))!] == partitioner.count - 1)
            #expect(partitions[sorted.firstIndex(of: Self.bytes("王芳"))!] == partitioner.count - 1)
        }
    }

    @Test("Keys are the 8 bytes after the prefix, big-endian, padded with zeros")
    func keyIsBigEndianAfterThePrefix() {
        let id = Self.bytes("C0" + "\u{1}\u{2}\u{3}")
        let key = id.withUnsafeBufferPointer { ClientPartitioner.key($0, from: 2) }
        #expect(key == 0x0102_0300_0000_0000)
        let long = Self.bytes("C0ABCDEFGHIJ")
        #expect(long.withUnsafeBufferPointer { ClientPartitioner.key($0, from: 2) } == 0x4142_4344_4546_4748)
    }

    @Test("Cut points at even ranks of the sample split it into partitions of about the same size")
    func cutPointsBalanceTheSample() throws {
        let sample = (0..<6_400).map { Self.bytes("C" + String(100_000 + $0 * 7)) }
        let partitioner = try #require(ClientPartitioner.from(sample: sample, count: 64))
        #expect(partitioner.count == 64)
        var sizes = [Int](repeating: 0, count: 64)
        for id in sample { sizes[id.withUnsafeBufferPointer { partitioner.partition(of: $0) }] += 1 }
        #expect(sizes.allSatisfy { $0 == 100 }, "\(sizes)")
    }

    @Test("A sample of one id gives no partitions")
    func oneIdGivesNoPartitions() {
        #expect(ClientPartitioner.from(sample: Array(repeating: Self.bytes("C1"), count: 50), count: 8) == nil)
        #expect(ClientPartitioner.from(sample: [], count: 8) == nil)
    }

    @Test("The bounds of a sorted list are where its ids' partitions change")
    func boundsOfASortedList() throws {
        let sorted = Array(Set(Self.ids)).map(Self.bytes).sorted { $0.lexicographicallyPrecedes($1) }
        let strings = ByteStrings(sorted.map { String(decoding: $0, as: UTF8.self) })
        let partitioner = try #require(ClientPartitioner.from(sample: sorted.filter { $0.count > 3 }, count: 9))
        let bounds = partitioner.bounds(ofSorted: strings)
        #expect(bounds.count == partitioner.count + 1 && bounds.first == 0 && bounds.last == sorted.count)
        for p in 0..<partitioner.count {
            for i in bounds[p]..<bounds[p + 1] {
                #expect(sorted[i].withUnsafeBufferPointer { partitioner.partition(of: $0) } == p)
            }
        }
    }

    /// The partition the parser reads off a key's two words, for an id at the end of its buffer (so
    /// the words are made byte by byte) and inside a longer one.
    static func partitionFromKey(_ partitioner: ClientPartitioner, _ id: [UInt8]) -> (atEnd: Int, inside: Int) {
        let atEnd = id.withUnsafeBufferPointer { bytes in
            let base = bytes.baseAddress ?? UnsafePointer(bitPattern: 8)!
            return partitioner.partition(of: ByteStringTable.Key(base, id.count, readable: id.count), base)
        }
        let padded = id + Array(repeating: UInt8(ascii: "x"), count: 24)
        let inside = padded.withUnsafeBufferPointer { bytes in
            partitioner.partition(of: ByteStringTable.Key(bytes.baseAddress!, id.count, readable: padded.count),
                                  bytes.baseAddress!)
        }
        return (atEnd, inside)
    }

    @Test("Cut by hand: below, inside and above the prefix, and at the cut points themselves")
    func partitionOfHandPickedIds() {
        // Prefix "C0"; keys from "5" and "9" up are partitions 1 and 2.
        let partitioner = ClientPartitioner(prefix: Self.bytes("C0"),
                                            splitters: [0x3500_0000_0000_0000, 0x3900_0000_0000_0000])
        let expected: [(String, Int)] = [
            ("B", 0), ("C", 0), ("C/", 0), ("C0", 0), ("C04999999", 0), ("C05", 1), ("C050", 1), ("C08999", 1),
            ("C09", 2), ("C0999999999999999999", 2), ("C1", 2), ("D", 2), ("Ольга", 2), ("C0\u{0}", 0),
            ("C04\u{FF}", 0), ("C06ABCDEFGHIJKLMN", 1),
        ]
        for (id, partition) in expected {
            #expect(Self.bytes(id).withUnsafeBufferPointer { partitioner.partition(of: $0) } == partition, "\(id)")
            let fromKey = Self.partitionFromKey(partitioner, Self.bytes(id))
            #expect(fromKey.atEnd == partition && fromKey.inside == partition, "\(id)")
        }
    }

    /// `prefix` then `key`'s 8 bytes, big-endian: an id whose order key is `key`.
    static func id(prefix: String, key: UInt64) -> [UInt8] {
        bytes(prefix) + (0..<8).map { UInt8(truncatingIfNeeded: key >> UInt64(56 - 8 * $0)) }
    }

    @Test("The fixed eight-step search: at and beside each of 255 cut points, and keys of all ones")
    func partitionAtEveryCutPoint() {
        // 255 cut points (256 partitions, the most), 2^48 apart from 2^48: key k·2^48 is the first
        // key of partition k, k·2^48 − 1 the last of partition k − 1.
        let spaced = ClientPartitioner(prefix: Self.bytes("C0"), splitters: (1...255).map { UInt64($0) << 48 })
        for k in 1...255 {
            let cut = UInt64(k) << 48
            for (key, partition) in [(cut - 1, k - 1), (cut, k), (cut + 1, k)] {
                let id = Self.id(prefix: "C0", key: key)
                let fromKey = Self.partitionFromKey(spaced, id)
                #expect(fromKey.atEnd == partition && fromKey.inside == partition, "key \(key)")
                #expect(id.withUnsafeBufferPointer { spaced.partition(of: $0) } == partition, "key \(key)")
            }
        }
        // The cut points are padded with all ones to 255: a key of all ones passes the padding too,
        // and is still in the last real partition; so is a key of all ones equal to a cut point.
        let cases: [(splitters: [UInt64], key: UInt64, partition: Int)] = [
            ([0x3500_0000_0000_0000, 0x3900_0000_0000_0000], .max, 2),
            ([0x3500_0000_0000_0000, 0x3900_0000_0000_0000], .max - 1, 2),
            ([0x3500_0000_0000_0000, .max], .max, 2),
            ([0x3500_0000_0000_0000, .max], .max - 1, 1),
            ([], .max, 0),
            ([.max], .max, 1),
            ([.max], 0, 0),
        ]
        for (splitters, key, partition) in cases {
            let partitioner = ClientPartitioner(prefix: Self.bytes("C0"), splitters: splitters)
            let id = Self.id(prefix: "C0", key: key)
            let fromKey = Self.partitionFromKey(partitioner, id)
            #expect(fromKey.atEnd == partition && fromKey.inside == partition, "\(splitters), key \(key)")
            #expect(id.withUnsafeBufferPointer { partitioner.partition(of: $0) } == partition, "\(splitters)")
        }
        // No shared prefix: the order key is the id's first 8 bytes, and bytes 9 to 16 (the key's
        // second word) do not count, so "12345677" + anything is below the cut "12345678".
        let digits = ClientPartitioner(prefix: [], splitters: [0x3132_3334_3536_3738])  // "12345678", big-endian
        let unprefixed: [(String, Int)] = [
            ("123456779999", 0), ("1234567799999999", 0), ("123456780000", 1), ("12345678", 1), ("1234567", 0),
            ("1234567899999999", 1), ("2", 1), ("0999999999999999", 0),
        ]
        for (id, partition) in unprefixed {
            let fromKey = Self.partitionFromKey(digits, Self.bytes(id))
            #expect(fromKey.atEnd == partition && fromKey.inside == partition, "\(id)")
            #expect(Self.bytes(id).withUnsafeBufferPointer { digits.partition(of: $0) } == partition, "\(id)")
        }
    }

    @Test("The partition read off a key's words is the partition of the id's bytes, for prefixes of 0 to 10 bytes",
          arguments: ["", "C", "C0", "ORDER-00", "CLIENT-000"])
    func partitionFromKeyMatchesBytes(prefix: String) throws {
        var generator = SeededGenerator(seed: 5)
        var sample: [[UInt8]] = []
        for _ in 0..<2_000 { sample.append(Self.bytes(prefix + String(Int.random(in: 0..<1_000_000, using: &generator)))) }
        let ids = Self.ids.map(Self.bytes) + sample + sample.map { $0 + Self.bytes("-extra-long-tail") }
            + sample.map { Array($0.prefix(max(0, $0.count - 3))) }
        for count in [2, 9, 64, 256] {
            let partitioner = try #require(ClientPartitioner.from(sample: sample, count: count))
            for id in ids {
                let expected = id.withUnsafeBufferPointer { partitioner.partition(of: $0) }
                let fromKey = Self.partitionFromKey(partitioner, id)
                #expect(fromKey.atEnd == expected && fromKey.inside == expected,
                        "\(String(decoding: id, as: UTF8.self)), \(count) partitions")
            }
        }
    }

    @Test("Quoted ids with \"\" inside, ids past 16 bytes and ids that are not UTF-8: the same table in partitions")
    func partitionedReadOfAwkwardIds() throws {
        var csv: [UInt8] = Array("client,date,amount\n".utf8)
        var generator = SeededGenerator(seed: 9)
        for row in 0..<3_000 {
            let n = Int.random(in: 0..<400, using: &generator)
            let client: [UInt8] = switch row % 5 {
            case 0: Array("\"C0\"\"\(n)\"\"\"".utf8)                       // "C0""12"" is C0"12"
            case 1: Array("C0\(n)-a-client-id-longer-than-16".utf8)
            case 2: Array("C0\(n)".utf8) + [0xFF]                          // not UTF-8: rejected
            default: Array("C0\(n)".utf8)
            }
            csv += client + Array(",2024-0\(1 + row % 9)-1\(row % 10),\(row % 17).50\n".utf8)
        }
        var options = ReadOptions()
        options.onError = .skip
        options.partitions = 1
        options.pieces = 1
        let whole = try TransactionTable(csv: csv, name: "sales.csv", options: options)
        #expect(whole.rejections.count == 600)
        #expect(whole.rejections.allSatisfy { rejected in
            if case .invalidUTF8(.client, _) = rejected.error.reason { return true }
            return false
        })
        #expect(whole.transactions.count == 2_400)
        for (partitions, pieces) in [(5, 1), (33, 3)] {
            options.partitions = partitions
            options.pieces = pieces
            let table = try TransactionTable(csv: csv, name: "sales.csv", options: options)
            #expect(table.partitions.count > 1)
            #expect(table.clients == whole.clients, "\(partitions) partitions")
            #expect(table.transactions == whole.transactions, "\(partitions) partitions")
            #expect(table.rejections == whole.rejections, "\(partitions) partitions")
            let bounds = table.partitions.map(\.clients)
            #expect(bounds.first?.lowerBound == 0 && bounds.last?.upperBound == table.clients.count)
            #expect(zip(bounds, bounds.dropFirst()).allSatisfy { $0.upperBound == $1.lowerBound })
        }
    }

    static func read(_ text: String, partitions: Int, pieces: Int, threads: Int = 2) throws -> TransactionTable {
        var options = ReadOptions()
        options.partitions = partitions
        options.pieces = pieces
        options.threads = threads
        return try TransactionTable(csv: Array(text.utf8), name: "sales.csv", options: options)
    }

    @Test("Read in partitions, the table has the same transactions in input order, and every output the same bytes",
          arguments: [UInt64(1), 2])
    func partitionedReadChangesNothing(seed: UInt64) throws {
        let text = try ServiceDeterminismTests.salesWithServices(seed: seed, rows: 8_000)
        let whole = try Self.read(text, partitions: 1, pieces: 1)
        #expect(whole.partitions.count == 1)
        let reference = try ServiceDeterminismTests.outputs(whole.analyze(threads: 2), services: true)
        for (partitions, pieces) in [(2, 1), (7, 3), (64, 2), (256, 5)] {
            let table = try Self.read(text, partitions: partitions, pieces: pieces)
            #expect(table.partitions.count > 1, "\(partitions) partitions")
            #expect(table.partitions.map(\.clients.count).reduce(0, +) == whole.clients.count)
            #expect(table.transactions == whole.transactions, "\(partitions) partitions, \(pieces) pieces")
            for threads in [1, 2] {
                let outputs = try ServiceDeterminismTests.outputs(table.analyze(threads: threads), services: true)
                #expect(outputs == reference, "\(partitions) partitions, \(threads) threads")
            }
        }
    }

    @Test("Rows after as-of, refunds and a file out of date order: the same histories in any partitions")
    func partitionedHistoriesMatch() throws {
        // Rows in reverse date order, so every client's rows need the day sort.
        let text = try ServiceDeterminismTests.salesWithServices(seed: 3, rows: 4_000)
        var lines = text.split(separator: "\n").map(String.init)
        let header = lines.removeFirst()
        let reversed = ([header] + lines.reversed()).joined(separator: "\n") + "\n"
        let whole = try Self.read(reversed, partitions: 1, pieces: 1)
        let asOf = try #require(whole.dateRange).upperBound.daysSince1970 - 200
        let reference = ClientHistories(whole, through: Int32(asOf), threads: 1)
        #expect(reference.afterAsOf > 0)
        for partitions in [3, 40] {
            let table = try Self.read(reversed, partitions: partitions, pieces: 2)
            let histories = ClientHistories(table, through: Int32(asOf), threads: 2)
            #expect(histories.starts == reference.starts)
            #expect(histories.rows.map(\.day) == reference.rows.map(\.day))
            #expect(histories.rows.map(\.amount) == reference.rows.map(\.amount))
            #expect(histories.rows.map(\.manager) == reference.rows.map(\.manager))
            #expect(Array(histories.categories) == Array(reference.categories))
            #expect(histories.afterAsOf == reference.afterAsOf && histories.clientsWithRows == reference.clientsWithRows)
        }
    }

    @Test("Kept columns and one requested partition read without partitions; 0 and 257 are refused")
    func whenThereAreNoPartitions() throws {
        let text = "client,date,amount,phone\nC1,2025-01-01,1.00,+1\nC2,2025-01-02,2.00,+2\n"
        var options = ReadOptions()
        options.partitions = 8
        options.keptColumns = ["phone"]
        #expect(try TransactionTable(csv: Array(text.utf8), options: options).partitions.count == 1)
        for bad in [0, 257] {
            options.partitions = bad
            #expect(throws: OptionsError.self) { try TransactionTable(csv: Array(text.utf8), options: options) }
        }
    }

    @Test("An analysis that frees the rows as it groups them gives the same bytes, and leaves the accounting")
    func releasingRowsChangesNoOutput() throws {
        let text = try ServiceDeterminismTests.salesWithServices(seed: 4, rows: 6_000)
        let reference = try ServiceDeterminismTests.outputs(Self.read(text, partitions: 1, pieces: 1).analyze(),
                                                            services: true)
        for partitions in [1, 2, 33] {
            var table = try Self.read(text, partitions: partitions, pieces: 3)
            let (rowsRead, accepted, dates) = (table.rowsRead, table.acceptedCount, table.dateRange)
            let analysis = try table.analyze(AnalysisOptions(), model: nil, threads: 2, releasingFrom: 0)
            #expect(try ServiceDeterminismTests.outputs(analysis, services: true) == reference, "\(partitions)")
            #expect(table.rowsReleased)
            #expect(table.segments.allSatisfy { $0.count == 0 } && table.rowPartitions.isEmpty)
            #expect(table.rowsRead == rowsRead && table.acceptedCount == accepted && table.dateRange == dates)
            #expect(throws: AnalysisError.self) { try table.analyzeReleasingRows() }
        }
        // Below the threshold the public call keeps the rows: the table can be analysed again.
        var small = try Self.read(text, partitions: 4, pieces: 2)
        _ = try small.analyzeReleasingRows()
        #expect(!small.rowsReleased)
        #expect(try ServiceDeterminismTests.outputs(small.analyze(), services: true) == reference)
    }

    @Test("A backtest that frees the rows as it groups them gives the same bytes, in partitions or not")
    func releasingBacktestChangesNoOutput() throws {
        let text = try ServiceDeterminismTests.salesWithServices(seed: 5, rows: 6_000)
        let whole = try Self.read(text, partitions: 1, pieces: 1)
        let latest = try #require(whole.dateRange).upperBound
        let options = BacktestOptions(cut: latest.addingDays(-120))
        let reference = try whole.backtest(options).text(as: .json)
        for partitions in [1, 5] {
            var table = try Self.read(text, partitions: partitions, pieces: 2)
            let released = try table.backtest(options, method: AnalysisOptions(), model: nil, threads: 2,
                                              releasingFrom: 0)
            #expect(released.text(as: .json) == reference, "\(partitions) partitions")
            #expect(table.rowsReleased)
            #expect(throws: AnalysisError.self) { try table.backtestReleasingRows(options) }
        }
    }

    @Test("A model summary that frees the rows as it groups them is the same summary")
    func releasingModelSummaryChangesNothing() throws {
        let text = try ServiceDeterminismTests.salesWithServices(seed: 6, rows: 5_000)
        let reference = try Self.read(text, partitions: 1, pieces: 1).modelSummary()
        for partitions in [1, 6] {
            var table = try Self.read(text, partitions: partitions, pieces: 2)
            let released = try table.modelSummary(ModelOptions(), threads: 2, releasingFrom: 0)
            #expect(released.clients == reference.clients && released.groups == reference.groups
                        && released.spend == reference.spend && released.asOf == reference.asOf,
                    "\(partitions) partitions")
            #expect(!released.clients.isEmpty)
            #expect(table.rowsReleased)
            #expect(throws: AnalysisError.self) { try table.modelSummaryReleasingRows() }
        }
    }
}
