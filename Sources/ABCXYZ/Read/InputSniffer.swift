/// What the first bytes of an input say before it is read as CSV text: a
/// compressed file or a workbook, or Unicode text that is not UTF-8.
///
/// UTF-16 and UTF-32 are told by their byte-order mark or, without one, by
/// where the NUL bytes fall: text in UTF-16LE has its NULs at odd offsets
/// (the high byte of every ASCII character), UTF-16BE at even ones, and
/// UTF-32 has two NULs in every four bytes at fixed places. NULs anywhere
/// else mean binary data.
enum InputSniffer {
    /// How many bytes from the start are looked at.
    static let sampleLength = 4096

    /// Why `base[0..<count]` cannot be read as UTF-8 CSV text, or `nil` if it may be.
    static func problem(_ base: UnsafePointer<UInt8>, count: Int) -> ReadError.Reason? {
        let sample = UnsafeBufferPointer(start: base, count: min(count, sampleLength))
        if sample.starts(with: [0xFF, 0xFE, 0x00, 0x00]) { return .wideUnicode("UTF-32") }
        if sample.starts(with: [0x00, 0x00, 0xFE, 0xFF]) { return .wideUnicode("UTF-32") }
        if sample.starts(with: [0xFF, 0xFE]) || sample.starts(with: [0xFE, 0xFF]) { return .wideUnicode("UTF-16") }
        if sample.starts(with: [0x50, 0x4B, 0x03, 0x04]) || sample.starts(with: [0x1F, 0x8B]) { return .notText }
        guard sample.contains(0) else { return nil }
        // NULs by offset modulo 4, over whole groups of four.
        var zeros = [0, 0, 0, 0]
        let groups = sample.count / 4
        for i in 0..<(groups * 4) where sample[i] == 0 { zeros[i & 3] += 1 }
        if groups > 0, zeros[2] == groups, zeros[3] == groups, zeros[0] < groups { return .wideUnicode("UTF-32LE") }
        if groups > 0, zeros[0] == groups, zeros[1] == groups, zeros[3] < groups { return .wideUnicode("UTF-32BE") }
        var even = 0, odd = 0
        for i in sample.indices where sample[i] == 0 {
            if i & 1 == 0 { even += 1 } else { odd += 1 }
        }
        if odd >= 2, even * 20 <= odd { return .wideUnicode("UTF-16LE") }
        if even >= 2, odd * 20 <= even { return .wideUnicode("UTF-16BE") }
        return .notText
    }
}
