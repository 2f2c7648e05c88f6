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

    /// The strings of `lists`, one list after another.
    init(concatenating lists: [ByteStrings]) {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(lists.reduce(0) { $0 + $1.bytes.count })
        var offsets = [0]
        offsets.reserveCapacity(lists.reduce(1) { $0 + $1.count })
        for list in lists {
            let base = bytes.count
            bytes.append(contentsOf: list.bytes)
            offsets.append(contentsOf: list.offsets.dropFirst().map { $0 + base })
        }
        self.init(bytes: bytes, offsets: offsets)
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
    /// The indices of the strings in byte order: a stable radix sort on the
    /// first eight bytes (big-endian, so integer order is byte order), then a
    /// comparison sort only within runs that share those eight bytes.
    func sortedIndices() -> [Int] {
        sortedIndicesAndPrefixes().order
    }

    /// ``sortedIndices()`` and each sorted string's 8-byte prefix.
    func sortedIndicesAndPrefixes() -> (order: [Int], prefixes: [UInt64]) {
        var prefixes = [UInt64](repeating: 0, count: count)
        bytes.withUnsafeBufferPointer { buffer in
            for i in 0..<count {
                let start = offsets[i], length = offsets[i + 1] - start
                var prefix: UInt64 = 0
                for k in 0..<8 {
                    prefix <<= 8
                    if k < length { prefix |= UInt64(buffer[start + k]) }
                }
                prefixes[i] = prefix
            }
        }
        var order = RadixSort.sortedIndices(prefixes)
        var runStart = 0
        while runStart < order.count {
            var runEnd = runStart + 1
            while runEnd < order.count, prefixes[order[runEnd]] == prefixes[order[runStart]] { runEnd += 1 }
            if runEnd - runStart > 1 {
                order[runStart..<runEnd].sort { precedes($0, $1) }
            }
            runStart = runEnd
        }
        return (order, order.map { prefixes[$0] })
    }
}
