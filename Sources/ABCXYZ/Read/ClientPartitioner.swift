#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Cuts the client ids into ranges of byte order, so that a large export is
/// parsed straight into partitions that are grouped one at a time, each small
/// enough for the cache (issue 16: 100 M rows by client are random writes
/// over 1.6 GB; the same rows in 64 partitions are 64 writes of 25 MB).
///
/// The partition of an id depends on its bytes only, and never decreases in
/// their byte order: partition 0 holds the smallest ids, the last the
/// largest. The data set numbers clients in byte order, so each partition's
/// clients are one run of numbers and its rows one run of the grouped
/// histories: every result is the same as with one partition, whatever the
/// cut. The cut points come from a sample of the file and only decide how
/// even the partitions are, never what any figure is.
///
/// The order key of an id is the 8 bytes after the prefix that every sampled
/// id shares (`C0` in `C000123`), big-endian and padded with zeros: for ids
/// with that prefix, byte order gives keys in the same order (or equal).
/// An id without the prefix is smaller or larger than every id with it, and
/// goes to the first or the last partition.
struct ClientPartitioner: Sendable, Hashable {
    /// The bytes every sampled id starts with.
    let prefix: [UInt8]
    /// Ascending, distinct: an id whose key is at least `splitters[i]` (and
    /// below `splitters[i + 1]`) is in partition `i + 1`.
    let splitters: [UInt64]

    /// How many partitions there are.
    var count: Int { splitters.count + 1 }

    /// The most partitions a caller may ask for (``ReadOptions/partitions``).
    static let maximumCount = 256
    /// Files estimated to have fewer rows are read into one partition. Each
    /// partition is four column streams per parser thread, and so many streams
    /// defeat the hardware prefetcher: at 10 M rows (2 threads, quiet machine)
    /// 16 partitions read 11 % slower and 39 partitions 33 % slower, more than
    /// the grouping gains (scatter 145 → 80 ms); at 100 M the grouping gains
    /// 2.7 s against a read 1.0–2.5 s slower (BENCHMARKS.md, stop 19).
    static let rowsWorthPartitioning = 32 << 20
    /// Rows aimed at per partition, and the most partitions chosen automatically.
    /// The fewer the partitions, the faster the read and the slower the
    /// grouping: at 100 M rows (3 alternating pairs, BENCHMARKS.md, stop 27)
    /// 31 partitions of 3 M rows parse in 12.0–12.5 s against 14.4–15.8 s in
    /// 64 of 1 M and scatter in 3.2–3.4 s against 2.3–2.4 s, 1.1–2.9 s less in
    /// all at the same peak memory; 16 partitions took 0.35 GB more. A billion
    /// rows still get 64.
    static let rowsPerPartition = 3 << 20
    static let automaticMaximum = 64

    init(prefix: [UInt8], splitters: [UInt64]) {
        precondition(zip(splitters, splitters.dropFirst()).allSatisfy { $0 < $1 }, "splitters must ascend")
        self.prefix = prefix
        self.splitters = splitters
    }

    /// ``partition(of:)`` of the id whose key (prefix words made) is `key`, at
    /// `bytes`, as the parser works it out (``Cuts``), for tests: the parser
    /// keeps one ``Cuts`` (``ClientIDTables``) rather than making one a call.
    func partition(of key: ByteStringTable.Key, _ bytes: UnsafePointer<UInt8>) -> Int {
        let cuts = Cuts(self)
        defer { cuts.deallocate() }
        return cuts.partition(of: key) ?? partition(of: UnsafeBufferPointer(start: bytes, count: key.length))
    }

    /// The cut points in raw memory, for the parser's loop, which asks once a
    /// row: the common case (a prefix of at most 8 bytes, an id of at most 16)
    /// is read off the key's two words, with no loop over bytes, a search with
    /// no branch to mispredict, and no reference counting (a call that
    /// retained the splitters' array made the 100 M-row parse 10 % slower).
    /// Its owner frees it (``deallocate()``): as a noncopyable member it
    /// crashed Swift 6.3's optimiser.
    struct Cuts {
        private let splitters: UnsafeMutablePointer<UInt64>
        private let splitterCount: Int
        private let prefixLength: Int
        /// The prefix's first bytes as a little-endian word, and the mask of them.
        private let prefixWord: UInt64
        private let prefixMask: UInt64
        /// How the order key is cut from the key's words: `word0` shifted down
        /// past the prefix, `word1` shifted up after it. Shifts and masks are
        /// worked out once, so that the row's two shifts are plain ones: with
        /// Swift's shifts, which give 0 for a shift of 64, the two cost 39
        /// instructions a row (callgrind, 1 M rows).
        private let lowShift: UInt64
        private let lowMask: UInt64
        private let highShift: UInt64
        private let highMask: UInt64

        /// The splitters padded with `UInt64.max` to ``searchWidth``, so that
        /// every search takes the same eight steps.
        static let searchWidth = ClientPartitioner.maximumCount - 1

        init(_ partitioner: ClientPartitioner) {
            splitterCount = partitioner.splitters.count
            precondition(splitterCount <= Self.searchWidth, "more splitters than the search holds")
            splitters = .allocate(capacity: Self.searchWidth)
            splitters.initialize(repeating: .max, count: Self.searchWidth)
            for (i, splitter) in partitioner.splitters.enumerated() { splitters[i] = splitter }
            prefixLength = partitioner.prefix.count
            var word: UInt64 = 0
            for (i, byte) in partitioner.prefix.prefix(8).enumerated() { word |= UInt64(byte) << UInt64(8 * i) }
            prefixWord = word
            prefixMask = prefixLength >= 8 ? .max : (UInt64(1) << UInt64(8 * prefixLength)) - 1
            let bits = UInt64(8 * min(prefixLength, 8))  // 0...64
            (lowShift, lowMask) = (bits & 63, bits < 64 ? .max : 0)
            (highShift, highMask) = ((64 - bits) & 63, bits > 0 ? .max : 0)
        }

        /// Frees the cut points; the value must not be used after.
        func deallocate() { splitters.deallocate() }

        /// The partition of the id whose key is `key`; `nil` when the prefix
        /// is longer than 8 bytes or the id shorter than it or longer than 16
        /// (``ClientPartitioner/partition(of:)`` then reads its bytes).
        @inline(always)
        func partition(of key: ByteStringTable.Key) -> Int? {
            let shared = prefixLength, length = key.length
            guard shared <= 8, length >= shared, length <= 16 else { return nil }
            let differing = (key.word0 ^ prefixWord) & prefixMask
            if differing != 0 {
                let shift = UInt64(differing.trailingZeroBitCount & ~7)
                return (key.word0 &>> shift) & 0xFF < (prefixWord &>> shift) & 0xFF ? 0 : splitterCount
            }
            // Bytes shared..<shared + 8 of the id, big-endian (zeros past its end, as the words are).
            let orderKey = ((key.word0 &>> lowShift) & lowMask | (key.word1 &<< highShift) & highMask).byteSwapped
            return count(atMost: orderKey)
        }

        /// The number of splitters at most `orderKey`: eight steps over the
        /// 255 padded cut points, written out. As a loop (`while n > 1`), each
        /// step's select was compiled into a conditional jump (a select that a
        /// loop carries on is not kept as a `cmov`), which the keys mispredicted
        /// half the time: 17 % of the scan's samples at 100 M rows
        /// (BENCHMARKS.md, stop 22). Written out, each step is a load, a
        /// compare and a `setae`, and rows overlap their searches.
        @inline(always)
        private func count(atMost orderKey: UInt64) -> Int {
            var base = 0
            base |= splitters[base | 127] <= orderKey ? 128 : 0
            base |= splitters[base | 63] <= orderKey ? 64 : 0
            base |= splitters[base | 31] <= orderKey ? 32 : 0
            base |= splitters[base | 15] <= orderKey ? 16 : 0
            base |= splitters[base | 7] <= orderKey ? 8 : 0
            base |= splitters[base | 3] <= orderKey ? 4 : 0
            base |= splitters[base | 1] <= orderKey ? 2 : 0
            // The last step as the subtraction's borrow, in integer arithmetic:
            // as a select, the compiler made it a branch again.
            let last = splitters[base], difference = orderKey &- last
            let borrow = ((~orderKey & last) | (~(orderKey ^ last) & difference)) >> 63
            base |= Int(truncatingIfNeeded: 1 &- borrow)
            // Only a key of all ones passes the padding.
            return min(base, splitterCount)
        }
    }

    /// The partition of the id in `bytes` (its trimmed, unescaped bytes, as interned).
    func partition(of bytes: UnsafeBufferPointer<UInt8>) -> Int {
        let shared = min(prefix.count, bytes.count)
        for i in 0..<shared where bytes[i] != prefix[i] {
            return bytes[i] < prefix[i] ? 0 : splitters.count
        }
        // A proper prefix of the shared prefix is smaller than every id that has it.
        if bytes.count < prefix.count { return 0 }
        let key = Self.key(bytes, from: prefix.count)
        var low = 0, high = splitters.count  // the number of splitters <= key
        while low < high {
            let mid = (low + high) / 2
            if splitters[mid] <= key { low = mid + 1 } else { high = mid }
        }
        return low
    }

    /// The partition of each id of a list sorted in byte order, as the run
    /// of list positions each partition holds (`count + 1` bounds).
    func bounds(ofSorted ids: ByteStrings) -> [Int] {
        func partitionOfID(_ index: Int) -> Int {
            ids[index].withUnsafeBufferPointer { self.partition(of: $0) }
        }
        var bounds = [0]
        for p in 1..<count {  // the first id of partition p or later
            var low = bounds[p - 1], high = ids.count
            while low < high {
                let mid = (low + high) / 2
                if partitionOfID(mid) < p { low = mid + 1 } else { high = mid }
            }
            bounds.append(low)
        }
        bounds.append(ids.count)
        return bounds
    }

    /// `ABCXYZ_PARTITIONS=N` (1…256): the benchmarks' way to time a chosen
    /// number of partitions against the automatic one (BENCHMARKS.md).
    static let environmentCount: Int? = getenv("ABCXYZ_PARTITIONS")
        .flatMap { Int(String(cString: $0)) }
        .map { min(max($0, 1), maximumCount) }

    /// The 8 bytes of `bytes` from `offset`, big-endian, zeros past the end.
    static func key(_ bytes: UnsafeBufferPointer<UInt8>, from offset: Int) -> UInt64 {
        var key: UInt64 = 0
        for i in 0..<8 {
            key <<= 8
            if offset + i < bytes.count { key |= UInt64(bytes[offset + i]) }
        }
        return key
    }

    /// Cut points for `count` partitions from sampled ids: the shared prefix,
    /// then the keys at even ranks of the sample (so that each partition has
    /// about as many sampled rows). `nil` when fewer than two partitions remain.
    static func from(sample ids: [[UInt8]], count: Int) -> ClientPartitioner? {
        guard count > 1, var prefix = ids.first else { return nil }
        for id in ids.dropFirst() {
            var shared = 0
            while shared < min(prefix.count, id.count), prefix[shared] == id[shared] { shared += 1 }
            prefix.removeLast(prefix.count - shared)
        }
        let keys = ids.map { id in id.withUnsafeBufferPointer { key($0, from: prefix.count) } }.sorted()
        var splitters: [UInt64] = []
        for part in 1..<count {
            let value = keys[keys.count * part / count]
            if splitters.last.map({ $0 < value }) ?? (value > 0) { splitters.append(value) }
        }
        guard !splitters.isEmpty else { return nil }
        return ClientPartitioner(prefix: prefix, splitters: splitters)
    }

    /// The partitions for a file: `nil` (one partition) below
    /// ``rowsWorthPartitioning`` rows (estimated), when `requested` is 1, or when kept columns are
    /// read (their values stay in input order, ``KeptRows``). Samples the
    /// client field of up to 64 records per partition, spread over the body.
    static func forInput(_ input: InputBytes, layout: RecordLayout, requested: Int?) -> ClientPartitioner? {
        let requested = requested ?? environmentCount
        guard requested != 1, layout.keptFields.isEmpty, let clientField = layout.fieldOfRole[.client] else {
            return nil
        }
        let bodyLength = input.count - layout.bodyStart
        guard bodyLength > 0 else { return nil }
        let scanner = RecordScanner(base: input.base, end: input.count, delimiter: layout.delimiter)
        /// The client id of the record starting at `start` and where the record ends; `nil` if unreadable.
        func client(at start: Int) -> (id: [UInt8]?, end: Int) {
            var position = start, index = 0
            var id: [UInt8]? = nil
            while let field = scanner.nextField(at: position) {
                if index == clientField, !field.hasEscapedQuotes {
                    var lower = field.start, upper = field.end
                    while lower < upper, input.base[lower] == 0x20 || input.base[lower] == 0x09 { lower += 1 }
                    while upper > lower, input.base[upper - 1] == 0x20 || input.base[upper - 1] == 0x09 { upper -= 1 }
                    if lower < upper { id = Array(UnsafeBufferPointer(start: input.base + lower, count: upper - lower)) }
                }
                index += 1
                position = field.next
                if field.endsRecord || index > layout.fieldCount { break }
            }
            return (id, position)
        }
        // The mean record length, from a first sample, gives the number of rows.
        let probes = 256
        var ids: [[UInt8]] = []
        var sampledBytes = 0, sampledRecords = 0
        func sample(_ points: Int) {
            var unreleased = layout.bodyStart
            for i in 0..<points {
                let nominal = layout.bodyStart + Int((Int64(bodyLength) * Int64(i)) / Int64(points))
                let start = i == 0 ? layout.bodyStart : PieceParser.probableRecordStart(input, after: nominal)
                guard start < input.count else { continue }
                let (id, end) = client(at: start)
                sampledBytes += end - start
                sampledRecords += 1
                if let id { ids.append(id) }
                // Each probe faults in a run of pages (the kernel maps around a fault): hand
                // them back every 256 probes, or 16 K probes would hold 1 GiB of the file mapped.
                if i % 256 == 255 {
                    input.release(unreleased..<end)
                    unreleased = end
                }
            }
            input.release(unreleased..<input.count)
        }
        sample(probes)
        guard sampledRecords > 0, sampledBytes > 0 else { return nil }
        let rows = bodyLength / max(1, sampledBytes / sampledRecords)
        let count = requested ?? (rows < rowsWorthPartitioning ? 1 : min(automaticMaximum, rows / rowsPerPartition))
        guard count > 1 else { return nil }
        if count * 64 > probes { sample(count * 64 - probes) }
        return from(sample: ids, count: count)
    }
}
