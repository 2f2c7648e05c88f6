/// Reads a money amount from the bytes of one field into minor units, exactly.
///
/// Accepted (SPEC §9, and where it is silent what an analyst would expect):
/// - an optional `-` or `+`, digits, and an optional decimal separator;
/// - the decimal separator is `.`, or `,` when `,` is not the delimiter;
///   when a field holds both (`1 234,50`, `1,234.50`, `1.234.567,89`) the last
///   one is the decimal separator and the other marks thousands; a separator
///   that occurs twice (`1,234,567`) marks thousands;
/// - thousands separators between digits: space, no-break space (U+00A0),
///   narrow no-break space (U+202F), apostrophe, and `.`/`,` as above; once
///   a number has one, its first group holds 1 to 3 digits and every later
///   group exactly 3 (`1 234 567`), so `1,5` in a comma-delimited file or
///   `1 2 3` is refused rather than read as 15 or 123;
/// - spaces around the value.
/// More fraction digits than the scale are rounded half away from zero
/// (`19.995` → 20.00 at scale 2); the result is below 10^18 minor units
/// (``limit``), checked on every path, so no amount can overflow.
struct AmountParser: Sendable {
    /// Fraction digits of a minor unit: 2 for cents.
    let scale: Int
    /// `false` when `,` is the delimiter, so a lone `,` cannot be decimal.
    let commaIsDecimal: Bool
    private let scalePower: Int64
    /// The fast path takes at most this many integer digits, 15 or `17 − scale`
    /// if fewer: then `integer × 10^scale + fraction + 1` ≤ 10^17 needs no
    /// check (15 digits at scale 4 overflowed); longer numbers take the
    /// checked path.
    private let fastIntegerDigits: Int

    /// Every amount's magnitude is below this many minor units (10^18).
    static let limit: Int64 = 1_000_000_000_000_000_000

    init(scale: Int, commaIsDecimal: Bool) {
        precondition((0...6).contains(scale))
        self.scale = scale
        self.commaIsDecimal = commaIsDecimal
        var power: Int64 = 1
        for _ in 0..<scale { power *= 10 }
        scalePower = power
        fastIntegerDigits = min(15, 17 - scale)
    }

    enum Failure: Error, Hashable, Sendable {
        case empty
        case malformed
        case tooLarge
    }

    /// The amount in minor units, or why it cannot be read.
    @inline(__always)
    func parse(_ field: UnsafeBufferPointer<UInt8>) -> Result<Int64, Failure> {
        var rounded = false
        return parse(field, rounded: &rounded)
    }

    /// ``parse(_:)``, setting `rounded` when a non-zero digit beyond the
    /// scale was dropped (`12.34` at scale 0), so the reader can say how many
    /// amounts the scale changed.
    @inline(__always)
    func parse(_ field: UnsafeBufferPointer<UInt8>, rounded: inout Bool) -> Result<Int64, Failure> {
        if let common = parseCommonShape(field) {
            if common.rounded { rounded = true }
            return .success(common.value)
        }
        return parseGeneral(field, rounded: &rounded)
    }

    /// The fast path: `[-]digits[.digits]` with at most 15 integer digits
    /// (fewer at scale 3 to 6: ``fastIntegerDigits``) and nothing else, the
    /// shape of nearly every row, and whether the scale rounded it; `nil` for
    /// any other shape, which ``parseGeneral(_:rounded:)`` reads byte by
    /// byte. Small, so that the reader's loop inlines it and calls out only
    /// for the rare shapes. `@inline(always)`: Swift 6.3 weighs `@inline(__always)` like any
    /// call and declined this one (`-Rpass-missed=sil-inliner`: cost 127, benefit 36); forced,
    /// the read costs 6 M fewer instructions per 200 k rows (BENCHMARKS.md, stop 18).
    ///
    /// Inline, only the shape exports write: exactly `scale` fraction digits
    /// (`23.35` at scale 2). Its separator's place is known from the length,
    /// and its digits without the separator are the amount in minor units, so
    /// one pass reads them, with no rounding and no multiplication by the
    /// scale. Anything else (`1500`, `23.5`, `-0.125`, a byte that is not a
    /// digit) is read by ``parseCommonShapeOtherwise(_:)``, out of line, as
    /// before (BENCHMARKS.md, stop 19).
    @inline(always)
    func parseCommonShape(_ field: UnsafeBufferPointer<UInt8>) -> (value: Int64, rounded: Bool)? {
        let length = field.count
        guard length > 0, let bytes = field.baseAddress else { return nil }
        let negative = bytes[0] == UInt8(ascii: "-")
        let integerStart = negative ? 1 : 0
        let separatorAt = length &- scale &- 1
        if separatorAt > integerStart, separatorAt &- integerStart <= fastIntegerDigits {
            let separator = bytes[separatorAt]
            if separator == UInt8(ascii: ".") || (separator == UInt8(ascii: ",") && commaIsDecimal) {
                // At most `fastIntegerDigits + scale` ≤ 17 digits: below 10^17, no overflow.
                var magnitude: Int64 = 0
                var allDigits = true
                var i = integerStart
                while i < length {
                    let digit = bytes[i] &- UInt8(ascii: "0")
                    if digit > 9 {
                        if i == separatorAt {
                            i &+= 1
                            continue
                        }
                        allDigits = false
                        break
                    }
                    magnitude = magnitude &* 10 &+ Int64(digit)
                    i &+= 1
                }
                if allDigits { return (negative ? -magnitude : magnitude, false) }
            }
        }
        return parseCommonShapeOtherwise(field)
    }

    /// ``parseCommonShape(_:)`` for the shapes it does not read inline: no
    /// fraction, or fewer or more fraction digits than the scale (padded, or
    /// rounded half away from zero); `nil` for any other shape.
    @inline(never)
    private func parseCommonShapeOtherwise(_ field: UnsafeBufferPointer<UInt8>) -> (value: Int64, rounded: Bool)? {
        let length = field.count
        var i = 0
        var negative = false
        if length > 0, field[0] == UInt8(ascii: "-") {
            negative = true
            i = 1
        }
        var integer: Int64 = 0
        var integerDigits = 0
        while i < length {
            let digit = field[i] &- UInt8(ascii: "0")
            if digit > 9 { break }
            integer = integer &* 10 &+ Int64(digit)
            integerDigits += 1
            i += 1
        }
        guard integerDigits > 0, integerDigits <= fastIntegerDigits else { return nil }
        if i == length { return (fastFinish(integer, fraction: 0, fractionDigits: 0, roundUp: false, negative), false) }
        let separator = field[i]
        guard separator == UInt8(ascii: ".") || (separator == UInt8(ascii: ",") && commaIsDecimal) else { return nil }
        var fraction: Int64 = 0
        var fractionDigits = 0
        var roundUp = false
        var dropped: UInt8 = 0
        var j = i + 1
        while j < length {
            let digit = field[j] &- UInt8(ascii: "0")
            if digit > 9 { return nil }
            if fractionDigits < scale {
                fraction = fraction * 10 + Int64(digit)
                fractionDigits += 1
            } else {
                if fractionDigits == scale {
                    roundUp = digit >= 5
                    fractionDigits += 1
                }
                dropped |= digit
            }
            j += 1
        }
        return (fastFinish(integer, fraction: fraction, fractionDigits: min(fractionDigits, scale), roundUp: roundUp,
                           negative), dropped != 0)
    }

    /// `integer.fraction` in minor units for the fast path, whose digit bound
    /// keeps the result below ``limit`` (so the trapping arithmetic never traps).
    @inline(__always)
    private func fastFinish(_ integer: Int64, fraction: Int64, fractionDigits: Int, roundUp: Bool, _ negative: Bool)
        -> Int64
    {
        var fraction = fraction
        for _ in fractionDigits..<scale { fraction *= 10 }
        var magnitude = integer * scalePower + fraction
        if roundUp { magnitude += 1 }
        return negative ? -magnitude : magnitude
    }

    /// `integer.fraction` in minor units, or ``Failure/tooLarge`` past ``limit``,
    /// with every operation checked.
    private func finish(_ integer: Int64, fraction: Int64, fractionDigits: Int, roundUp: Bool, _ negative: Bool)
        -> Result<Int64, Failure>
    {
        var fraction = fraction
        for _ in fractionDigits..<scale { fraction *= 10 }  // fewer than `scale` digits: below 10^scale
        let (scaled, overflow) = integer.multipliedReportingOverflow(by: scalePower)
        let (magnitude, carry) = scaled.addingReportingOverflow(fraction + (roundUp ? 1 : 0))
        guard !overflow, !carry, magnitude < Self.limit else { return .failure(.tooLarge) }
        return .success(negative ? -magnitude : magnitude)
    }

    /// Every accepted shape, one byte at a time.
    @inline(never)
    func parseGeneral(_ field: UnsafeBufferPointer<UInt8>, rounded: inout Bool) -> Result<Int64, Failure> {
        let result = parseNumber(field, keepingFractionDigits: scale)
        if case .success(let number) = result, number.dropped { rounded = true }
        return result.flatMap { number in
            finish(number.integer, fraction: number.fraction, fractionDigits: number.fractionDigits,
                   roundUp: number.roundUp, number.negative)
        }
    }

    /// A number read exactly, as `mantissa / 10^fractionDigits`, for quantities
    /// and prices (SPEC §9's shapes, as amounts); up to nine fraction digits
    /// are kept, more round half away from zero.
    func parseDecimal(_ field: UnsafeBufferPointer<UInt8>) -> Result<(mantissa: Int64, fractionDigits: Int), Failure> {
        parseNumber(field, keepingFractionDigits: 9).flatMap { number in
            var power: Int64 = 1
            for _ in 0..<number.fractionDigits { power *= 10 }
            let (scaled, overflow) = number.integer.multipliedReportingOverflow(by: power)
            let (magnitude, carry) = scaled.addingReportingOverflow(number.fraction + (number.roundUp ? 1 : 0))
            guard !overflow, !carry else { return .failure(.tooLarge) }
            return .success((number.negative ? -magnitude : magnitude, number.fractionDigits))
        }
    }

    /// `quantity × price` in minor units, rounded half away from zero; `nil`
    /// from ``limit`` on, like an amount read from one field.
    func product(_ quantity: (mantissa: Int64, fractionDigits: Int),
                 _ price: (mantissa: Int64, fractionDigits: Int)) -> Int64? {
        var rounded = false
        return product(quantity, price, rounded: &rounded)
    }

    /// ``product(_:_:)``, setting `rounded` when the product had to be rounded to a minor unit.
    func product(_ quantity: (mantissa: Int64, fractionDigits: Int),
                 _ price: (mantissa: Int64, fractionDigits: Int), rounded: inout Bool) -> Int64? {
        let (raw, overflow) = quantity.mantissa.multipliedReportingOverflow(by: price.mantissa)
        guard !overflow else { return nil }
        // raw / 10^(digits) is the amount; move it to minor units (10^scale).
        let shift = quantity.fractionDigits + price.fractionDigits - scale
        var power: Int64 = 1
        for _ in 0..<abs(shift) { power *= 10 }
        let amount: Int64
        if shift <= 0 {
            let (scaled, overflow) = raw.multipliedReportingOverflow(by: power)
            guard !overflow else { return nil }
            amount = scaled
        } else {
            if raw % power != 0 { rounded = true }
            amount = MoneyRounding.divide(raw, by: power)
        }
        return amount.magnitude < Self.limit.magnitude ? amount : nil
    }

    /// The parts of a number: its integer part, up to `kept` fraction digits,
    /// and whether the digits beyond round the last one up.
    private struct Number {
        var negative = false
        var integer: Int64 = 0
        var fraction: Int64 = 0
        var fractionDigits = 0
        var roundUp = false
        /// A non-zero digit beyond the ones kept was dropped.
        var dropped = false
    }

    /// Every accepted shape, one byte at a time.
    private func parseNumber(_ field: UnsafeBufferPointer<UInt8>, keepingFractionDigits kept: Int)
        -> Result<Number, Failure>
    {
        let length = field.count
        var start = 0
        var end = length
        while start < end, let width = Self.spaceWidth(field, start, end) { start += width }
        while end > start, let width = Self.spaceWidthEnding(field, start, end) { end -= width }
        guard start < end else { return .failure(.empty) }
        var number = Number()
        if field[start] == UInt8(ascii: "-") || field[start] == UInt8(ascii: "+") {
            number.negative = field[start] == UInt8(ascii: "-")
            start += 1
            guard start < end else { return .failure(.malformed) }
        }
        // Which `.` or `,` (if any) is the decimal separator.
        var dots = 0, commas = 0, last = -1
        for k in start..<end where field[k] == UInt8(ascii: ".") || field[k] == UInt8(ascii: ",") {
            if field[k] == UInt8(ascii: ".") { dots += 1 } else { commas += 1 }
            last = k
        }
        var decimalAt = -1
        if last >= 0 {
            let isDot = field[last] == UInt8(ascii: ".")
            let sameKind = isDot ? dots : commas
            let otherKind = isDot ? commas : dots
            if sameKind == 1 && (isDot || commaIsDecimal || otherKind > 0) { decimalAt = last }
        }
        var integerDigits = 0
        var inFraction = false
        var previousWasDigit = false
        var sawDigit = false
        // Thousands groups: digits since the last separator, and whether one was seen.
        var groupDigits = 0
        var grouped = false
        var k = start
        while k < end {
            let byte = field[k]
            let digit = byte &- UInt8(ascii: "0")
            if digit <= 9 {
                if inFraction {
                    if number.fractionDigits < kept {
                        number.fraction = number.fraction * 10 + Int64(digit)
                        number.fractionDigits += 1
                    } else {
                        if number.fractionDigits == kept, !number.roundUp, k == decimalAt + kept + 1 {
                            number.roundUp = digit >= 5  // the first digit dropped decides
                        }
                        if digit != 0 { number.dropped = true }
                    }
                } else {
                    groupDigits += 1
                    if integerDigits > 0 || digit > 0 { integerDigits += 1 }
                    guard integerDigits + kept <= 18 else { return .failure(.tooLarge) }
                    number.integer = number.integer * 10 + Int64(digit)
                }
                previousWasDigit = true
                sawDigit = true
                k += 1
            } else if k == decimalAt {
                guard !grouped || groupDigits == 3 else { return .failure(.malformed) }
                inFraction = true
                previousWasDigit = false
                k += 1
            } else if let width = Self.groupSeparatorWidth(field, k, end), !inFraction, previousWasDigit,
                      k + width < end, field[k + width] &- UInt8(ascii: "0") <= 9,
                      grouped ? groupDigits == 3 : groupDigits <= 3
            {
                grouped = true
                groupDigits = 0
                previousWasDigit = false
                k += width
            } else {
                return .failure(.malformed)
            }
        }
        // "." or "-" alone is not a number; the last group of `1 23` is short.
        guard sawDigit, !grouped || inFraction || groupDigits == 3 else { return .failure(.malformed) }
        return .success(number)
    }

    /// The width of a thousands separator at `k`, if one starts there.
    private static func groupSeparatorWidth(_ field: UnsafeBufferPointer<UInt8>, _ k: Int, _ end: Int) -> Int? {
        switch field[k] {
        case UInt8(ascii: " "), UInt8(ascii: "'"), UInt8(ascii: "."), UInt8(ascii: ","): return 1
        case 0xC2 where k + 1 < end && field[k + 1] == 0xA0: return 2  // U+00A0
        case 0xE2 where k + 2 < end && field[k + 1] == 0x80 && field[k + 2] == 0xAF: return 3  // U+202F
        case 0xE2 where k + 2 < end && field[k + 1] == 0x80 && field[k + 2] == 0x89: return 3  // U+2009
        default: return nil
        }
    }

    /// The width of a space (ASCII space, tab, U+00A0, U+202F) at `k`.
    private static func spaceWidth(_ field: UnsafeBufferPointer<UInt8>, _ k: Int, _ end: Int) -> Int? {
        switch field[k] {
        case UInt8(ascii: " "), UInt8(ascii: "\t"): return 1
        case 0xC2 where k + 1 < end && field[k + 1] == 0xA0: return 2
        case 0xE2 where k + 2 < end && field[k + 1] == 0x80 && field[k + 2] == 0xAF: return 3
        default: return nil
        }
    }

    /// The width of a space that ends just before `end`.
    private static func spaceWidthEnding(_ field: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> Int? {
        let last = field[end - 1]
        if last == UInt8(ascii: " ") || last == UInt8(ascii: "\t") { return 1 }
        if last == 0xA0, end - 2 >= start, field[end - 2] == 0xC2 { return 2 }
        if last == 0xAF, end - 3 >= start, field[end - 3] == 0xE2, field[end - 2] == 0x80 { return 3 }
        return nil
    }
}
