/// Number spellings for the machine-readable outputs (SPEC §11), written
/// straight into byte buffers.
enum DecimalText {
    /// Appends `value` with exactly `digits` fraction digits, rounded as C's
    /// `printf("%.*f")` rounds it: the exact binary value, ties to even.
    ///
    /// Exact because a double is `m · 2^e` with `m < 2^53`: `m · 10^digits`
    /// fits in 128 bits for `digits ≤ 6`, and the shift by `e` is done with an
    /// exact remainder. Values of 2^62 / 10^digits and above (never a share or
    /// a cv) use the shortest representation instead.
    static func appendFixed<Bytes: ByteAppending & ~Copyable>(_ value: Double, digits: Int, to bytes: inout Bytes) {
        precondition(digits >= 0 && digits <= 6 && value.isFinite)
        var power: UInt64 = 1
        for _ in 0..<digits { power &*= 10 }
        if value.sign == .minus, value != 0 { bytes.append(UInt8(ascii: "-")) }
        let magnitude = value.magnitude
        guard magnitude < Double(UInt64(1) << 62) / Double(power) else {
            bytes.append(contentsOf: "\(magnitude)".utf8)
            return
        }
        var scaled: UInt64 = 0
        if magnitude != 0 {
            let significand = magnitude.significandBitPattern | (magnitude.isNormal ? UInt64(1) << 52 : 0)
            let exponent = (magnitude.isNormal ? Int(magnitude.exponent) : -1022) - 52
            // significand · 10^digits < 2^73, held exactly as two words.
            let (high, low) = significand.multipliedFullWidth(by: power)
            if exponent >= 0 {
                scaled = low << UInt64(exponent)  // < 2^62 by the guard above
            } else {
                scaled = WideShift.roundedShiftRight(high: high, low: low, by: -exponent)
            }
        }
        // `scaled` < 2^62: a decimal with `digits` fraction digits, as money is printed.
        MoneyFormat.appendPlain(Int64(scaled), scale: digits, to: &bytes)
    }

    /// Appends a number of days without trailing zeros: `31`, `30.5`, `30.75`.
    static func appendShortest<Bytes: ByteAppending & ~Copyable>(_ value: Double, to bytes: inout Bytes) {
        if value == value.rounded(), value.magnitude < 1e15 {
            appendInteger(Int64(value), to: &bytes)
        } else {
            bytes.append(contentsOf: value.description.utf8)
        }
    }

    @inline(__always)
    static func appendInteger<Bytes: ByteAppending & ~Copyable>(_ value: Int64, to bytes: inout Bytes) {
        if value < 0 { bytes.append(UInt8(ascii: "-")) }
        var magnitude = value.magnitude
        var digits: (UInt64, UInt64, UInt64) = (0, 0, 0)  // scratch for up to 20 digits, kept on the stack
        var count = 0
        withUnsafeMutableBytes(of: &digits) { scratch in
            repeat {
                scratch[count] = UInt8(ascii: "0") + UInt8(magnitude % 10)
                magnitude /= 10
                count += 1
            } while magnitude > 0
            for position in stride(from: count - 1, through: 0, by: -1) { bytes.append(scratch[position]) }
        }
    }
}

/// `(high·2^64 + low) / 2^shift`, rounded to nearest with ties to even, on a
/// value below 2^127: what C's printf does with the exact binary value.
enum WideShift {
    static func roundedShiftRight(high: UInt64, low: UInt64, by shift: Int) -> UInt64 {
        precondition(shift > 0)
        guard shift < 128 else { return 0 }  // the value is below 2^127, so below half of 2^shift
        // quotient = value >> shift; the bits shifted out, compared with half.
        let quotient: UInt64
        let remainderAboveHalf: Bool, remainderIsHalf: Bool
        if shift < 64 {
            quotient = (low >> UInt64(shift)) | (high << UInt64(64 - shift))
            let remainder = low & ((UInt64(1) << UInt64(shift)) - 1)
            let half = UInt64(1) << UInt64(shift - 1)
            remainderAboveHalf = remainder > half
            remainderIsHalf = remainder == half
        } else {
            let highShift = shift - 64
            quotient = highShift == 0 ? high : high >> UInt64(highShift)
            // remainder = (high mod 2^highShift)·2^64 + low;  half = 2^(shift−1)
            let highRemainder = highShift == 0 ? 0 : high & ((UInt64(1) << UInt64(highShift)) - 1)
            if highShift == 0 {
                let half = UInt64(1) << 63
                remainderAboveHalf = low > half
                remainderIsHalf = low == half
            } else {
                let halfHigh = UInt64(1) << UInt64(highShift - 1)
                remainderAboveHalf = highRemainder > halfHigh || (highRemainder == halfHigh && low > 0)
                remainderIsHalf = highRemainder == halfHigh && low == 0
            }
        }
        let roundUp = remainderAboveHalf || (remainderIsHalf && quotient & 1 == 1)
        return quotient + (roundUp ? 1 : 0)
    }
}
