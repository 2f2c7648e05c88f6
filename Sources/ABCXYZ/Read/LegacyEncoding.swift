/// The legacy code page bytes that are not UTF-8 most likely come from, so
/// the error can say which `iconv -f` converts them.
///
/// Two code pages cover nearly every such export we meet: Windows-1251 (1C
/// and old Excel in Russia and Ukraine) and GB18030/GBK (Chinese Windows).
/// Their bytes overlap: any pair of bytes ≥ 0x81 may be a GBK character, and
/// any byte is a cp1251 one. ``guess(_:)`` decides by byte patterns:
///
/// 1. Bytes that are not well-formed GB18030 (a byte ≥ 0x81 not followed by a
///    valid second byte, such as an odd run of high bytes before a `;`) are
///    Windows-1251.
/// 2. Otherwise each run of bytes ≥ 0x80 is read as a cp1251 word. A word is
///    *Cyrillic-shaped* when all its bytes are cp1251 letters and its case is
///    `слово`, `Слово` or `СЛОВО`. GB18030 when more runs are not
///    Cyrillic-shaped than are (Chinese text read as cp1251 is a jumble of
///    cases and punctuation: `客户` is `їН»§`); Windows-1251 otherwise.
public enum LegacyEncoding: String, Hashable, Sendable {
    /// Cyrillic Windows: 1C and older Excel exports from Russia and Ukraine.
    case windows1251 = "Windows-1251"
    /// Chinese: GB18030, the superset of the GBK that Simplified Chinese Windows writes.
    case gb18030 = "GB18030"

    /// The name `iconv -f` takes.
    public var iconvName: String {
        switch self {
        case .windows1251: "cp1251"
        case .gb18030: "gb18030"
        }
    }

    /// The code page `bytes` (not UTF-8) were most likely written in.
    static func guess(_ bytes: UnsafeBufferPointer<UInt8>) -> LegacyEncoding {
        guard isGB18030(bytes) else { return .windows1251 }
        var shaped = 0, jumbled = 0
        var i = 0
        while i < bytes.count {
            guard bytes[i] >= 0x80 else {
                i += 1
                continue
            }
            var j = i
            while j < bytes.count, bytes[j] >= 0x80 { j += 1 }
            if isCyrillicShaped(UnsafeBufferPointer(rebasing: bytes[i..<j])) { shaped += 1 } else { jumbled += 1 }
            i = j
        }
        return jumbled > shaped ? .gb18030 : .windows1251
    }

    /// Every byte ≥ 0x80 starts a GB18030 sequence: two bytes (0x81–0xFE, then
    /// 0x40–0x7E or 0x80–0xFE) or four (0x81–0xFE, 0x30–0x39, 0x81–0xFE, 0x30–0x39).
    private static func isGB18030(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        var i = 0
        let n = bytes.count
        while i < n {
            let lead = bytes[i]
            if lead < 0x80 {
                i += 1
                continue
            }
            guard (0x81...0xFE).contains(lead), i + 1 < n else { return false }
            let second = bytes[i + 1]
            if (0x40...0x7E).contains(second) || (0x80...0xFE).contains(second) {
                i += 2
            } else if (0x30...0x39).contains(second), i + 3 < n, (0x81...0xFE).contains(bytes[i + 2]),
                      (0x30...0x39).contains(bytes[i + 3])
            {
                i += 4
            } else {
                return false
            }
        }
        return true
    }

    /// A cp1251 word in one of the cases Russian and Ukrainian are written in.
    private static func isCyrillicShaped(_ word: UnsafeBufferPointer<UInt8>) -> Bool {
        var cases: [Bool] = []  // true: upper case
        cases.reserveCapacity(word.count)
        for byte in word {
            guard let upper = cp1251LetterCase(byte) else { return false }
            cases.append(upper)
        }
        let tail = cases.dropFirst()
        return tail.allSatisfy { !$0 } || cases.allSatisfy { $0 }
    }

    /// Whether a cp1251 byte is an upper-case letter (`true`), a lower-case one
    /// (`false`), or no letter (`nil`): А–Я, а–я, and Ё Є І Ї Ґ Ў with their small forms.
    private static func cp1251LetterCase(_ byte: UInt8) -> Bool? {
        switch byte {
        case 0xC0...0xDF, 0xA8, 0xAA, 0xB2, 0xAF, 0xA5, 0xA1: true
        case 0xE0...0xFF, 0xB8, 0xBA, 0xB3, 0xBF, 0xB4, 0xA2: false
        default: nil
        }
    }
}
