/// Interns byte strings (client and manager ids) to dense integer ids without
/// creating a `String` per row.
///
/// Each parser thread owns one table; ids are local to it and are mapped to the
/// data set's canonical ids when the threads' tables are merged
/// (``ByteStrings/merging(_:)``). Open addressing with linear probing; each slot
/// packs the upper 32 bits of the key's hash with `id + 1`, so a probe usually
/// settles on one 8-byte load and one comparison.
///
/// The table owns raw memory and is noncopyable so that it is freed exactly
/// once; it never leaves the thread that fills it (``frozen()`` copies the keys
/// into a `Sendable` value).
struct ByteStringTable: ~Copyable {
    private var slots: UnsafeMutablePointer<UInt64>
    private var slotMask: Int
    private var starts: UnsafeMutablePointer<Int>  // starts[id]; starts[count] = end of arena
    private var startsCapacity: Int
    private var arena: UnsafeMutablePointer<UInt8>
    private var arenaCapacity: Int
    /// The number of distinct strings interned.
    private(set) var count = 0

    init(expectedCount: Int = 1024) {
        var slotCount = 16
        while slotCount < expectedCount * 2 { slotCount <<= 1 }
        slots = .allocate(capacity: slotCount)
        slots.initialize(repeating: 0, count: slotCount)
        slotMask = slotCount - 1
        startsCapacity = max(expectedCount, 16) + 1
        starts = .allocate(capacity: startsCapacity)
        starts[0] = 0
        arenaCapacity = max(expectedCount * 16, 256)
        arena = .allocate(capacity: arenaCapacity)
    }

    deinit {
        slots.deallocate()
        starts.deallocate()
        arena.deallocate()
    }

    /// The id of the `length` bytes at `bytes`, adding them if new.
    /// `isNew` is `true` the first time a string is seen.
    @inline(__always)
    mutating func intern(_ bytes: UnsafePointer<UInt8>, _ length: Int) -> (id: UInt32, isNew: Bool) {
        let hash = ByteHash.hash(bytes, length)
        let tag = hash & 0xFFFF_FFFF_0000_0000
        var slot = Int(truncatingIfNeeded: hash) & slotMask
        while true {
            let entry = slots[slot]
            if entry == 0 { break }
            if entry & 0xFFFF_FFFF_0000_0000 == tag {
                let id = Int(entry & 0xFFFF_FFFF) - 1
                let start = starts[id]
                if starts[id + 1] - start == length,
                   length == 0 || memoryEqual(arena + start, bytes, length)
                {
                    return (UInt32(id), false)
                }
            }
            slot = (slot + 1) & slotMask
        }
        let id = count
        append(bytes, length)
        slots[slot] = tag | UInt64(id + 1)
        if count * 2 > slotMask + 1 { grow() }
        return (UInt32(id), true)
    }

    /// The bytes of `id`, valid until the next mutation.
    func bytes(of id: Int) -> UnsafeBufferPointer<UInt8> {
        UnsafeBufferPointer(start: arena + starts[id], count: starts[id + 1] - starts[id])
    }

    /// The interned strings in id order, as a `Sendable` value.
    func frozen() -> ByteStrings {
        let arenaLength = starts[count]
        let bytes = [UInt8](UnsafeBufferPointer(start: arena, count: arenaLength))
        let offsets = [Int](UnsafeBufferPointer(start: starts, count: count + 1))
        return ByteStrings(bytes: bytes, offsets: offsets)
    }

    private mutating func append(_ bytes: UnsafePointer<UInt8>, _ length: Int) {
        let start = starts[count]
        if start + length > arenaCapacity {
            var capacity = arenaCapacity * 2
            while start + length > capacity { capacity *= 2 }
            let bigger = UnsafeMutablePointer<UInt8>.allocate(capacity: capacity)
            bigger.update(from: arena, count: start)
            arena.deallocate()
            arena = bigger
            arenaCapacity = capacity
        }
        (arena + start).update(from: bytes, count: length)
        if count + 2 > startsCapacity {
            let capacity = startsCapacity * 2
            let bigger = UnsafeMutablePointer<Int>.allocate(capacity: capacity)
            bigger.update(from: starts, count: count + 1)
            starts.deallocate()
            starts = bigger
            startsCapacity = capacity
        }
        count += 1
        starts[count] = start + length
    }

    private mutating func grow() {
        let slotCount = (slotMask + 1) * 2
        let bigger = UnsafeMutablePointer<UInt64>.allocate(capacity: slotCount)
        bigger.initialize(repeating: 0, count: slotCount)
        let mask = slotCount - 1
        for old in 0...slotMask where slots[old] != 0 {
            let entry = slots[old]
            let id = Int(entry & 0xFFFF_FFFF) - 1
            let start = starts[id]
            let hash = ByteHash.hash(arena + start, starts[id + 1] - start)
            var slot = Int(truncatingIfNeeded: hash) & mask
            while bigger[slot] != 0 { slot = (slot + 1) & mask }
            bigger[slot] = entry
        }
        slots.deallocate()
        slots = bigger
        slotMask = mask
    }
}

@inline(__always)
func memoryEqual(_ a: UnsafePointer<UInt8>, _ b: UnsafePointer<UInt8>, _ length: Int) -> Bool {
    var i = 0
    while i + 8 <= length {
        if UnsafeRawPointer(a + i).loadUnaligned(as: UInt64.self)
            != UnsafeRawPointer(b + i).loadUnaligned(as: UInt64.self) { return false }
        i += 8
    }
    while i < length {
        if a[i] != b[i] { return false }
        i += 1
    }
    return true
}

/// A fast, well-mixed hash of a short byte string (ids are mostly under 32
/// bytes). Reads eight bytes at a time and never past the end of the string.
enum ByteHash {
    @inline(__always)
    static func hash(_ bytes: UnsafePointer<UInt8>, _ length: Int) -> UInt64 {
        var h: UInt64 = 0x9E37_79B9_7F4A_7C15 ^ UInt64(truncatingIfNeeded: length)
        var i = 0
        while i + 8 <= length {
            let word = UnsafeRawPointer(bytes + i).loadUnaligned(as: UInt64.self)
            h = (h ^ word) &* 0xFF51_AFD7_ED55_8CCD
            h ^= h >> 32
            i += 8
        }
        if i < length {
            var word: UInt64 = 0
            var shift: UInt64 = 0
            while i < length {
                word |= UInt64(bytes[i]) << shift
                shift += 8
                i += 1
            }
            h = (h ^ word) &* 0xFF51_AFD7_ED55_8CCD
        }
        // murmur3's finaliser: every input bit reaches every output bit.
        h ^= h >> 33
        h = h &* 0xC4CE_B9FE_1A85_EC53
        h ^= h >> 33
        return h
    }
}
