/// Interns byte strings (client and manager ids) to dense integer ids without
/// creating a `String` per row.
///
/// Each parser thread owns one table; ids are local to it and are mapped to the
/// data set's canonical ids when the threads' tables are merged
/// (``ByteStrings/merging(_:)``).
///
/// Open addressing with linear probing over 24-byte entries: a word packing
/// 24 bits of the hash, the length (up to 255) and the id, then the first 16
/// bytes of the key. Ids are nearly always 16 bytes or shorter, so a lookup
/// reads one entry and never touches the key store; longer keys compare their
/// tail there. (With two threads, each table holds nearly every client: a
/// smaller entry keeps both tables in the shared cache longer.)
///
/// The table owns raw memory and is noncopyable so that it is freed exactly
/// once; it never leaves the thread that fills it (``frozen()`` copies the keys
/// into a `Sendable` value).
struct ByteStringTable: ~Copyable {
    /// `3 × slotCount` words: tag << 40 | min(length, 255) << 32 | (id + 1) (0 when
    /// empty), then the two prefix words.
    private var entries: UnsafeMutablePointer<UInt64>
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
        entries = .allocate(capacity: slotCount * 3)
        entries.initialize(repeating: 0, count: slotCount * 3)
        slotMask = slotCount - 1
        startsCapacity = max(expectedCount, 16) + 1
        starts = .allocate(capacity: startsCapacity)
        starts[0] = 0
        arenaCapacity = max(expectedCount * 16, 256)
        arena = .allocate(capacity: arenaCapacity)
    }

    deinit {
        entries.deallocate()
        starts.deallocate()
        arena.deallocate()
    }

    /// The id of the `length` bytes at `bytes`, adding them if new; `isNew` is
    /// `true` the first time a string is seen. `readable` is how many bytes may
    /// be read from `bytes` (at least `length`): with 16 or more the key's
    /// prefix is read in two loads.
    @inline(__always)
    mutating func intern(_ bytes: UnsafePointer<UInt8>, _ length: Int, readable: Int) -> (id: UInt32, isNew: Bool) {
        let key = Key(bytes, length, readable: readable)
        return intern(bytes, key)
    }

    /// A key's prefix words and hash, computed once so that a caller can
    /// ``touch(_:)`` its slot early and ``intern(_:_:)`` it later.
    struct Key {
        var length: Int
        var word0: UInt64
        var word1: UInt64
        var hash: UInt64

        @inline(__always)
        init(_ bytes: UnsafePointer<UInt8>, _ length: Int, readable: Int) {
            self.length = length
            (word0, word1) = ByteHash.prefix(bytes, length, readable: readable)
            hash = ByteHash.hash(bytes, length, prefix: (word0, word1))
        }
    }

    /// Reads the slot `key` hashes to and returns its first word: a load the
    /// caller issues for many keys in a row, so that their cache misses
    /// overlap instead of each waiting for the last.
    @inline(__always)
    func touch(_ key: Key) -> UInt64 {
        // An entry is 24 bytes: one in three spans two cache lines, so read both ends.
        let entry = entries + (Int(truncatingIfNeeded: key.hash) & slotMask) &* 3
        return entry[0] &+ entry[2]
    }

    /// ``intern(_:_:readable:)`` for a key already hashed.
    @inline(__always)
    mutating func intern(_ bytes: UnsafePointer<UInt8>, _ key: Key) -> (id: UInt32, isNew: Bool) {
        let length = key.length
        let head = ByteStringTable.head(hash: key.hash, length: length)
        var slot = Int(truncatingIfNeeded: key.hash) & slotMask
        while true {
            let entry = entries + slot &* 3
            let word = entry[0]
            if word == 0 { break }
            if word & 0xFFFF_FFFF_0000_0000 == head, entry[1] == key.word0, entry[2] == key.word1 {
                let id = Int(word & 0xFFFF_FFFF) - 1
                if length <= 16
                    || (starts[id + 1] - starts[id] == length
                        && memoryEqual(arena + starts[id] + 16, bytes + 16, length - 16))
                {
                    return (UInt32(id), false)
                }
            }
            slot = (slot + 1) & slotMask
        }
        let id = count
        append(bytes, length)
        let entry = entries + slot &* 3
        entry[0] = head | UInt64(id + 1)
        entry[1] = key.word0
        entry[2] = key.word1
        if count * 2 > slotMask + 1 { grow() }
        return (UInt32(id), true)
    }

    /// The upper word half of an entry: 24 bits of the hash, then the length (saturated at 255).
    @inline(__always)
    private static func head(hash: UInt64, length: Int) -> UInt64 {
        (hash & 0xFFFF_FF00_0000_0000) | UInt64(min(length, 255)) << 32
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

    /// Doubles the table. Keys are re-inserted in id order, reading the key
    /// store front to back rather than at random through the old slots.
    private mutating func grow() {
        let slotCount = (slotMask + 1) * 2
        let bigger = UnsafeMutablePointer<UInt64>.allocate(capacity: slotCount * 3)
        bigger.initialize(repeating: 0, count: slotCount * 3)
        let mask = slotCount - 1
        let used = starts[count]
        for id in 0..<count {
            let start = starts[id], length = starts[id + 1] - start
            let key = Key(arena + start, length, readable: used - start)
            var slot = Int(truncatingIfNeeded: key.hash) & mask
            while bigger[slot * 3] != 0 { slot = (slot + 1) & mask }
            let entry = bigger + slot * 3
            entry[0] = ByteStringTable.head(hash: key.hash, length: length) | UInt64(id + 1)
            entry[1] = key.word0
            entry[2] = key.word1
        }
        entries.deallocate()
        entries = bigger
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

/// Hashing short byte strings: ids are mostly under 16 bytes, so the hash is
/// taken from the first 16 bytes (as two little-endian words, zero-padded)
/// and the length, and only longer keys read further.
enum ByteHash {
    /// The first 16 bytes of a key as two words, zero beyond the key. Reads
    /// 16 bytes at once when `readable` allows, never past it.
    @inline(__always)
    static func prefix(_ bytes: UnsafePointer<UInt8>, _ length: Int, readable: Int) -> (UInt64, UInt64) {
        if readable >= 16 {
            var word0 = UnsafeRawPointer(bytes).loadUnaligned(as: UInt64.self)
            var word1 = UnsafeRawPointer(bytes + 8).loadUnaligned(as: UInt64.self)
            if length < 16 {
                if length <= 8 {
                    word1 = 0
                    if length < 8 { word0 &= (UInt64(1) &<< UInt64(length &* 8)) &- 1 }
                } else {
                    word1 &= (UInt64(1) &<< UInt64((length &- 8) &* 8)) &- 1
                }
            }
            return (word0, word1)
        }
        var words: (UInt64, UInt64) = (0, 0)
        for i in 0..<min(length, 16) {
            if i < 8 { words.0 |= UInt64(bytes[i]) << UInt64(i * 8) } else { words.1 |= UInt64(bytes[i]) << UInt64((i - 8) * 8) }
        }
        return words
    }

    @inline(__always)
    static func hash(_ bytes: UnsafePointer<UInt8>, _ length: Int, prefix: (UInt64, UInt64)) -> UInt64 {
        var h = (prefix.0 ^ 0x9E37_79B9_7F4A_7C15) &* 0xFF51_AFD7_ED55_8CCD
        h = (h ^ (h >> 29) ^ prefix.1 ^ UInt64(truncatingIfNeeded: length)) &* 0xC4CE_B9FE_1A85_EC53
        if length > 16 {
            var i = 16
            while i < length {
                var word: UInt64 = 0
                if i + 8 <= length {
                    word = UnsafeRawPointer(bytes + i).loadUnaligned(as: UInt64.self)
                } else {
                    for k in 0..<(length - i) { word |= UInt64(bytes[i + k]) << UInt64(k * 8) }
                }
                h = (h ^ (h >> 29) ^ word) &* 0xFF51_AFD7_ED55_8CCD
                i += 8
            }
        }
        // murmur3's finaliser: every input bit reaches every output bit.
        h ^= h >> 33
        h = h &* 0xC4CE_B9FE_1A85_EC53
        h ^= h >> 33
        return h
    }

    /// The hash of a whole key held in memory that may end right after it.
    static func hash(_ bytes: UnsafePointer<UInt8>, _ length: Int) -> UInt64 {
        hash(bytes, length, prefix: prefix(bytes, length, readable: length))
    }
}
