/// A stable least-significant-digit radix sort on 64-bit keys: linear in the
/// number of keys, and stable, so that a list built in client-number order
/// (which is id order) keeps ties in id order with no comparison at all.
enum RadixSort {
    /// The positions of `keys` in ascending key order; equal keys keep their
    /// order. Byte digits that every key shares are skipped.
    static func sortedIndices(_ keys: [UInt64]) -> [Int] {
        let count = keys.count
        var keysA = keys, keysB = [UInt64](repeating: 0, count: count)
        var indicesA = Array(0..<count), indicesB = [Int](repeating: 0, count: count)
        var histogram = [Int](repeating: 0, count: 256)
        for digit in 0..<8 {
            let shift = UInt64(digit * 8)
            for i in 0..<256 { histogram[i] = 0 }
            for key in keysA { histogram[Int((key >> shift) & 0xFF)] += 1 }
            if histogram.contains(count) { continue }  // every key has this byte: nothing to move
            var total = 0
            for i in 0..<256 {
                let bucket = histogram[i]
                histogram[i] = total
                total += bucket
            }
            for i in 0..<count {
                let key = keysA[i]
                let bucket = Int((key >> shift) & 0xFF)
                let slot = histogram[bucket]
                histogram[bucket] = slot + 1
                keysB[slot] = key
                indicesB[slot] = indicesA[i]
            }
            swap(&keysA, &keysB)
            swap(&indicesA, &indicesB)
        }
        return indicesA
    }

    /// `positions` reordered stably by `key(position)` ascending.
    static func stableSort(_ positions: [Int], by key: (Int) -> UInt64) -> [Int] {
        let order = sortedIndices(positions.map(key))
        return order.map { positions[$0] }
    }
}
