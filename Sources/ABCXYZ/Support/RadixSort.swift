/// A stable least-significant-digit radix sort on 64-bit keys: linear in the
/// number of keys, and stable, so that a list built in client-number order
/// (which is id order) keeps ties in id order with no comparison at all.
///
/// With more than one thread (and enough keys) each pass is parallel: every
/// thread counts its own contiguous slice, the counts are laid out bucket by
/// bucket and slice by slice (which keeps equal keys in input order), and
/// every thread moves its slice to the places so computed.
enum RadixSort {
    /// The positions of `keys` in ascending key order; equal keys keep their
    /// order. Byte digits that every key shares are skipped.
    static func sortedIndices(_ keys: [UInt64], threads: Int = 1) -> [Int] {
        sorted(keys, threads: threads).indices
    }

    /// The positions of `keys` in ascending key order and the keys in that
    /// order, which the sort has moved anyway: a caller that needs each
    /// sorted element's key reads it here, in order, instead of looking it up
    /// again at a random place.
    static func sorted(_ keys: [UInt64], threads: Int = 1) -> (indices: [Int], keys: [UInt64]) {
        let count = keys.count
        let slices = Parallel.ranges(count, parts: count >= 65_536 ? threads : 1)
        // Every digit's counts from one read of the keys, not one read per
        // digit: they show which digits every key shares (often five of eight,
        // for amounts), and with one slice they are the slice's histograms.
        let counts = Parallel.map(slices.count, threads: threads) { slice -> [Int] in
            var counts = [Int](repeating: 0, count: 8 * 256)
            for i in slices[slice] {
                let key = keys[i]
                for digit in 0..<8 { counts[digit &* 256 &+ Int((key &>> UInt64(digit &* 8)) & 0xFF)] &+= 1 }
            }
            return counts
        }.reduce(into: [Int](repeating: 0, count: 8 * 256)) { total, slice in
            for i in total.indices { total[i] += slice[i] }
        }
        var keysA = keys, keysB = [UInt64](repeating: 0, count: count)
        var indicesA = Array(0..<count), indicesB = [Int](repeating: 0, count: count)
        for digit in 0..<8 {
            let shift = UInt64(digit * 8)
            // Every key has this byte: nothing to move.
            if counts[(digit * 256)..<(digit * 256 + 256)].contains(count) { continue }
            let source = keysA
            // With several slices, each slice's histogram of the keys as the
            // previous pass left them, so that equal keys keep their order.
            let histograms = slices.count == 1 ? [Array(counts[(digit * 256)..<(digit * 256 + 256)])]
                : Parallel.map(slices.count, threads: threads) { slice -> [Int] in
                    var histogram = [Int](repeating: 0, count: 256)
                    for i in slices[slice] { histogram[Int((source[i] >> shift) & 0xFF)] += 1 }
                    return histogram
                }
            var starts = histograms.map { _ in [Int](repeating: 0, count: 256) }
            var total = 0
            for bucket in 0..<256 {
                for slice in slices.indices {
                    starts[slice][bucket] = total
                    total += histograms[slice][bucket]
                }
            }
            let sourceIndices = indicesA
            let offsets = starts
            keysB.withUnsafeMutableBufferPointer { keyBuffer in
                indicesB.withUnsafeMutableBufferPointer { indexBuffer in
                    let outKeys = DisjointWrites(keyBuffer), outIndices = DisjointWrites(indexBuffer)
                    Parallel.forEach(slices.count, threads: threads) { slice in
                        var next = offsets[slice]  // each slice writes only the places counted for it
                        for i in slices[slice] {
                            let key = source[i]
                            let bucket = Int((key >> shift) & 0xFF)
                            outKeys[next[bucket]] = key
                            outIndices[next[bucket]] = sourceIndices[i]
                            next[bucket] += 1
                        }
                    }
                }
            }
            swap(&keysA, &keysB)
            swap(&indicesA, &indicesB)
        }
        return (indicesA, keysA)
    }

    /// The key that sorts a non-negative amount largest first (`Int64.max − value`).
    @inline(__always)
    static func descendingKey(_ value: Int64) -> UInt64 {
        UInt64(Int64.max - value)
    }

    /// The amount back from its ``descendingKey(_:)``.
    @inline(__always)
    static func value(ofDescendingKey key: UInt64) -> Int64 {
        Int64.max - Int64(key)
    }

    /// `positions` reordered stably by `key(position)` ascending.
    static func stableSort(_ positions: [Int], threads: Int = 1, by key: (Int) -> UInt64) -> [Int] {
        stableSortKeepingKeys(positions, threads: threads, by: key).positions
    }

    /// `positions` reordered stably by `key(position)` ascending, with the
    /// keys in the same order.
    static func stableSortKeepingKeys(_ positions: [Int], threads: Int = 1, by key: (Int) -> UInt64)
        -> (positions: [Int], keys: [UInt64])
    {
        let (order, keys) = sorted(positions.map(key), threads: threads)
        return (order.map { positions[$0] }, keys)
    }
}
