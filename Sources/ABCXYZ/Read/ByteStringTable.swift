import CPrefetch

/// Interns byte strings (client and manager ids) to dense integer ids without
/// creating a `String` per row.
///
/// Each parser thread owns its tables (for clients, one per partition,
/// ``ClientIDTables``); ids are local to a table and are mapped to the data
/// set's canonical ids when the threads' tables are merged
/// (``ByteStrings/merging(_:threads:)``).
///
/// Open addressing with linear probing over 24-byte entries: a word packing
/// 24 bits of the hash, the length (up to 255) and the id, then the first 16
/// bytes of the key. Ids are nearly always 16 bytes or shorter, so a lookup
/// reads one entry and never touches the key store; longer keys compare their
/// tail there. (With two threads, each table holds nearly every client: a
/// smaller entry keeps both tables in the shared cache longer.) Large tables'
/// entries live in 2 MiB pages (``ZeroedPages``), so a lookup misses the
/// cache but not the TLB as well.
///
/// Ids come from a file anyone can write, so the hash is keyed with a seed
/// drawn from the system's random source for every table: ids crafted to
/// collide under one hash (quadratic probing, 4 s for 80 000 ids) collide
/// under no other. As a second line, an insertion that probes more than
/// ``probeLimit`` slots rebuilds the table with a new seed, and after two such
/// rebuilds with SipHash (Swift's `Hasher`). Ids are numbered in insertion
/// order, never by slot, so nothing the tables give depends on the seed.
///
/// The table owns raw memory and is noncopyable so that it is freed exactly
/// once; it never leaves the thread that fills it (``frozen()`` copies the keys
/// into a `Sendable` value). Tests give it a weak hash (``Hashing``) to check the bound.
struct ByteStringTable: ~Copyable {
    /// Which hash the table uses: the keyed one, SipHash after long probes,
    /// or (in tests) a weak one that collides.
    enum Hashing: Hashable {
        case keyed
        case sip
        /// Every key hashes alike, whatever the seed.
        case constantForTesting
        /// Every key hashes alike under `seed` only, like ids crafted against one known seed.
        case collidingUnderSeedForTesting(UInt64)
    }

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
    /// The key of the hash; a new one after each rebuild for a long probe.
    private(set) var seed: UInt64 {
        didSet { secret = KeyedByteHash.secret(seed) }
    }
    /// The second key word, derived from the seed once rather than per hash.
    private var secret: UInt64
    /// The hash; SipHash after two new seeds did not shorten the probes.
    private(set) var hashing: Hashing {
        didSet { usesKeyedHash = hashing == .keyed }
    }
    /// `hashing == .keyed`, stored: the parser's loop tests a flag, not an enum with a payload.
    private var usesKeyedHash: Bool
    /// How many times a long probe made the table start over with a new seed.
    private(set) var rehashCount = 0
    /// ``recentCount`` lines of three words, `(length + 1) << 32 | (id + 1)` (0 when empty) and
    /// the two prefix words: the ids ``internRecent(_:_:readable:)`` looked up last.
    private var recent: UnsafeMutablePointer<UInt64>
    /// How many ids the owner expects the table to end with (0: no forecast,
    /// the table doubles). The parser has it made from the rate new ids came
    /// at lately and how much of its piece is left (``forecast(afterParsing:remaining:)``),
    /// so that a table headed for 250 000 ids grows from 4 096 in two steps,
    /// not six: each growth re-inserts every id into fresh memory (``grownSlotCount()``).
    var forecastCount = 0
    /// ``count`` when the forecast was last made.
    private var countAtForecast = 0

    /// The most slots an insertion may probe before the table is rebuilt. At a
    /// load of at most 1/2, a good hash probes about 2.5 slots on average, and
    /// more than 128 with a chance far below one in 10^10 per insertion.
    static var probeLimit: Int { 128 }

    /// - Parameter seed: the hash's key; a random one (the system's random
    ///   source) unless a test gives it.
    init(expectedCount: Int = 1024, seed: UInt64? = nil, hashing: Hashing = .keyed) {
        self.hashing = hashing
        usesKeyedHash = hashing == .keyed
        var slotCount = 16
        while slotCount < expectedCount * 2 { slotCount <<= 1 }
        entries = Self.allocateEntries(slotCount: slotCount)
        slotMask = slotCount - 1
        startsCapacity = max(expectedCount, 16) + 1
        starts = .allocate(capacity: startsCapacity)
        starts[0] = 0
        arenaCapacity = max(expectedCount * 16, 256)
        arena = .allocate(capacity: arenaCapacity)
        recent = .allocate(capacity: Self.recentCount * 3)
        recent.initialize(repeating: 0, count: Self.recentCount * 3)
        let seed = seed ?? Self.randomSeed()
        self.seed = seed
        secret = KeyedByteHash.secret(seed)
    }

    deinit {
        Self.deallocateEntries(entries, slotCount: slotMask + 1)
        starts.deallocate()
        arena.deallocate()
        recent.deallocate()
    }

    /// A seed from the system's random source, never 0.
    private static func randomSeed() -> UInt64 {
        var generator = SystemRandomNumberGenerator()
        return generator.next() | 1
    }

    /// The id of the `length` bytes at `bytes`, adding them if new; `isNew` is
    /// `true` the first time a string is seen. `readable` is how many bytes may
    /// be read from `bytes` (at least `length`): with 16 or more the key's
    /// prefix is read in two loads.
    @inline(__always)
    mutating func intern(_ bytes: UnsafePointer<UInt8>, _ length: Int, readable: Int) -> (id: UInt32, isNew: Bool) {
        intern(bytes, key(bytes, length, readable: readable))
    }

    /// The lines of the cache of recent ids: managers and categories are a few
    /// dozen strings met again every few rows.
    static var recentCount: Int { 1 << recentLineBits }
    private static var recentLineBits: Int { 6 }

    /// ``intern(_:_:readable:)`` through a small cache of the strings looked up
    /// last, for the managers' and categories' tables: a hit costs a
    /// multiplication and three compares instead of the keyed hash and a probe
    /// (93 instructions a row as the manager's intern was, callgrind). The
    /// cache's hash is not keyed, and need not be: a hit compares the whole
    /// string (its length, at most 16, and both prefix words), so ids crafted to
    /// collide in it only miss it, and the table answers. Ids never change (a
    /// rebuild keeps them), so a line is never stale.
    @inline(__always)
    mutating func internRecent(_ bytes: UnsafePointer<UInt8>, _ length: Int, readable: Int) -> (id: UInt32, isNew: Bool) {
        let (word0, word1) = ByteHash.prefix(bytes, length, readable: readable)
        let lengthTag = UInt64(truncatingIfNeeded: length &+ 1)
        let line = recent + Self.recentLine(word0, word1, lengthTag: lengthTag) &* 3
        let tag = line[0]
        // Lines hold strings of 16 bytes at most: a longer one never matches a line's length.
        if tag >> 32 == lengthTag, line[1] == word0, line[2] == word1 {
            return (UInt32(truncatingIfNeeded: tag) &- 1, false)
        }
        return internMissingRecent(bytes, length, readable: readable, line: line)
    }

    /// The line of the cache for a string's prefix words and `length + 1`.
    @inline(__always)
    static func recentLine(_ word0: UInt64, _ word1: UInt64, lengthTag: UInt64) -> Int {
        let mixed = (word0 ^ (word1 &<< 29 | word1 &>> 35) ^ lengthTag) &* 0x9E37_79B9_7F4A_7C15
        return Int(truncatingIfNeeded: mixed >> UInt64(64 - recentLineBits))
    }

    /// A string not in its line of the cache: looked up in the table, then kept in the line.
    @inline(never)
    private mutating func internMissingRecent(_ bytes: UnsafePointer<UInt8>, _ length: Int, readable: Int,
                                              line: UnsafeMutablePointer<UInt64>) -> (id: UInt32, isNew: Bool) {
        let key = key(bytes, length, readable: readable)
        let result = intern(bytes, key)
        if length <= 16 {
            line[0] = UInt64(truncatingIfNeeded: length &+ 1) << 32 | UInt64(result.id &+ 1)
            line[1] = key.word0
            line[2] = key.word1
        }
        return result
    }

    /// A key's prefix words and hash, computed once so that a caller can
    /// ``prefetch(_:)`` its slot early and ``intern(_:_:)`` it later.
    struct Key {
        var length: Int
        var word0: UInt64
        var word1: UInt64
        /// Taken with the table's seed when the key was made: after the table
        /// starts over with a new seed, `insert` finds it stale and hashes again.
        /// (Four words, so that a key is returned in registers.)
        var hash: UInt64

        /// A key not hashed yet (``key(_:_:readable:)`` hashes it for a table).
        @inline(__always)
        init(_ bytes: UnsafePointer<UInt8>, _ length: Int, readable: Int) {
            self.length = length
            (word0, word1) = ByteHash.prefix(bytes, length, readable: readable)
            hash = 0
        }
    }

    /// The key of the `length` bytes at `bytes`, hashed with this table's seed.
    /// `@inline(always)`: the parser makes the keys of a batch in a small loop
    /// of their own, where Swift 6.3 still declined `@inline(__always)`; as a
    /// call it cost 13 instructions a row more (BENCHMARKS.md, stop 19).
    @inline(always)
    func key(_ bytes: UnsafePointer<UInt8>, _ length: Int, readable: Int) -> Key {
        var key = Key(bytes, length, readable: readable)
        key.hash = hash(bytes, key)
        return key
    }

    /// `key`, whose prefix words are made, hashed with this table's seed: for a
    /// caller that needs the words first (to choose a partition's table).
    @inline(always)
    func hashed(_ key: Key, _ bytes: UnsafePointer<UInt8>) -> Key {
        var key = key
        key.hash = hash(bytes, key)
        return key
    }

    /// The hash of `key` with the current seed. The keyed hash is inlined;
    /// the others are rare and stay out of the parser's loop. The rare path
    /// takes the fields it needs, not `self`: passing `self` made Swift 6.3
    /// copy the whole table (96 bytes) to the stack on every key, even when
    /// the keyed hash was taken (BENCHMARKS.md, stop 19).
    @inline(__always)
    private func hash(_ bytes: UnsafePointer<UInt8>, _ key: Key) -> UInt64 {
        if usesKeyedHash {
            return KeyedByteHash.hash(bytes, key.length, prefix: (key.word0, key.word1), seed: seed, secret: secret)
        }
        return Self.otherHash(bytes, key, hashing: hashing, seed: seed, secret: secret)
    }

    @inline(never)
    private static func otherHash(_ bytes: UnsafePointer<UInt8>, _ key: Key, hashing: Hashing, seed: UInt64,
                                  secret: UInt64) -> UInt64 {
        switch hashing {
        case .keyed: KeyedByteHash.hash(bytes, key.length, prefix: (key.word0, key.word1), seed: seed, secret: secret)
        case .sip: ByteHash.strongHash(bytes, key.length, seed: seed)
        case .constantForTesting: 0x5EED
        case .collidingUnderSeedForTesting(let weak):
            seed == weak ? 0x5EED
                : KeyedByteHash.hash(bytes, key.length, prefix: (key.word0, key.word1), seed: seed, secret: secret)
        }
    }

    /// Asks the cache for the slot `key` hashes to, without waiting for it:
    /// the caller prefetches many keys' slots before it looks them up, so
    /// that their cache misses overlap instead of each waiting for the last.
    @inline(__always)
    func prefetch(_ key: Key) {
        // An entry is 24 bytes: one in three spans two cache lines, so ask for both ends.
        let slot = Int(truncatingIfNeeded: key.hash) & slotMask
        let entry = entries + slot &* 3
        abcxyz_prefetch(entry)
        abcxyz_prefetch(entry + 2)
        // And for the end of the next entry, where a probe that passes this one
        // reads (linear probing, at most half full); the last slot's next is slot 0.
        abcxyz_prefetch(slot < slotMask ? entry + 5 : entries + 2)
    }

    /// ``intern(_:_:readable:)`` for a key already hashed.
    @inline(__always)
    mutating func intern(_ bytes: UnsafePointer<UInt8>, _ key: Key) -> (id: UInt32, isNew: Bool) {
        // A key hashed before the seed changed starts its probe at the wrong
        // slot and its head no longer matches its entry's: it reaches an empty
        // slot, where `insert` hashes it again before adding anything (no entry
        // of another string can match it: the words and bytes are compared).
        // So the check costs the loop nothing.
        let length = key.length
        let head = Self.head(hash: key.hash, length: length)
        var slot = Int(truncatingIfNeeded: key.hash) & slotMask
        var probes = 0
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
            probes += 1
        }
        return (insert(bytes, key, head: head, slot: slot, probes: probes), true)
    }

    /// Adds a new key at the empty `slot` its probe ended on (once per distinct
    /// id, so out of the parser's loop), then grows the table or, after a
    /// probe past the limit, starts over with a new seed.
    @inline(never)
    private mutating func insert(_ bytes: UnsafePointer<UInt8>, _ key: Key, head: UInt64, slot: Int,
                                 probes: Int) -> UInt32 {
        // Only a table that started over can hold a key made before its seed
        // changed; such a key probed from the wrong slot: hash it again and probe again.
        if rehashCount > 0 {
            let fresh = hash(bytes, key)
            if fresh != key.hash {
                var rehashed = key
                rehashed.hash = fresh
                return intern(bytes, rehashed).id
            }
        }
        let id = count
        append(bytes, key.length)
        let entry = entries + slot &* 3
        entry[0] = head | UInt64(id + 1)
        entry[1] = key.word0
        entry[2] = key.word1
        if count * 2 > slotMask + 1 {
            rebuild(slotCount: grownSlotCount())
        } else if probes > Self.probeLimit {
            startOver()
        }
        return UInt32(id)
    }

    /// A probe past the limit: the keys collide under this seed (by chance, far
    /// below once in a file, or by design). Rebuild with a new seed; after two,
    /// with SipHash; if even that probes long, stop checking.
    private mutating func startOver() {
        rehashCount += 1
        if rehashCount > 2 {
            guard hashing != .sip else { return }
            hashing = .sip
        }
        seed = Self.randomSeed()
        rebuild(slotCount: slotMask + 1)
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

    /// The most slots any key sits past the slot it hashes to (for tests of the probe bound).
    func longestDisplacement() -> Int {
        var longest = 0
        let slotCount = slotMask + 1
        let used = starts[count]
        for slot in 0..<slotCount where entries[slot * 3] != 0 {
            let id = Int(entries[slot * 3] & 0xFFFF_FFFF) - 1
            let key = key(arena + starts[id], starts[id + 1] - starts[id], readable: used - starts[id])
            let home = Int(truncatingIfNeeded: key.hash) & slotMask
            longest = max(longest, (slot - home + slotCount) & slotMask)
        }
        return longest
    }

    private mutating func append(_ bytes: UnsafePointer<UInt8>, _ length: Int) {
        let start = starts[count]
        if start + length > arenaCapacity {
            // As the slots grow (``grownSlotCount()``): to the forecast, at the bytes per id so far.
            let bytesPerID = Double(start + length) / Double(count + 1)
            var capacity = Self.grown(arenaCapacity, toHold: bytesPerID * Double(forecastCount), elementBytes: 1)
            while start + length > capacity { capacity *= 2 }
            let bigger = UnsafeMutablePointer<UInt8>.allocate(capacity: capacity)
            bigger.update(from: arena, count: start)
            arena.deallocate()
            arena = bigger
            arenaCapacity = capacity
        }
        (arena + start).update(from: bytes, count: length)
        if count + 2 > startsCapacity {
            let capacity = Self.grown(startsCapacity, toHold: Double(forecastCount + 2),
                                      elementBytes: MemoryLayout<Int>.stride)
            let bigger = UnsafeMutablePointer<Int>.allocate(capacity: capacity)
            bigger.update(from: starts, count: count + 1)
            starts.deallocate()
            starts = bigger
            startsCapacity = capacity
        }
        count += 1
        starts[count] = start + length
    }

    /// Sets ``forecastCount`` after `parsed` more bytes, with `remaining`
    /// left: the ids now, and as many more as the table gained per byte over
    /// those `parsed` bytes, for every byte left. New ids come more slowly as
    /// a file goes on (the regular clients are met first), so the rate of the
    /// latest bytes is an upper bound for the rest of the piece, and a tighter
    /// one than the rate since its start. (No more than one id a byte left,
    /// which also keeps the count an `Int`.)
    mutating func forecast(afterParsing parsed: Int, remaining: Int) {
        let remaining = max(0, remaining)
        let gained = Double(count - countAtForecast) * Double(remaining) / Double(max(1, parsed))
        forecastCount = count + Int(min(gained.rounded(.up), Double(remaining)))
        countAtForecast = count
    }

    /// The number of slots (tests: how the table grew).
    var slotCount: Int { slotMask + 1 }

    /// The slots a full table grows to: twice as many, or up to eight times
    /// at once when ``forecastCount`` needs that many (at a load of 1/2).
    /// Growing in doublings from 4 096 ids to 250 000 took six rebuilds, each
    /// into fresh pages: sized from the start, the 10 M-row parse was 11 %
    /// faster, grown by the forecast 3–5 % (BENCHMARKS.md, stop 34).
    private func grownSlotCount() -> Int {
        Self.grown(slotMask + 1, toHold: 2 * Double(forecastCount), elementBytes: Self.entryBytes(1))
    }

    /// A jump past a doubling stops at this many bytes: what a forecast can
    /// overshoot by is bounded per table, and larger tables only double, as
    /// without a forecast (a billion rows make 192 tables of 12–24 MiB).
    static var jumpLimitBytes: Int { 16 << 20 }

    /// `capacity` doubled, then doubled again while short of `wanted`, up to
    /// eight times `capacity` and while within ``jumpLimitBytes``.
    private static func grown(_ capacity: Int, toHold wanted: Double, elementBytes: Int) -> Int {
        var grown = capacity * 2
        while grown < capacity * 8, Double(grown) < wanted, grown * 2 * elementBytes <= jumpLimitBytes { grown *= 2 }
        return grown
    }

    /// Re-inserts every key into `slotCount` slots with the current seed (to
    /// grow, or to start over). Keys go in id order, reading the key store
    /// front to back rather than at random through the old slots.
    private mutating func rebuild(slotCount: Int) {
        let bigger = Self.allocateEntries(slotCount: slotCount)
        let mask = slotCount - 1
        let used = starts[count]
        for id in 0..<count {
            let start = starts[id], length = starts[id + 1] - start
            let key = key(arena + start, length, readable: used - start)
            var slot = Int(truncatingIfNeeded: key.hash) & mask
            while bigger[slot * 3] != 0 { slot = (slot + 1) & mask }
            let entry = bigger + slot * 3
            entry[0] = Self.head(hash: key.hash, length: length) | UInt64(id + 1)
            entry[1] = key.word0
            entry[2] = key.word1
        }
        Self.deallocateEntries(entries, slotCount: slotMask + 1)
        entries = bigger
        slotMask = mask
    }

    /// Zeroed entries for `slotCount` slots, in huge pages once large (``ZeroedPages``).
    private static func allocateEntries(slotCount: Int) -> UnsafeMutablePointer<UInt64> {
        ZeroedPages.allocate(byteCount: entryBytes(slotCount)).bindMemory(to: UInt64.self, capacity: slotCount * 3)
    }

    private static func deallocateEntries(_ entries: UnsafeMutablePointer<UInt64>, slotCount: Int) {
        ZeroedPages.deallocate(UnsafeMutableRawPointer(entries), byteCount: entryBytes(slotCount))
    }

    /// The bytes of `slotCount` entries of three words.
    private static func entryBytes(_ slotCount: Int) -> Int { slotCount * 3 * MemoryLayout<UInt64>.stride }
}

/// The reader's hash: wyhash's folded 64×64→128-bit multiply, keyed by the
/// seed on both factors, so that which keys collide depends on the seed (a
/// multiply-and-xorshift hash with the seed only xored in lets flipping the
/// top bit of one word and two bits of the other collide for every seed).
enum KeyedByteHash {
    /// The key word paired with `seed`.
    static func secret(_ seed: UInt64) -> UInt64 { seed &* 0x9E37_79B9_7F4A_7C15 ^ 0xE703_7ED1_A0B4_28DB }

    @inline(__always)
    static func mix(_ a: UInt64, _ b: UInt64) -> UInt64 {
        let product = a.multipliedFullWidth(by: b)
        return product.high ^ product.low
    }

    /// The hash of the `length` bytes at `bytes` whose first 16 (zero-padded)
    /// are `prefix`; bytes past 16 are read from `bytes`. `secret` is ``secret(_:)`` of `seed`.
    @inline(__always)
    static func hash(_ bytes: UnsafePointer<UInt8>, _ length: Int, prefix: (UInt64, UInt64), seed: UInt64,
                     secret: UInt64) -> UInt64 {
        var h = mix(prefix.0 ^ seed ^ 0xA076_1D64_78BD_642F, prefix.1 ^ secret)
        if length > 16 {
            var i = 16
            while i < length {
                var word: UInt64 = 0
                if i + 8 <= length {
                    word = UnsafeRawPointer(bytes + i).loadUnaligned(as: UInt64.self)
                } else {
                    for k in 0..<(length - i) { word |= UInt64(bytes[i + k]) << UInt64(k * 8) }
                }
                h = mix(h ^ seed, word ^ 0x8EBC_6AF0_9C88_C6E3)
                i += 8
            }
        }
        // The length last, so keys that differ only by trailing zero bytes differ.
        return mix(h ^ 0x5899_65CC_7537_4CC3, UInt64(truncatingIfNeeded: length) ^ secret)
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

/// The parts of hashing short byte strings: ids are mostly under 16 bytes, so
/// a key's first 16 bytes are read as two little-endian words (zero-padded),
/// and only longer keys read further.
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

    /// SipHash-1-3 (Swift's `Hasher`, itself seeded per process) over the
    /// seed and the key: the fallback when the keyed hash probes too long.
    static func strongHash(_ bytes: UnsafePointer<UInt8>, _ length: Int, seed: UInt64) -> UInt64 {
        var hasher = Hasher()
        hasher.combine(seed)
        hasher.combine(bytes: UnsafeRawBufferPointer(start: bytes, count: length))
        return UInt64(bitPattern: Int64(hasher.finalize()))
    }
}
