/// An exact amount of money, as a whole number of minor units (cents, kopecks).
///
/// The scale (how many minor units make one major unit, as a power of ten) is a
/// property of the data set, not of each amount: ``TransactionTable/scale``
/// says it, and ``formatted(scale:)`` prints with it. No floating point touches
/// money until a user-chosen factor (margin, horizon) is applied (SPEC §1).
///
/// ```swift
/// Money(minorUnits: 123_450).formatted(scale: 2)   // "1234.50"
/// Money(minorUnits: -5).formatted(scale: 2)        // "-0.05"
/// ```
public struct Money: Hashable, Comparable, Sendable, AdditiveArithmetic, CustomStringConvertible {
    /// The amount in minor units.
    public var minorUnits: Int64

    /// `minorUnits` cents (or kopecks, or whatever the data's scale makes them).
    public init(minorUnits: Int64) {
        self.minorUnits = minorUnits
    }

    /// No money: the start of every sum.
    public static let zero = Money(minorUnits: 0)

    /// The exact sum; traps on `Int64` overflow, as Swift's integers do, rather than wrap.
    public static func + (lhs: Money, rhs: Money) -> Money {
        Money(minorUnits: lhs.minorUnits + rhs.minorUnits)
    }

    /// The exact difference; traps on `Int64` overflow rather than wrap.
    public static func - (lhs: Money, rhs: Money) -> Money {
        Money(minorUnits: lhs.minorUnits - rhs.minorUnits)
    }

    /// Less money first; refunds (negative amounts) before any purchase.
    public static func < (lhs: Money, rhs: Money) -> Bool {
        lhs.minorUnits < rhs.minorUnits
    }

    /// A plain decimal with `scale` fraction digits and `.`, no grouping:
    /// the form of SPEC §11.
    public func formatted(scale: Int) -> String {
        var bytes: [UInt8] = []
        MoneyFormat.appendPlain(minorUnits, scale: scale, to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// The minor units as a plain decimal with scale 2, for debugging.
    public var description: String { formatted(scale: 2) }
}

/// Rounding rules for the few places money meets a ratio or a factor.
enum MoneyRounding {
    /// `numerator / denominator` rounded half away from zero (SPEC §1), e.g.
    /// the average order value 18250.00 / 18 = 1013.89.
    /// - Precondition: `denominator > 0`.
    static func divide(_ numerator: Int64, by denominator: Int64) -> Int64 {
        precondition(denominator > 0, "division of money by a non-positive count")
        let quotient = numerator / denominator
        let remainder = numerator % denominator  // same sign as numerator
        // |remainder| / denominator ≥ 1/2  ⟺  2·|remainder| ≥ denominator
        let twice = remainder.magnitude * 2
        guard twice >= denominator.magnitude else { return quotient }
        return numerator < 0 ? quotient - 1 : quotient + 1
    }

    /// A money value scaled by a user factor, rounded half away from zero to a
    /// whole minor unit: the only place a `Double` touches money (SPEC §6).
    /// The product is taken left to right, `(minorUnits × first) × second`, as
    /// SPEC §6 writes `annualValue × horizon × margin`.
    static func scale(_ minorUnits: Int64, by first: Double, _ second: Double) -> Int64 {
        let value = (Double(minorUnits) * first) * second
        return Int64(value.rounded(.toNearestOrAwayFromZero))
    }
}

/// Byte-level money printing shared by the writers.
enum MoneyFormat {
    /// Appends `minorUnits` as a plain decimal with `scale` fraction digits.
    @inline(__always)
    static func appendPlain<Bytes: ByteAppending & ~Copyable>(_ minorUnits: Int64, scale: Int, to bytes: inout Bytes) {
        appendDecimal(minorUnits, scale: scale, groupSeparator: nil, to: &bytes)
    }

    /// Appends `minorUnits` as a decimal with `scale` fraction digits, with the
    /// integer part grouped in threes by `groupSeparator` when one is given.
    /// The digits are built on the stack: no allocation per number.
    static func appendDecimal<Bytes: ByteAppending & ~Copyable>(_ minorUnits: Int64, scale: Int, groupSeparator: UInt8?, to bytes: inout Bytes) {
        var magnitude = minorUnits.magnitude
        var scratch: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)  // 32 bytes: up to 20 digits + padding
        withUnsafeMutableBytes(of: &scratch) { digits in
            var count = 0  // digits[0..<count], least significant first
            repeat {
                digits[count] = UInt8(ascii: "0") &+ UInt8(truncatingIfNeeded: magnitude % 10)
                magnitude /= 10
                count += 1
            } while magnitude > 0
            while count <= scale {
                digits[count] = UInt8(ascii: "0")
                count += 1
            }
            if minorUnits < 0 { bytes.append(UInt8(ascii: "-")) }
            let integerDigits = count - scale
            var position = count - 1
            while position >= scale {
                bytes.append(digits[position])
                let remaining = position - scale
                if let groupSeparator, remaining > 0, remaining % 3 == 0, integerDigits > 3 {
                    bytes.append(groupSeparator)
                }
                position -= 1
            }
            if scale > 0 {
                bytes.append(UInt8(ascii: "."))
                while position >= 0 {
                    bytes.append(digits[position])
                    position -= 1
                }
            }
        }
    }
}
