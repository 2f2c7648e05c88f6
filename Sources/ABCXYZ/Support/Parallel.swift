import Dispatch

/// Data parallelism the way the engine uses it: split the work into numbered
/// pieces first, run them on up to `threads` threads with
/// `DispatchQueue.concurrentPerform`, and merge the results in piece order, so
/// that the outcome never depends on which thread ran which piece.
enum Parallel {
    /// Runs `body(i)` for every `i` in `0..<count` on up to `threads` threads
    /// and returns the results in index order.
    ///
    /// Worker `w` takes the indices `w`, `w + workers`, … and writes only
    /// their result slots: no lock, no shared counter, and the assignment of
    /// work to threads is fixed. `concurrentPerform` returning is the join.
    /// With `threads == 1` (or a single piece) everything runs on the calling
    /// thread, which makes one thread a way to check the parallel path.
    static func map<Result: Sendable>(
        _ count: Int, threads: Int, _ body: @Sendable (Int) -> Result
    ) -> [Result] {
        guard count > 0 else { return [] }
        let workers = min(max(threads, 1), count)
        if workers == 1 { return (0..<count).map(body) }
        var results = [Result?](repeating: nil, count: count)
        results.withUnsafeMutableBufferPointer { buffer in
            let slots = DisjointWrites(buffer)  // index i is written only by worker i % workers
            DispatchQueue.concurrentPerform(iterations: workers) { worker in
                var index = worker
                while index < count {
                    slots[index] = body(index)
                    index += workers
                }
            }
        }
        return results.map { $0! }
    }

    /// An array of `count` elements made on up to `threads` threads: `fill`
    /// gets each of `parts` contiguous ranges of positions and must initialise
    /// every position of its range, and only those
    /// (``DisjointWrites/initialize(at:to:)``).
    ///
    /// The array starts uninitialised, so its pages are first touched by the
    /// workers and nothing is written twice; the ranges cover every position,
    /// so the array is whole when the region ends. `fill` runs once per range,
    /// not per element, so its loop stays inline (a closure per element cost
    /// 83 instructions a client).
    static func array<Element>(_ count: Int, threads: Int, parts: Int,
                               _ fill: @Sendable (Range<Int>, DisjointWrites<Element>) -> Void) -> [Element] {
        let ranges = Parallel.ranges(count, parts: parts)
        return [Element](unsafeUninitializedCapacity: count) { buffer, initialized in
            let output = DisjointWrites(buffer)  // each range writes only its own positions
            forEach(ranges.count, threads: threads) { range in fill(ranges[range], output) }
            initialized = count
        }
    }

    /// Runs `body(i)` for every `i` in `0..<count` on up to `threads` threads.
    static func forEach(_ count: Int, threads: Int, _ body: @Sendable (Int) -> Void) {
        _ = map(count, threads: threads, body)
    }

    /// Splits `0..<count` into at most `parts` contiguous ranges of nearly equal
    /// size (empty ranges are left out).
    static func ranges(_ count: Int, parts: Int) -> [Range<Int>] {
        let parts = max(1, min(parts, count))
        guard count > 0 else { return [] }
        return (0..<parts).map { part in
            (count * part / parts)..<(count * (part + 1) / parts)
        }
    }
}
