/// Checks that bytes are well-formed UTF-8 (no overlongs, no surrogates,
/// nothing above U+10FFFF), as the Unicode Standard's table 3-7 defines it.
///
/// Run once per distinct client or manager id, not per row, so an export in a
/// legacy code page is caught with a clear message instead of printing mojibake.
enum UTF8Validation {
    static func isValid(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        var i = 0
        let n = bytes.count
        while i < n {
            let lead = bytes[i]
            if lead < 0x80 {
                i += 1
                continue
            }
            let width: Int
            var low: UInt8 = 0x80, high: UInt8 = 0xBF
            switch lead {
            case 0xC2...0xDF: width = 2
            case 0xE0: width = 3; low = 0xA0
            case 0xE1...0xEC, 0xEE...0xEF: width = 3
            case 0xED: width = 3; high = 0x9F
            case 0xF0: width = 4; low = 0x90
            case 0xF1...0xF3: width = 4
            case 0xF4: width = 4; high = 0x8F
            default: return false
            }
            guard i + width <= n else { return false }
            guard bytes[i + 1] >= low, bytes[i + 1] <= high else { return false }
            for k in 2..<width where bytes[i + k] & 0xC0 != 0x80 { return false }
            i += width
        }
        return true
    }

    static func isValid(_ bytes: [UInt8]) -> Bool {
        bytes.withUnsafeBufferPointer { isValid($0) }
    }
}
