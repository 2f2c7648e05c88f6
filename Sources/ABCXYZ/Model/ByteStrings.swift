import CPrefetch

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

    /// Asks the cache for where string `index` is (its two offsets), ahead of
    /// ``prefetchBytes(_:)`` and the read: a writer that spells ids in rank
    /// order reads them at random (BENCHMARKS.md, stop 29). A hint only.
    @inline(__always)
    func prefetchOffsets(_ index: Int) {
        precondition(index >= 0 && index < count, "ByteStrings: index out of range")
        offsets.withUnsafeBufferPointer { abcxyz_prefetch($0.baseAddress! + index) }
    }

    /// Asks the cache for the first bytes of string `index`, whose offsets
    /// should be in the cache by now (``prefetchOffsets(_:)``).
    @inline(__always)
    func prefetchBytes(_ index: Int) {
        let start = offsets[index]
        guard start < bytes.count else { return }  // an empty last string
        bytes.withUnsafeBufferPointer { abcxyz_prefetch($0.baseAddress! + start) }
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
    /// The indices of the strings in byte order: a stable radix sort on their
    /// ``OrderKeys``, then a comparison sort only within runs of equal keys.
    func sortedIndices(threads: Int = 1) -> [Int] {
        let (keys, layout) = orderKeys(threads: threads)
        var (order, sortedKeys) = RadixSort.sorted(keys, threads: threads)
        bytes.withUnsafeBufferPointer { bytes in
            offsets.withUnsafeBufferPointer { offsets in
                var runStart = 0
                while runStart < order.count {
                    var runEnd = runStart + 1
                    while runEnd < order.count, sortedKeys[runEnd] == sortedKeys[runStart] { runEnd += 1 }
                    if runEnd - runStart > 1 {
                        order[runStart..<runEnd].sort { layout.compareSameKey(bytes, offsets, $0, $1) < 0 }
                    }
                    runStart = runEnd
                }
            }
        }
        return order
    }

    /// Every string's ``OrderKeys`` key, in list order, made on up to `threads` threads.
    func orderKeys(threads: Int = 1) -> (keys: [UInt64], layout: OrderKeys) {
        let layout = OrderKeys(self)
        let (bytes, offsets) = (self.bytes, self.offsets)
        let keys = Parallel.array(count, threads: threads, parts: count >= 65_536 ? threads : 1) { range, keys in
            bytes.withUnsafeBufferPointer { bytes in
                for i in range { keys.initialize(at: i, to: layout.key(bytes, offsets[i]..<offsets[i + 1])) }
            }
        }
        return (keys, layout)
    }

    /// Integer keys whose order is the strings' byte order wherever they
    /// differ: the 8 bytes after the prefix every string of the list shares
    /// (`CLIENT-0` in `CLIENT-000123`, none in `C1058713`), big-endian and
    /// padded with zeros. Without the shared prefix, ids such as
    /// `CLIENT-000123` would all have one key, and their sort would be a
    /// comparison sort of the whole list.
    struct OrderKeys: Sendable {
        /// How many leading bytes every string shares.
        let shared: Int

        init(_ strings: ByteStrings) {
            guard strings.count > 1 else {
                shared = 0
                return
            }
            var shared = strings.offsets[1]  // string 0's length
            strings.bytes.withUnsafeBufferPointer { bytes in
                for i in 1..<strings.count where shared > 0 {
                    let start = strings.offsets[i], length = strings.offsets[i + 1] - start
                    shared = min(shared, length)
                    var k = 0
                    while k < shared, bytes[start + k] == bytes[k] { k += 1 }
                    shared = k
                }
            }
            self.shared = shared
        }

        /// The key of the string at `range` of `bytes`.
        @inline(__always)
        func key(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> UInt64 {
            var key: UInt64 = 0
            for k in 0..<8 {
                key <<= 8
                if shared + k < range.count { key |= UInt64(bytes[range.lowerBound + shared + k]) }
            }
            return key
        }

        /// Strings `a` and `b` of a list (its `bytes` and `offsets`) that have
        /// the same key, in byte order: negative, zero or positive. Strings
        /// that end within their key are the key padded with zeros, so the
        /// shorter sorts first; longer ones compare their bytes after it.
        @inline(__always)
        func compareSameKey(_ bytes: UnsafeBufferPointer<UInt8>, _ offsets: UnsafeBufferPointer<Int>,
                            _ a: Int, _ b: Int) -> Int {
            let aStart = offsets[a], aLength = offsets[a + 1] - aStart
            let bStart = offsets[b], bLength = offsets[b + 1] - bStart
            var k = shared + 8
            while k < aLength, k < bLength {
                if bytes[aStart + k] != bytes[bStart + k] { return Int(bytes[aStart + k]) - Int(bytes[bStart + k]) }
                k += 1
            }
            return aLength - bLength
        }
    }
}
