/// A non-negative decimal number held exactly, as `numerator / 10^digits`.
///
/// Pareto cut points are compared exactly (SPEC §3): with `a = 0.80` the test
/// `before / T < a` becomes `before · 100 < 80 · T` in 128-bit integers, so no
/// rounding of 0.8 in binary can move a client across a class boundary.
///
/// A float literal keeps the digits you wrote: `0.95` is 95/100, because the
/// literal's shortest round-trip spelling is read back as a decimal.
public struct DecimalFraction: Hashable, Sendable, Comparable, CustomStringConvertible,
    ExpressibleByFloatLiteral, LosslessStringConvertible
{
    /// The digits as an integer: 80 for `0.80`.
    public let numerator: Int64
    /// How many of them are fraction digits: 2 for `0.80`.
    public let fractionDigits: Int

    /// The most fraction digits accepted; enough for any threshold, small
    /// enough that every comparison fits in 128 bits.
    public static let maximumFractionDigits = 9

    /// One whole.
    public static let one = DecimalFraction("1")!

    /// `10^fractionDigits`.
    public var denominator: Int64 {
        var value: Int64 = 1
        for _ in 0..<fractionDigits { value *= 10 }
        return value
    }

    /// Parses a plain decimal such as `0.8`, `0.95`, `1` or `.5`; returns `nil`
    /// for signs, exponents, other characters or more than
    /// ``maximumFractionDigits`` fraction digits.
    public init?(_ text: String) {
        let bytes = Array(text.utf8)
        var numerator: Int64 = 0
        var fractionDigits = 0
        var seenPoint = false
        var seenDigit = false
        var integerDigits = 0
        for byte in bytes {
            if byte == UInt8(ascii: ".") {
                guard !seenPoint else { return nil }
                seenPoint = true
            } else if byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") {
                seenDigit = true
                if seenPoint {
                    fractionDigits += 1
                    guard fractionDigits <= DecimalFraction.maximumFractionDigits else { return nil }
                } else {
                    integerDigits += 1
                    guard integerDigits <= 9 else { return nil }
                }
                numerator = numerator * 10 + Int64(byte - UInt8(ascii: "0"))
            } else {
                return nil
            }
        }
        guard seenDigit else { return nil }
        self.numerator = numerator
        self.fractionDigits = fractionDigits
    }

    /// Reads the literal's shortest decimal spelling: `0.8` is exactly 8/10.
    public init(floatLiteral value: Double) {
        guard let exact = DecimalFraction(DecimalFraction.plainSpelling(of: value)) else {
            preconditionFailure("\(value) is not a plain non-negative decimal with at most 9 fraction digits")
        }
        self = exact
    }

    /// The value as a `Double`, for display and for code that needs no exactness.
    public var doubleValue: Double {
        Double(numerator) / Double(denominator)
    }

    /// `true` when `part / whole < self`, decided exactly: compares
    /// `part · 10^digits` with `numerator · whole` as 128-bit products.
    /// - Precondition: `0 ≤ part` and `0 < whole` (both below 2^63).
    @inline(__always)
    func exceeds(part: Int64, of whole: Int64) -> Bool {
        let left = UInt64(part).multipliedFullWidth(by: UInt64(denominator))
        let right = UInt64(whole).multipliedFullWidth(by: UInt64(numerator))
        return left.high != right.high ? left.high < right.high : left.low < right.low
    }

    /// Compares the values, not the spellings: `0.8 < 0.85`.
    public static func < (lhs: DecimalFraction, rhs: DecimalFraction) -> Bool {
        let digits = max(lhs.fractionDigits, rhs.fractionDigits)
        return lhs.scaled(to: digits) < rhs.scaled(to: digits)
    }

    /// Equal values are equal whatever their digits: `0.8 == 0.80`.
    public static func == (lhs: DecimalFraction, rhs: DecimalFraction) -> Bool {
        let digits = max(lhs.fractionDigits, rhs.fractionDigits)
        return lhs.scaled(to: digits) == rhs.scaled(to: digits)
    }

    /// Hashes the value at the widest scale, so that `0.8` and `0.80` hash alike, as `==` needs.
    public func hash(into hasher: inout Hasher) {
        hasher.combine(scaled(to: DecimalFraction.maximumFractionDigits))
    }

    /// The shortest plain spelling, `0.8`, `0.95`, `1`.
    public var description: String {
        guard fractionDigits > 0 else { return String(numerator) }
        var digits = String(numerator)
        while digits.count <= fractionDigits { digits = "0" + digits }
        let cut = digits.index(digits.endIndex, offsetBy: -fractionDigits)
        var fraction = String(digits[cut...])
        while fraction.hasSuffix("0") { fraction.removeLast() }
        return fraction.isEmpty ? String(digits[..<cut]) : "\(digits[..<cut]).\(fraction)"
    }

    private func scaled(to digits: Int) -> Int128 {
        var value = Int128(numerator)
        for _ in fractionDigits..<digits { value *= 10 }
        return value
    }

    /// `Double.description` without exponent notation, e.g. 1e-05 → 0.00001.
    private static func plainSpelling(of value: Double) -> String {
        let text = value.description
        guard let e = text.firstIndex(where: { $0 == "e" || $0 == "E" }) else {
            return text.hasSuffix(".0") ? String(text.dropLast(2)) : text
        }
        guard let exponent = Int(text[text.index(after: e)...]), exponent < 0 else { return text }
        let mantissa = String(text[..<e].filter { $0 != "." })
        return "0." + String(repeating: "0", count: -exponent - 1) + mantissa
    }
}
