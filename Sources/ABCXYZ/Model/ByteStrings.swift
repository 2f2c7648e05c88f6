/// An immutable list of byte strings (client or manager ids) stored in one
/// buffer: the `Sendable`, compact form the engine keeps ids in.
struct ByteStrings: Sendable, Hashable {
    /// All strings, one after another.
    private(set) var bytes: [UInt8]
    /// `offsets[i]..<offsets[i + 1]` is string `i`; `offsets.count == count + 1`.
    private(set) var offsets: [Int]

    init(bytes: [UInt8], offsets: [Int]) {
        precondition(offsets.first == 0 && offsets.last == bytes.count)
        self.bytes = bytes
        self.offsets = offsets
    }

    init() {
        self.init(bytes: [], offsets: [0])
    }

    /// Builds from strings, in the given order.
    init(_ strings: some Sequence<String>) {
        var bytes: [UInt8] = []
        var offsets = [0]
        for string in strings {
            bytes.append(contentsOf: string.utf8)
            offsets.append(bytes.count)
        }
        self.init(bytes: bytes, offsets: offsets)
    }

    var count: Int { offsets.count - 1 }

    /// String `index` as bytes.
    subscript(index: Int) -> ArraySlice<UInt8> {
        bytes[offsets[index]..<offsets[index + 1]]
    }

    /// String `index` as a `String` (the bytes are valid UTF-8; the reader checks).
    func string(_ index: Int) -> String {
        String(decoding: self[index], as: UTF8.self)
    }

    /// Byte-order (UTF-8 code unit) comparison of strings `i` and `j`, the
    /// order SPEC §3 uses to break ties.
    func precedes(_ i: Int, _ j: Int) -> Bool {
        bytes.withUnsafeBufferPointer { buffer in
            let a = offsets[i], aEnd = offsets[i + 1], b = offsets[j], bEnd = offsets[j + 1]
            let length = min(aEnd - a, bEnd - b)
            for k in 0..<length where buffer[a + k] != buffer[b + k] {
                return buffer[a + k] < buffer[b + k]
            }
            return aEnd - a < bEnd - b
        }
    }
}

extension ByteStrings {
    /// Merges the tables of several parser threads into one list sorted in
    /// byte order with no repeats, and returns for each input list the
    /// position of each of its strings in the merged one.
    ///
    /// Sorting makes an id's number depend on the data alone, never on how the
    /// file was split or which thread saw a client first, and turns every
    /// later "ties by client id" into an integer comparison.
    static func merging(_ lists: [ByteStrings]) -> (merged: ByteStrings, positions: [[UInt32]]) {
        let expected = lists.map(\.count).max() ?? 0
        var table = ByteStringTable(expectedCount: expected)
        var localToUnique: [[UInt32]] = []
        for list in lists {
            var map = [UInt32](repeating: 0, count: list.count)
            list.bytes.withUnsafeBufferPointer { buffer in
                let base = buffer.baseAddress ?? UnsafePointer(bitPattern: 1)!
                for i in 0..<list.count {
                    let start = list.offsets[i]
                    map[i] = table.intern(base + start, list.offsets[i + 1] - start, readable: buffer.count - start).id
                }
            }
            localToUnique.append(map)
        }
        let unique = table.frozen()
        let order = unique.sortedIndices()
        var rank = [UInt32](repeating: 0, count: unique.count)
        var sortedBytes: [UInt8] = []
        sortedBytes.reserveCapacity(unique.bytes.count)
        var sortedOffsets = [0]
        sortedOffsets.reserveCapacity(unique.count + 1)
        for (position, id) in order.enumerated() {
            rank[id] = UInt32(position)
            sortedBytes.append(contentsOf: unique[id])
            sortedOffsets.append(sortedBytes.count)
        }
        let positions = localToUnique.map { map in map.map { rank[Int($0)] } }
        return (ByteStrings(bytes: sortedBytes, offsets: sortedOffsets), positions)
    }

    /// The indices of the strings in byte order. Sorts on an 8-byte big-endian
    /// prefix first, so most comparisons are one integer comparison.
    func sortedIndices() -> [Int] {
        var keys: [(prefix: UInt64, index: Int)] = []
        keys.reserveCapacity(count)
        for i in 0..<count {
            var prefix: UInt64 = 0
            let start = offsets[i], length = offsets[i + 1] - start
            for k in 0..<8 {
                prefix <<= 8
                if k < length { prefix |= UInt64(bytes[start + k]) }
            }
            keys.append((prefix, i))
        }
        keys.sort { lhs, rhs in
            if lhs.prefix != rhs.prefix { return lhs.prefix < rhs.prefix }
            return precedes(lhs.index, rhs.index)
        }
        return keys.map(\.index)
    }
}
