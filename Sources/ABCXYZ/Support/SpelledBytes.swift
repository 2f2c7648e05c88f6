/// A growable run of bytes for spelling many lines fast: each append checks
/// the capacity and stores, nothing else (an array's append also asks the
/// runtime whether its buffer is shared, a call per byte; BENCHMARKS.md,
/// stop 29). Unique by construction (`~Copyable`), so it frees its memory in
/// `deinit` and no copy can outlive it.
struct SpelledBytes: ~Copyable, ByteAppending {
    private var base: UnsafeMutablePointer<UInt8>
    /// The bytes written: `base[0..<count]`, always within `capacity`.
    private(set) var count = 0
    private var capacity: Int

    init(capacity: Int) {
        self.capacity = max(capacity, 64)
        base = .allocate(capacity: self.capacity)
    }

    deinit {
        base.deallocate()
    }

    @inline(__always)
    mutating func append(_ byte: UInt8) {
        if count == capacity { reserve(1) }
        base[count] = byte
        count += 1
    }

    mutating func append(contentsOf bytes: some Sequence<UInt8>) {
        let copied: Bool? = bytes.withContiguousStorageIfAvailable { buffer in
            guard let source = buffer.baseAddress, !buffer.isEmpty else { return true }
            if capacity - count < buffer.count { reserve(buffer.count) }
            (base + count).initialize(from: source, count: buffer.count)
            count += buffer.count
            return true
        }
        if copied == nil {
            for byte in bytes { append(byte) }
        }
    }

    /// Room for `more` bytes after `count`: the capacity at least doubled.
    private mutating func reserve(_ more: Int) {
        let needed = count + more
        precondition(needed >= count, "SpelledBytes: a size beyond Int")
        let larger = max(needed, capacity * 2)
        let bigger = UnsafeMutablePointer<UInt8>.allocate(capacity: larger)
        bigger.initialize(from: base, count: count)
        base.deallocate()
        base = bigger
        capacity = larger
    }

    /// `count` copies of `byte` after the bytes written (a cell's padding).
    mutating func append(repeating byte: UInt8, count more: Int) {
        guard more > 0 else { return }
        if capacity - count < more { reserve(more) }
        (base + count).initialize(repeating: byte, count: more)
        count += more
    }

    /// `count` copies of `byte` put in at `offset`, the bytes from there on
    /// moved after them (a right-aligned cell's padding, once its width is known).
    mutating func insert(repeating byte: UInt8, count more: Int, at offset: Int) {
        precondition(offset >= 0 && offset <= count, "SpelledBytes: an offset outside the bytes")
        guard more > 0 else { return }
        if capacity - count < more { reserve(more) }
        (base + offset + more).moveInitialize(from: base + offset, count: count - offset)
        (base + offset).initialize(repeating: byte, count: more)
        count += more
    }

    /// Forgets the bytes from `newCount` on (a scratch cell, reused).
    mutating func truncate(to newCount: Int) {
        precondition(newCount >= 0 && newCount <= count, "SpelledBytes: a count outside the bytes")
        count = newCount
    }

    /// Replaces each `byte` written at `start` or after with `replacement`
    /// (a decimal point with a comma, in the field just spelled).
    mutating func replace(_ byte: UInt8, with replacement: UInt8, from start: Int) {
        precondition(start >= 0 && start <= count, "SpelledBytes: a start outside the bytes")
        for offset in start..<count where base[offset] == byte { base[offset] = replacement }
    }

    /// The bytes written, as an array.
    func array() -> [UInt8] {
        Array(UnsafeBufferPointer(start: base, count: count))
    }
}
