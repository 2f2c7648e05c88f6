extension ByteStrings {
    /// Merges the tables of several parser threads into one list sorted in
    /// byte order with no repeats, and returns for each input list the
    /// position of each of its strings in the merged one.
    ///
    /// Sorting makes an id's number depend on the data alone, never on how the
    /// file was split or which thread saw a client first, and turns every
    /// later "ties by client id" into an integer comparison.
    ///
    /// The lists are sorted as one, by a parallel radix sort on their
    /// ``OrderKeys``; each run of equal strings then becomes one merged
    /// string. The sorted list is cut into one part per thread between runs
    /// of equal keys, and each part is counted, then written, on its own
    /// thread. (A merge of separately sorted lists, taking the least of their
    /// heads, mispredicted a branch on most strings and took 2–4 times as
    /// long: BENCHMARKS.md, stop 25.)
    static func merging(_ lists: [ByteStrings], threads: Int = 1) -> (merged: ByteStrings, positions: [[UInt32]]) {
        let all = ByteStrings(concatenating: lists)
        let (keys, layout) = all.orderKeys(threads: threads)
        let sorted = RadixSort.sorted(keys, threads: threads)
        var order = sorted.indices
        let sortedKeys = sorted.keys
        let count = all.count
        // Parts cut between runs of equal keys, so that equal strings share a part.
        var cuts = [0]
        let partCount = count >= 65_536 ? max(1, threads) : 1
        for part in 1..<max(partCount, 1) {
            var cut = max(count * part / partCount, cuts[cuts.count - 1])
            while cut > 0, cut < count, sortedKeys[cut] == sortedKeys[cut - 1] { cut += 1 }
            cuts.append(cut)
        }
        cuts.append(count)
        let parts = (0..<(cuts.count - 1)).map { cuts[$0]..<cuts[$0 + 1] }
        let (bytes, offsets) = (all.bytes, all.offsets)
        // Pass 1, per part: equal keys put in byte order (rarely needed), and
        // which sorted strings begin a new merged string; how many, and their bytes.
        var beginsString = [Bool](repeating: false, count: count)
        let tallies = order.withUnsafeMutableBufferPointer { orderBuffer in
            beginsString.withUnsafeMutableBufferPointer { beginsBuffer in
                // Each part reads and writes only the ranks of its own range.
                let order = DisjointWrites(orderBuffer), begins = DisjointWrites(beginsBuffer)
                return Parallel.map(parts.count, threads: threads) { part -> (strings: Int, bytes: Int) in
                    bytes.withUnsafeBufferPointer { bytes in
                        offsets.withUnsafeBufferPointer { offsets in
                            Self.tally(parts[part], keys: sortedKeys, order: order, begins: begins,
                                       bytes: bytes, offsets: offsets, layout: layout)
                        }
                    }
                }
            }
        }
        var firstString = [0], firstByte = [0]
        for tally in tallies {
            firstString.append(firstString[firstString.count - 1] + tally.strings)
            firstByte.append(firstByte[firstByte.count - 1] + tally.bytes)
        }
        // Pass 2, per part: the merged strings from the part's first, and
        // each string's number. Every position is written exactly once: the
        // parts cover every rank, every string has one rank, and each merged
        // string and byte belongs to one part.
        let mergedCount = firstString[firstString.count - 1], byteCount = firstByte[firstByte.count - 1]
        var numbers: [UInt32] = [], mergedOffsets: [Int] = []
        let (finalOrder, begins, stringStarts, byteStarts) = (order, beginsString, firstString, firstByte)
        let mergedBytes = [UInt8](unsafeUninitializedCapacity: byteCount) { byteBuffer, initializedBytes in
            mergedOffsets = [Int](unsafeUninitializedCapacity: mergedCount + 1) { offsetBuffer, initializedOffsets in
                numbers = [UInt32](unsafeUninitializedCapacity: count) { numberBuffer, initializedNumbers in
                    let out = (bytes: DisjointWrites(byteBuffer), offsets: DisjointWrites(offsetBuffer),
                               numbers: DisjointWrites(numberBuffer))
                    out.offsets.initialize(at: 0, to: 0)
                    Parallel.forEach(parts.count, threads: threads) { part in
                        bytes.withUnsafeBufferPointer { bytes in
                            offsets.withUnsafeBufferPointer { offsets in
                                var string = stringStarts[part] - 1, byte = byteStarts[part]
                                for rank in parts[part] {
                                    let source = finalOrder[rank]
                                    if begins[rank] {
                                        for index in offsets[source]..<offsets[source + 1] {
                                            out.bytes.initialize(at: byte, to: bytes[index])
                                            byte += 1
                                        }
                                        string += 1
                                        out.offsets.initialize(at: string + 1, to: byte)
                                    }
                                    out.numbers.initialize(at: source, to: UInt32(string))
                                }
                            }
                        }
                    }
                    initializedNumbers = count
                }
                initializedOffsets = mergedCount + 1
            }
            initializedBytes = byteCount
        }
        var first = 0
        let positions = lists.map { list in
            defer { first += list.count }
            return Array(numbers[first..<(first + list.count)])
        }
        return (ByteStrings(bytes: mergedBytes, offsets: mergedOffsets), positions)
    }

    /// Pass 1 of ``merging(_:threads:)`` over the ranks `range`: each run of
    /// equal keys put in byte order if it is not (a run is mostly one string
    /// seen by several parser threads, already in order), and which ranks
    /// begin a new string; returns how many do, and their bytes.
    private static func tally(_ range: Range<Int>, keys: [UInt64], order: DisjointWrites<Int>,
                              begins: DisjointWrites<Bool>, bytes: UnsafeBufferPointer<UInt8>,
                              offsets: UnsafeBufferPointer<Int>, layout: OrderKeys) -> (strings: Int, bytes: Int) {
        var strings = 0, byteCount = 0
        var runStart = range.lowerBound
        while runStart < range.upperBound {
            var runEnd = runStart + 1
            while runEnd < range.upperBound, keys[runEnd] == keys[runStart] { runEnd += 1 }
            if runEnd - runStart > 1, (runStart + 1..<runEnd).contains(where: {
                layout.compareSameKey(bytes, offsets, order[$0 - 1], order[$0]) > 0
            }) {
                let run = (runStart..<runEnd).map { order[$0] }
                    .sorted { layout.compareSameKey(bytes, offsets, $0, $1) < 0 }
                for (k, string) in run.enumerated() { order[runStart + k] = string }
            }
            for rank in runStart..<runEnd {
                let string = order[rank]
                let isNew = rank == runStart || layout.compareSameKey(bytes, offsets, order[rank - 1], string) != 0
                begins[rank] = isNew
                if isNew {
                    strings += 1
                    byteCount += offsets[string + 1] - offsets[string]
                }
            }
            runStart = runEnd
        }
        return (strings, byteCount)
    }
}
