import Dispatch
import Foundation

/// Data parallelism the way the engine uses it: split the work into numbered
/// pieces first, run them on up to `threads` threads with
/// `DispatchQueue.concurrentPerform`, and merge the results in piece order, so
/// that the outcome never depends on which thread ran which piece.
enum Parallel {
    /// Runs `body(i)` for every `i` in `0..<count` on up to `threads` threads
    /// and returns the results in index order.
    ///
    /// Each worker takes the next index not yet taken (``NextIndex``) and
    /// writes only its result slot; `concurrentPerform` returning is the
    /// join. Which worker runs which index depends on timing, never the
    /// results, which go by index. (With a fixed share, `w`, `w + workers`,
    /// …, a worker slowed by the machine's other tenants kept the other
    /// waiting at the end of every step: 10–20 ms at the end of a listing's
    /// spelling at 10 M rows, BENCHMARKS.md, stop 25.) With `threads == 1`
    /// (or a single piece) everything runs on the calling thread, which makes
    /// one thread a way to check the parallel path.
    static func map<Result: Sendable>(
        _ count: Int, threads: Int, _ body: @Sendable (Int) -> Result
    ) -> [Result] {
        guard count > 0 else { return [] }
        let workers = min(max(threads, 1), count)
        if workers == 1 { return (0..<count).map(body) }
        var results = [Result?](repeating: nil, count: count)
        let next = NextIndex(count)
        results.withUnsafeMutableBufferPointer { buffer in
            let slots = DisjointWrites(buffer)  // each index is taken, and its slot written, once
            DispatchQueue.concurrentPerform(iterations: workers) { _ in
                while let index = next.take() { slots[index] = body(index) }
            }
        }
        return results.map { $0! }
    }

    /// The indices `0..<count` handed out one at a time, each once, to
    /// whichever worker asks first.
    ///
    /// `@unchecked Sendable`. Proof of safety: `taken` is read and written
    /// only under `lock`.
    final class NextIndex: @unchecked Sendable {
        private let lock = NSLock()
        private var taken = 0
        private let count: Int

        init(_ count: Int) {
            self.count = count
        }

        /// The next index, or `nil` when all have been taken.
        func take() -> Int? {
            lock.withLock {
                guard taken < count else { return nil }
                taken += 1
                return taken - 1
            }
        }
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
