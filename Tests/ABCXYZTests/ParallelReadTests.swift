@testable import ABCXYZ
import Testing

/// Seeded exports with everything that makes splitting a CSV hard: quoted
/// line breaks (LF and CRLF), quoted delimiters and quotes, CRLF and LF rows,
/// blank lines, multi-byte ids, and (optionally) bad rows.
enum ExportGenerator {
    static func make(seed: UInt64, rows: Int, badRows: Bool = false) -> String {
        var generator = SeededGenerator(seed: seed)
        let ids = ["Plain", "\"Smith, J.\"", "\"He said \"\"hi\"\"\"", "\"Two\nLines\"", "\"CR\r\nLF\"",
                   "Ольга", "王芳", "\"a,\"\"b\"\"\nc\"", "  Padded  ", "Zed"]
        let managers = ["Anna", "", "\"Boris, K.\"", "Вера"]
        var text = "client,date,amount,manager\n"
        for row in 0..<rows {
            let id = ids[Int.random(in: 0..<ids.count, using: &generator)]
            let suffix = Int.random(in: 0..<30, using: &generator)
            let client = id.hasSuffix("\"") ? String(id.dropLast()) + "\(suffix)\"" : id + "\(suffix)"
            let day = Day(daysSince1970: 19_000 + Int.random(in: 0..<900, using: &generator))
            let cents = Int64.random(in: -5_000...200_000, using: &generator)
            var amount = Money(minorUnits: cents).formatted(scale: 2)
            if Bool.random(using: &generator) { amount = "\"\(amount)\"" }
            if badRows, row % 97 == 13 { amount = "n/a" }
            let manager = managers[Int.random(in: 0..<managers.count, using: &generator)]
            let end = Int.random(in: 0..<4, using: &generator) == 0 ? "\r\n" : "\n"
            text += "\(client),\(day),\(amount),\(manager)\(end)"
            if Int.random(in: 0..<25, using: &generator) == 0 { text += "\n" }
        }
        return text
    }
}

@Suite("The parallel reader gives the same transactions however the file is cut")
struct ParallelReadTests {
    func read(_ text: String, pieces: Int, threads: Int, skip: Bool = false) throws -> TransactionTable {
        var options = ReadOptions()
        options.pieces = pieces
        options.threads = threads
        if skip { options.onError = .skip }
        return try TransactionTable(csv: Array(text.utf8), options: options)
    }

    @Test("Every cut from 1 to 300 pieces (boundaries inside quoted line breaks included) matches one sequential read",
          arguments: [UInt64(1), 2, 3])
    func matchesSequentialRead(seed: UInt64) throws {
        let text = ExportGenerator.make(seed: seed, rows: 400)
        let reference = try read(text, pieces: 1, threads: 1)
        #expect(reference.rowsRead == 400)
        for pieces in Array(2...40) + [57, 64, 100, 173, 300] {
            let table = try read(text, pieces: pieces, threads: pieces % 3 + 1)
            #expect(table.rowsRead == reference.rowsRead, "pieces \(pieces)")
            #expect(table.transactions == reference.transactions, "pieces \(pieces)")
        }
    }

    @Test("Threads that take over the rest of each other's pieces read what one sequential read does",
          arguments: [UInt64(4), 5])
    func sharedWorkMatchesSequentialRead(seed: UInt64) throws {
        let text = ExportGenerator.make(seed: seed, rows: 20_000, badRows: true)
        let reference = try read(text, pieces: 1, threads: 1, skip: true)
        var taken = 0
        for (pieces, threads) in [(2, 2), (3, 2), (4, 4), (7, 3)] {
            var options = ReadOptions()
            options.pieces = pieces
            options.threads = threads
            options.onError = .skip
            // Claims of 64 bytes, and any remainder of 256 bytes or more taken
            // over: thousands of chances for a cut inside a quoted line break.
            options.claims = ReadOptions.ClaimSizes(stretch: 64, minimumRemainder: 256)
            let table = try TransactionTable(csv: Array(text.utf8), options: options)
            #expect(table.rowsRead == reference.rowsRead, "pieces \(pieces)")
            #expect(table.lines == reference.lines, "pieces \(pieces)")
            #expect(table.rejections == reference.rejections, "pieces \(pieces)")
            #expect(table.transactions == reference.transactions, "pieces \(pieces)")
            taken += table.segments.count - pieces  // one partition: a segment per piece
        }
        #expect(taken > 0, "no thread took over part of another's piece")
    }

    @Test("Rejected rows and their line numbers do not depend on the cut")
    func rejectionsMatchSequentialRead() throws {
        let text = ExportGenerator.make(seed: 9, rows: 500, badRows: true)
        let reference = try read(text, pieces: 1, threads: 1, skip: true)
        #expect(reference.rejectedCount == 6)  // rows 13, 110, 207, 304, 401, 498
        for pieces in [2, 7, 31, 128] {
            let table = try read(text, pieces: pieces, threads: 2, skip: true)
            #expect(table.rejections == reference.rejections, "pieces \(pieces)")
            #expect(table.transactions == reference.transactions, "pieces \(pieces)")
        }
    }

    @Test("With stop, the first bad row in the file is reported, whichever piece saw it")
    func firstErrorWins() throws {
        let text = ExportGenerator.make(seed: 9, rows: 500, badRows: true)
        var messages: Set<String> = []
        for pieces in [1, 2, 5, 50] {
            do {
                _ = try read(text, pieces: pieces, threads: 2)
                Issue.record("no error with \(pieces) pieces")
            } catch let error as ReadError {
                messages.insert(error.description)
            }
        }
        #expect(messages.count == 1)
    }

    @Test("With stop and threads sharing the file, the first bad row is reported, as by one sequential read")
    func firstErrorWinsWhenSharing() throws {
        let text = ExportGenerator.make(seed: 9, rows: 500, badRows: true)
        var expected: String?
        do {
            _ = try read(text, pieces: 1, threads: 1)
        } catch let error as ReadError {
            expected = error.description
        }
        #expect(expected != nil)
        for (pieces, threads) in [(2, 2), (5, 2), (9, 3)] {
            var options = ReadOptions()
            options.pieces = pieces
            options.threads = threads
            options.claims = ReadOptions.ClaimSizes(stretch: 64, minimumRemainder: 256)
            do {
                _ = try TransactionTable(csv: Array(text.utf8), options: options)
                Issue.record("no error with \(pieces) pieces")
            } catch let error as ReadError {
                #expect(error.description == expected, "pieces \(pieces)")
            }
        }
    }

    @Test("Claim sizes below one byte are an options error, not a crash")
    func claimSizesAreValidated() {
        for sizes in [(0, 256), (64, 0), (-1, -1)] {
            var options = ReadOptions()
            options.claims = ReadOptions.ClaimSizes(stretch: sizes.0, minimumRemainder: sizes.1)
            #expect(throws: OptionsError.self) { try options.validate() }
        }
        var options = ReadOptions()
        options.claims = ReadOptions.ClaimSizes(stretch: 1, minimumRemainder: 1)
        #expect(throws: Never.self) { try options.validate() }
    }

    @Test("Results are byte-identical with 1, 2 and 8 threads and any cut")
    func deterministicOutput() throws {
        let text = ExportGenerator.make(seed: 4, rows: 3_000)
        var outputs: Set<String> = []
        for (pieces, threads) in [(1, 1), (2, 2), (8, 8), (13, 2), (64, 8)] {
            let analysis = try read(text, pieces: pieces, threads: threads).analyze(threads: threads)
            outputs.insert(analysis.text(.clients, as: .csv) + analysis.text(.winBack, as: .json))
        }
        #expect(outputs.count == 1)
        #expect((outputs.first?.count ?? 0) > 10_000)
    }
}

@Suite("Interning ids")
struct ByteStringTableTests {
    @Test("Interning gives each distinct string one id, through many growths")
    func interning() {
        var table = ByteStringTable(expectedCount: 2)
        var ids: [String: UInt32] = [:]
        for round in 0..<3 {
            for i in 0..<5_000 {
                // Lengths 0 to 28, and some past 255 (the length an entry holds inline).
                let key = i % 7 == 0 ? "" : i % 500 == 3 ? String(repeating: "long-", count: 60) + "\(i)"
                    : "c\(i * 7919 % 10_007)-\(String(repeating: "x", count: i % 23))"
                // Odd rounds read the key with 16 bytes of slack (two word loads), even
                // rounds with none (byte by byte): both must find the same id.
                let padding = round % 2 == 1 ? 16 : 0
                let bytes = Array(key.utf8) + [UInt8](repeating: 0xFF, count: padding) + [0]
                let (id, isNew) = bytes.withUnsafeBufferPointer {
                    table.intern($0.baseAddress!, key.utf8.count, readable: key.utf8.count + padding)
                }
                if let known = ids[key] {
                    #expect(id == known && !isNew)
                } else {
                    #expect(isNew && round == 0)
                    ids[key] = id
                }
            }
        }
        let frozen = table.frozen()
        #expect(frozen.count == ids.count)
        for (key, id) in ids { #expect(frozen.string(Int(id)) == key) }
    }

    @Test("Merging tables sorts ids in byte order and maps every local id")
    func merging() {
        let first = ByteStrings(["b", "Ольга", "a", "ab"])
        let second = ByteStrings(["ab", "c", "", "b"])
        let (merged, positions) = ByteStrings.merging([first, second])
        #expect((0..<merged.count).map { merged.string($0) } == ["", "a", "ab", "b", "c", "Ольга"])
        #expect(positions == [[3, 5, 1, 2], [2, 4, 0, 3]])
    }

    @Test("Merging large tables in parallel parts equals a sorted union", arguments: [1, 2, 5])
    func mergingInParts(threads: Int) {
        var generator = SeededGenerator(seed: UInt64(threads))
        // Shared 8-byte prefixes with different tails, short and empty strings, repeats across lists.
        let stems = ["C1000000", "C1000001", "Ivanov, I", "a", "", "Ольга", "zzzzzzzz"]
        let lists = (0..<3).map { list in
            ByteStrings(Set((0..<20_000).map { _ in
                let stem = stems[Int.random(in: 0..<stems.count, using: &generator)]
                return Bool.random(using: &generator) ? "\(stem)\(Int.random(in: 0..<9_000, using: &generator))" : stem
            }).shuffled(using: &generator))
        }
        expectMergeIsSortedUnion(lists, threads: threads)
    }

    /// `ByteStrings.merging(lists)` is every string of `lists` once, in byte
    /// order (sorted independently), and maps each list's strings to theirs.
    func expectMergeIsSortedUnion(_ lists: [ByteStrings], threads: Int) {
        let (merged, positions) = ByteStrings.merging(lists, threads: threads)
        let expected = Set(lists.flatMap { list in (0..<list.count).map { list.string($0) } })
            .sorted { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }
        #expect((0..<merged.count).map { merged.string($0) } == expected)
        for (list, map) in zip(lists, positions) {
            for local in 0..<list.count { #expect(merged.string(Int(map[local])) == list.string(local)) }
        }
    }

    @Test("Merging ids that share a long prefix, in parts cut between equal keys, equals a sorted union",
          arguments: [1, 2, 3])
    func mergingSharedPrefixInParts(threads: Int) {
        var generator = SeededGenerator(seed: 40 + UInt64(threads))
        // Every id starts `CLIENT-0`, so the order keys are the bytes after it; some ids
        // are longer than prefix + key, some end inside the key; over 65 536 ids in
        // all, so the sorted list is cut into parts; and most ids are in several lists,
        // so a cut inside a run of equal ids would show as a repeat.
        let lists = (0..<4).map { _ in
            ByteStrings(Set((0..<90_000).map { _ in
                let number = Int.random(in: 0..<50_000, using: &generator)
                switch Int.random(in: 0..<3, using: &generator) {
                case 0: return "CLIENT-0\(number)"
                case 1: return "CLIENT-0\(number % 100)-branch-\(number % 7)"
                default: return "CLIENT-0\(number % 10)"
                }
            }).shuffled(using: &generator))
        }
        #expect(lists.reduce(0) { $0 + $1.count } >= 65_536)
        expectMergeIsSortedUnion(lists, threads: threads)
    }

    @Test("Strings that end inside their order key sort shorter first")
    func mergingStringsEndingInsideTheKey() {
        // "ab" and "ab\u{0}" have the same key (padded with zeros): the length decides.
        let first = ByteStrings(["ab\u{0}", "a", "ab", ""])
        let second = ByteStrings(["ab\u{0}\u{0}", "ab"])
        let (merged, positions) = ByteStrings.merging([first, second])
        #expect((0..<merged.count).map { Array(merged[$0]) }
                    == [[], [97], [97, 98], [97, 98, 0], [97, 98, 0, 0]])
        #expect(positions == [[3, 1, 2, 0], [4, 2]])
    }

    @Test("Order keys never contradict byte order: a smaller key is a smaller string")
    func orderKeysFollowByteOrder() {
        var generator = SeededGenerator(seed: 12)
        let alphabet: [UInt8] = [0, 1, 0x41, 0x42, 0x7F, 0xD0, 0xFF]
        let strings = (0..<3_000).map { _ in
            [UInt8]("shared-".utf8) + (0..<Int.random(in: 0..<14, using: &generator)).map { _ in
                alphabet[Int.random(in: 0..<alphabet.count, using: &generator)]
            }
        }
        let list = ByteStrings(bytes: strings.flatMap { $0 },
                               offsets: strings.reduce(into: [0]) { $0.append($0.last! + $1.count) })
        let (keys, layout) = list.orderKeys()
        #expect(layout.shared == 7)
        for _ in 0..<20_000 {
            let a = Int.random(in: 0..<strings.count, using: &generator)
            let b = Int.random(in: 0..<strings.count, using: &generator)
            if keys[a] < keys[b] { #expect(strings[a].lexicographicallyPrecedes(strings[b])) }
        }
    }

    @Test("Shares of segments for the scatter are cut where the rows before are nearest an even share")
    func balancedGroups() {
        #expect(ClientHistories.balancedGroups([50, 45, 5], parts: 2) == [0..<1, 1..<3])
        #expect(ClientHistories.balancedGroups([10, 10, 10, 10], parts: 2) == [0..<2, 2..<4])
        #expect(ClientHistories.balancedGroups([1, 98, 1], parts: 2) == [0..<1, 1..<3])
        #expect(ClientHistories.balancedGroups([30, 30, 30], parts: 3) == [0..<1, 1..<2, 2..<3])
        #expect(ClientHistories.balancedGroups([100], parts: 2) == [0..<1])
        #expect(ClientHistories.balancedGroups([5, 0, 5], parts: 1) == [0..<3])
        #expect(ClientHistories.balancedGroups([], parts: 2) == [])
    }

    @Test("UTF-8 validation follows the Unicode table", arguments: [
        ([0x41], true), ([0xD0, 0x9E], true), ([0xE7, 0x8E, 0x8B], true), ([0xF0, 0x9F, 0x98, 0x80], true),
        ([0xC0, 0x80], false), ([0xED, 0xA0, 0x80], false), ([0xF4, 0x90, 0x80, 0x80], false),
        ([0xE7, 0x8E], false), ([0x80], false), ([0xCE, 0xEB], false),
    ] as [([UInt8], Bool)])
    func validation(bytes: [UInt8], valid: Bool) {
        #expect(UTF8Validation.isValid(bytes) == valid)
    }
}
