/// A fixed-length array of plain values in memory it owns: the heap, or a
/// ``SpillFile`` when the table is too large for memory (the grouped
/// histories of a billion rows are 16 GB). Reads are bounds-checked; the
/// loops that need speed take the whole buffer (``withUnsafeBufferPointer(_:)``).
///
/// `@unchecked Sendable`. Proof of safety: the memory is written only through
/// ``unsafeMutableBuffer`` by the code that builds the buffer, before it is
/// shared (``ClientHistories``' scatter, each slot by one thread); after that
/// it is only read. It is freed in `deinit`, when no reader is left.
final class RowBuffer<Element: BitwiseCopyable & Sendable>: RandomAccessCollection, @unchecked Sendable {
    private let base: UnsafeMutablePointer<Element>
    let count: Int
    private let spill: SpillFile?

    /// `count` elements, not yet initialized: the builder must write every one
    /// through ``unsafeMutableBuffer`` before anything reads them.
    init(uninitializedCount count: Int, spill: SpillFile? = nil) {
        precondition(count >= 0, "RowBuffer: a negative count")
        self.count = count
        self.spill = spill
        base = RowMemory.allocate(Element.self, capacity: Swift.max(count, 1), in: spill)
    }

    /// No elements.
    convenience init() {
        self.init(uninitializedCount: 0)
    }

    deinit {
        RowMemory.deallocate(base, count: count, in: spill)
    }

    var startIndex: Int { 0 }
    var endIndex: Int { count }

    subscript(position: Int) -> Element {
        precondition(position >= 0 && position < count, "RowBuffer: index out of range")
        return base[position]
    }

    /// The memory, for the builder only (see the type's proof of safety).
    var unsafeMutableBuffer: UnsafeMutableBufferPointer<Element> {
        UnsafeMutableBufferPointer(start: base, count: count)
    }

    func withUnsafeBufferPointer<R>(_ body: (UnsafeBufferPointer<Element>) throws -> R) rethrows -> R {
        try body(UnsafeBufferPointer(start: base, count: count))
    }

    /// Whether the memory is in a temporary file.
    var isSpilled: Bool { spill != nil }
}
