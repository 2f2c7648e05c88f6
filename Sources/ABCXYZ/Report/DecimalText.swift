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
    static func appendFixed(_ value: Double, digits: Int, to bytes: inout [UInt8]) {
        precondition(digits >= 0 && digits <= 6 && value.isFinite)
        var power: UInt128 = 1
        for _ in 0..<digits { power *= 10 }
        if value.sign == .minus, value != 0 { bytes.append(UInt8(ascii: "-")) }
        let magnitude = value.magnitude
        guard magnitude < Double(1 << 62) / Double(power) else {
            bytes.append(contentsOf: "\(magnitude)".utf8)
            return
        }
        var scaled: UInt128 = 0
        if magnitude != 0 {
            let significand = UInt128(magnitude.significandBitPattern)
                | (magnitude.isNormal ? UInt128(1) << 52 : 0)
            let exponent = (magnitude.isNormal ? Int(magnitude.exponent) : -1022) - 52
            let product = significand * power  // < 2^73
            if exponent >= 0 {
                scaled = product << exponent
            } else if -exponent < 127 {
                let shift = -exponent
                let quotient = product >> shift
                let remainder = product & ((UInt128(1) << shift) - 1)
                let half = UInt128(1) << (shift - 1)
                scaled = quotient + ((remainder > half || (remainder == half && quotient & 1 == 1)) ? 1 : 0)
            }
        }
        var integer = scaled / power
        var fraction = scaled % power
        var integerDigits: [UInt8] = []
        repeat {
            integerDigits.append(UInt8(ascii: "0") + UInt8(integer % 10))
            integer /= 10
        } while integer > 0
        bytes.append(contentsOf: integerDigits.reversed())
        guard digits > 0 else { return }
        bytes.append(UInt8(ascii: "."))
        var fractionDigits = [UInt8](repeating: UInt8(ascii: "0"), count: digits)
        for position in stride(from: digits - 1, through: 0, by: -1) {
            fractionDigits[position] = UInt8(ascii: "0") + UInt8(fraction % 10)
            fraction /= 10
        }
        bytes.append(contentsOf: fractionDigits)
    }

    /// Appends a number of days without trailing zeros: `31`, `30.5`, `30.75`.
    static func appendShortest(_ value: Double, to bytes: inout [UInt8]) {
        if value == value.rounded(), value.magnitude < 1e15 {
            appendInteger(Int64(value), to: &bytes)
        } else {
            bytes.append(contentsOf: value.description.utf8)
        }
    }

    @inline(__always)
    static func appendInteger(_ value: some BinaryInteger, to bytes: inout [UInt8]) {
        if value < 0 { bytes.append(UInt8(ascii: "-")) }
        var magnitude = UInt64(value.magnitude)
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
