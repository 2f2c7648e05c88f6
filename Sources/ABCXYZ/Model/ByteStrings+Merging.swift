#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

extension ByteStrings {
    /// Merges the tables of several parser threads into one list sorted in
    /// byte order with no repeats, and returns for each input list the
    /// position of each of its strings in the merged one.
    ///
    /// Sorting makes an id's number depend on the data alone, never on how the
    /// file was split or which thread saw a client first, and turns every
    /// later "ties by client id" into an integer comparison. Each list is
    /// sorted on its own thread; the sorted lists are then merged in one pass.
    static func merging(_ lists: [ByteStrings], threads: Int = 1) -> (merged: ByteStrings, positions: [[UInt32]]) {
        let sorted = Parallel.map(lists.count, threads: threads) { lists[$0].sortedIndicesAndPrefixes() }
        // Every list's strings in one buffer, so the merge compares through raw pointers.
        var all = Flattened(lists)
        // Cut the key space at prefix values taken from the largest list, so
        // that each part merges on its own thread; equal strings share their
        // prefix, so they always fall in the same part.
        let largest = lists.indices.max { lists[$0].count < lists[$1].count } ?? 0
        let parts = max(1, min(threads * 2, (lists.isEmpty ? 0 : lists[largest].count) / 4096))
        var splitters: [UInt64] = []
        for part in 1..<max(parts, 1) {
            let value = sorted[largest].prefixes[lists[largest].count * part / parts]
            if splitters.last.map({ $0 < value }) ?? (value > 0) { splitters.append(value) }
        }
        func lowerBound(_ prefixes: [UInt64], _ value: UInt64) -> Int {
            var low = 0, high = prefixes.count
            while low < high {
                let mid = (low + high) / 2
                if prefixes[mid] < value { low = mid + 1 } else { high = mid }
            }
            return low
        }
        let bounds = sorted.map { list in [0] + splitters.map { lowerBound(list.prefixes, $0) } + [list.prefixes.count] }
        let flattened = all
        let merged = Parallel.map(splitters.count + 1, threads: threads) { part in
            flattened.mergeSorted(sorted, ranges: bounds.map { $0[part]..<$0[part + 1] })
        }
        all = Flattened([])
        var positions = lists.map { [UInt32](repeating: 0, count: $0.count) }
        var first: UInt32 = 0
        for part in merged {
            for (list, local, position) in part.assignments { positions[list][local] = first + position }
            first += UInt32(part.strings.count)
        }
        return (ByteStrings(concatenating: merged.map(\.strings)), positions)
    }

    /// Several lists' strings in one buffer: string `local` of list `l` is
    /// string `firsts[l] + local`.
    private struct Flattened: Sendable {
        let bytes: [UInt8]
        let offsets: [Int]
        var firsts: [Int] = []

        init(_ lists: [ByteStrings]) {
            let all = ByteStrings(concatenating: lists)
            (bytes, offsets) = (all.bytes, all.offsets)
            var first = 0
            for list in lists {
                firsts.append(first)
                first += list.count
            }
        }

        /// One part of ``merging(_:threads:)``: the strings in the given ranges
        /// of each list's sorted order, merged without repeats, and where each went.
        func mergeSorted(_ sorted: [(order: [Int], prefixes: [UInt64])], ranges: [Range<Int>])
            -> (strings: ByteStrings, assignments: [(list: Int, local: Int, position: UInt32)])
        {
            bytes.withUnsafeBufferPointer { allBytes in
                offsets.withUnsafeBufferPointer { allOffsets in
                    merge(sorted, ranges, allBytes.baseAddress ?? UnsafePointer(bitPattern: 1)!, allOffsets)
                }
            }
        }

        private func merge(_ sorted: [(order: [Int], prefixes: [UInt64])], _ ranges: [Range<Int>],
                           _ allBytes: UnsafePointer<UInt8>, _ allOffsets: UnsafeBufferPointer<Int>)
            -> (strings: ByteStrings, assignments: [(list: Int, local: Int, position: UInt32)])
        {
            var cursors = ranges.map(\.lowerBound)
            var bytes: [UInt8] = []
            var offsets = [0]
            var assignments: [(list: Int, local: Int, position: UInt32)] = []
            assignments.reserveCapacity(ranges.reduce(0) { $0 + $1.count })
            /// String `index` (global) compared with string `other`: negative, zero or positive.
            func compare(_ index: Int, _ other: Int) -> Int {
                let aStart = allOffsets[index], aLength = allOffsets[index + 1] - aStart
                let bStart = allOffsets[other], bLength = allOffsets[other + 1] - bStart
                let common = min(aLength, bLength)
                if common > 0 {
                    let order = memcmp(allBytes + aStart, allBytes + bStart, common)
                    if order != 0 { return Int(order) }
                }
                return aLength - bLength
            }
            func current(_ list: Int) -> Int { firsts[list] + sorted[list].order[cursors[list]] }
            /// Whether list `a`'s current string sorts before list `b`'s: by prefix,
            /// then by bytes, then by list (so equal strings come out together).
            func less(_ a: Int, _ b: Int) -> Bool {
                let prefixA = sorted[a].prefixes[cursors[a]], prefixB = sorted[b].prefixes[cursors[b]]
                if prefixA != prefixB { return prefixA < prefixB }
                let order = compare(current(a), current(b))
                return order != 0 ? order < 0 : a < b
            }
            // A binary min-heap of the lists that have strings left in their range.
            var heap = ranges.indices.filter { !ranges[$0].isEmpty }
            func siftDown(_ start: Int) {
                var parent = start
                while true {
                    let left = 2 * parent + 1, right = left + 1
                    var smallest = parent
                    if left < heap.count, less(heap[left], heap[smallest]) { smallest = left }
                    if right < heap.count, less(heap[right], heap[smallest]) { smallest = right }
                    if smallest == parent { return }
                    heap.swapAt(parent, smallest)
                    parent = smallest
                }
            }
            for i in stride(from: heap.count / 2 - 1, through: 0, by: -1) { siftDown(i) }
            var last = -1  // global index of the last string written
            while let list = heap.first {
                let local = sorted[list].order[cursors[list]]
                let index = firsts[list] + local
                if last < 0 || compare(last, index) != 0 {
                    let start = allOffsets[index], end = allOffsets[index + 1]
                    bytes.append(contentsOf: UnsafeBufferPointer(start: allBytes + start, count: end - start))
                    offsets.append(bytes.count)
                    last = index
                }
                assignments.append((list, local, UInt32(offsets.count - 2)))
                cursors[list] += 1
                if cursors[list] == ranges[list].upperBound {
                    heap[0] = heap[heap.count - 1]
                    heap.removeLast()
                }
                if !heap.isEmpty { siftDown(0) }
            }
            return (ByteStrings(bytes: bytes, offsets: offsets), assignments)
        }
    }
}
