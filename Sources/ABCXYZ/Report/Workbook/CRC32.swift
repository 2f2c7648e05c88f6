/// CRC-32 as ZIP uses it (ISO 3309, ITU-T V.42: polynomial 0x04C11DB7,
/// reflected, initial and final value 0xFFFFFFFF), slicing by eight bytes.
///
/// A stored ZIP entry needs its CRC before its bytes, so the workbook writer
/// checksums a sheet in parallel pieces and joins them with
/// ``combine(_:_:secondLength:)`` (zlib's `crc32_combine`).
///
/// ```swift
/// CRC32.checksum(Array("123456789".utf8))   // 0xCBF43926
/// ```
enum CRC32 {
    /// The reflected polynomial.
    static let polynomial: UInt32 = 0xEDB8_8320

    /// Eight tables of 256: `tables[k·256 + b]` is the CRC of byte `b`
    /// followed by `k` zero bytes.
    static let tables: [UInt32] = {
        var tables = [UInt32](repeating: 0, count: 8 * 256)
        for byte in 0..<256 {
            var crc = UInt32(byte)
            for _ in 0..<8 { crc = crc & 1 == 1 ? (crc >> 1) ^ polynomial : crc >> 1 }
            tables[byte] = crc
        }
        for slice in 1..<8 {
            for byte in 0..<256 {
                let previous = tables[(slice - 1) * 256 + byte]
                tables[slice * 256 + byte] = (previous >> 8) ^ tables[Int(previous & 0xFF)]
            }
        }
        return tables
    }()

    /// The CRC of `bytes`, continuing from `crc` (the CRC of what came before;
    /// 0 for none).
    /// - Complexity: O(n), about a byte per cycle.
    static func checksum(_ bytes: UnsafeRawBufferPointer, continuing crc: UInt32 = 0) -> UInt32 {
        var crc = ~crc
        guard var pointer = bytes.baseAddress else { return ~crc }
        var remaining = bytes.count
        tables.withUnsafeBufferPointer { table in
            while remaining >= 8 {
                let low = pointer.loadUnaligned(as: UInt32.self).littleEndian ^ crc
                let high = pointer.loadUnaligned(fromByteOffset: 4, as: UInt32.self).littleEndian
                crc = table[7 * 256 + Int(low & 0xFF)] ^ table[6 * 256 + Int((low >> 8) & 0xFF)]
                    ^ table[5 * 256 + Int((low >> 16) & 0xFF)] ^ table[4 * 256 + Int(low >> 24)]
                    ^ table[3 * 256 + Int(high & 0xFF)] ^ table[2 * 256 + Int((high >> 8) & 0xFF)]
                    ^ table[256 + Int((high >> 16) & 0xFF)] ^ table[Int(high >> 24)]
                pointer += 8
                remaining -= 8
            }
            while remaining > 0 {
                let byte = pointer.load(as: UInt8.self)
                crc = table[Int((crc ^ UInt32(byte)) & 0xFF)] ^ (crc >> 8)
                pointer += 1
                remaining -= 1
            }
        }
        return ~crc
    }

    /// The CRC of an array of bytes.
    static func checksum(_ bytes: [UInt8], continuing crc: UInt32 = 0) -> UInt32 {
        bytes.withUnsafeBytes { checksum($0, continuing: crc) }
    }

    /// The CRC of `A` followed by `B`, from `crc(A)`, `crc(B)` and the length
    /// of `B`: `crc(B)` xor `crc(A)` multiplied by x^(8·length) modulo the
    /// polynomial (zlib's `crc32_combine`).
    /// - Complexity: O(log length).
    static func combine(_ first: UInt32, _ second: UInt32, secondLength: Int) -> UInt32 {
        precondition(secondLength >= 0)
        return multiply(powerOfX(bytes: secondLength), first) ^ second
    }

    /// `a · b` modulo the polynomial, both reflected (bit 31 is x^0).
    private static func multiply(_ a: UInt32, _ b: UInt32) -> UInt32 {
        var a = a, b = b, product: UInt32 = 0
        var mask: UInt32 = 1 << 31
        while a != 0 {
            if a & mask != 0 {
                product ^= b
                a ^= mask
            }
            mask >>= 1
            b = b & 1 == 1 ? (b >> 1) ^ polynomial : b >> 1
        }
        return product
    }

    /// x^(8·bytes) modulo the polynomial, by repeated squaring.
    private static func powerOfX(bytes: Int) -> UInt32 {
        var result: UInt32 = 1 << 31  // x^0
        var square: UInt32 = 1 << 23  // x^8: one zero byte
        var n = bytes
        while n > 0 {
            if n & 1 == 1 { result = multiply(square, result) }
            square = multiply(square, square)
            n >>= 1
        }
        return result
    }
}
