/// A buffer that parallel workers fill at indices no two of them share.
///
/// The pointer stays inside: workers reach the memory only through
/// ``initialize(at:to:)`` and the subscript, and every index is checked
/// against ``count``. ``initialize(at:to:)`` checks with a `precondition`, in
/// release builds too, so a wrong index traps instead of writing past the
/// buffer: two instructions a row of the scatter, 0.1 % of a run. The
/// subscript checks with an `assert`, debug builds only: it is read twice a
/// row in the grouping's day-order check, where a `precondition` cost 0.35 %
/// of a run (BENCHMARKS.md, "DisjointWrites"), and its callers' indices come
/// from the same offsets that sized the buffer.
///
/// Safety argument for `@unchecked Sendable`, which every use must keep:
/// 1. the memory is allocated (or borrowed from an array) before the parallel
///    region and stays valid until after it;
/// 2. during the region each index is written by exactly one worker, and no
///    worker reads an index another worker writes;
/// 3. `concurrentPerform` returns only after every iteration has finished,
///    which orders all writes before any read that follows the region.
/// Under those rules there is no data race, which is what `Sendable` promises.
struct DisjointWrites<Element>: @unchecked Sendable {
    private let base: UnsafeMutablePointer<Element>
    /// The number of slots; valid indices are `0..<count`.
    let count: Int

    init(_ buffer: UnsafeMutableBufferPointer<Element>) {
        base = buffer.baseAddress ?? UnsafeMutablePointer(bitPattern: MemoryLayout<Element>.alignment)!
        count = buffer.count
    }

    /// Writes `value` into slot `index`, which holds no value yet: the
    /// buffers of `Array(unsafeUninitializedCapacity:)`, which a parallel
    /// region fills once each before declaring them initialised. (The
    /// subscript's setter would first release an old value that is not there.)
    /// - Precondition: `0 <= index < count`.
    @inline(__always)
    func initialize(at index: Int, to value: consuming Element) {
        precondition(UInt(bitPattern: index) < UInt(bitPattern: count), "DisjointWrites: index out of range")
        (base + index).initialize(to: value)
    }

    /// The value in slot `index`, which must hold one (the setter replaces it).
    /// - Precondition: `0 <= index < count`, checked in debug builds.
    @inline(__always)
    subscript(index: Int) -> Element {
        get {
            assert(UInt(bitPattern: index) < UInt(bitPattern: count), "DisjointWrites: index out of range")
            return base[index]
        }
        nonmutating set {
            assert(UInt(bitPattern: index) < UInt(bitPattern: count), "DisjointWrites: index out of range")
            base[index] = newValue
        }
    }
}
