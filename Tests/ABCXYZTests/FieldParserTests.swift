@testable import ABCXYZ
import Testing

@Suite("Amounts and dates (SPEC §1, §9)")
struct FieldParserTests {
    func amount(_ text: String, scale: Int = 2, commaIsDecimal: Bool = true) -> Result<Int64, AmountParser.Failure> {
        let parser = AmountParser(scale: scale, commaIsDecimal: commaIsDecimal)
        let bytes = Array(text.utf8) + [0]
        return bytes.withUnsafeBufferPointer { parser.parse(UnsafeBufferPointer(rebasing: $0.dropLast())) }
    }

    func date(_ text: String, _ format: DateFormat = .automatic) -> Result<Int32, DateParser.Failure> {
        let bytes = Array(text.utf8) + [0]
        return bytes.withUnsafeBufferPointer { DateParser(format: format).parse(UnsafeBufferPointer(rebasing: $0.dropLast())) }
    }

    @Test("Amounts become exact minor units", arguments: [
        ("1234.50", 123_450), ("-30", -3_000), ("+7.5", 750), ("0", 0), (".5", 50), ("5.", 500),
        ("5 000.00", 500_000), ("1\u{00A0}234,56", 123_456), ("1\u{202F}234.5", 123_450), ("1'234.50", 123_450),
        ("12,5", 1_250), ("1.234,50", 123_450), ("1,234.50", 123_450), ("1.234.567", 123_456_700),
        ("1,234,567", 123_456_700), ("  42.10 ", 4_210), ("-0.00", 0), ("999999999999999.99", 99_999_999_999_999_999),
    ] as [(String, Int64)])
    func acceptedAmounts(text: String, minorUnits: Int64) throws {
        #expect(try amount(text).get() == minorUnits)
    }

    @Test("More fraction digits than the scale round half away from zero", arguments: [
        ("19.995", 2_000), ("10.004", 1_000), ("0.005", 1), ("-0.005", -1), ("0.0049", 0), ("2.675", 268),
        ("-2.675", -268), ("1,999", 200), ("0.00500000001", 1),
    ] as [(String, Int64)])
    func roundingHalfAwayFromZero(text: String, minorUnits: Int64) throws {
        #expect(try amount(text).get() == minorUnits)
    }

    @Test("Scale 0 and 3")
    func otherScales() throws {
        #expect(try amount("1500", scale: 0).get() == 1_500)
        #expect(try amount("1500.5", scale: 0).get() == 1_501)
        #expect(try amount("1.2345", scale: 3).get() == 1_235)
    }

    @Test("A lone comma is a thousands mark when the comma is the delimiter")
    func commaWhenDelimiter() throws {
        #expect(try amount("1,234", commaIsDecimal: false).get() == 123_400)
        #expect(try amount("1,234", commaIsDecimal: true).get() == 123)
        #expect(try amount("1.234,5", commaIsDecimal: false).get() == 123_450)
    }

    @Test("Bad amounts are refused with a reason", arguments: [
        ("", AmountParser.Failure.empty), ("   ", .empty), ("abc", .malformed), ("12x", .malformed),
        ("1..2", .malformed), ("-", .malformed), (".", .malformed), ("1 ", .empty), ("1e5", .malformed),
        ("1  000", .malformed), ("$12", .malformed), ("1234567890123456789", .tooLarge), ("--1", .malformed),
    ] as [(String, AmountParser.Failure)])
    func refusedAmounts(text: String, failure: AmountParser.Failure) throws {
        if text == "1 " {  // trailing space is trimmed, not a failure
            #expect(try amount(text).get() == 100)
            return
        }
        #expect(throws: failure) { try amount(text).get() }
    }

    @Test("10^18 minor units or more is too large at any scale (15 digits at 4 to 6 crashed)", arguments: [
        ("123456789012345", 6), ("123456789012345.5", 6), ("999999999999999", 4), ("12345678901234", 5),
        ("100000000000000", 4), ("-99999999999999.99999", 5), ("1 000 000 000 000 000", 3),
        ("999999999999999.9995", 3), ("99999999999999.99995", 4),
    ] as [(String, Int)])
    func amountsPastTheLimitAtHighScales(text: String, scale: Int) {
        #expect(throws: AmountParser.Failure.tooLarge) { try amount(text, scale: scale).get() }
    }

    @Test("Amounts just below 10^18 minor units are read at every scale")
    func amountsAtTheLimit() throws {
        // 10^18 − 1 minor units is the largest amount; 10^14 units at scale 4 (10^18) is refused above.
        #expect(try amount("99999999999999.9999", scale: 4).get() == 999_999_999_999_999_999)
        #expect(try amount("999999999999999.9994", scale: 3).get() == 999_999_999_999_999_999)
        #expect(try amount("12345678901234", scale: 4).get() == 123_456_789_012_340_000)
        #expect(try amount("-999999999999.999999", scale: 6).get() == -999_999_999_999_999_999)
        #expect(try amount("999999999999999999", scale: 0).get() == 999_999_999_999_999_999)
    }

    @Test("Quantity × price past 10^18 minor units is too large even when it fits in 64 bits")
    func productPastTheLimit() {
        let parser = AmountParser(scale: 2, commaIsDecimal: true)
        // 3·10^8 × 10^8 = 3·10^16 units = 3·10^18 minor units: below Int64.max, above the limit.
        #expect(parser.product((300_000_000, 0), (100_000_000, 0)) == nil)
        #expect(parser.product((3, 0), (1_250, 3)) == 375)  // 3 × 1.250 = 3.75
    }

    @Test("Thousands groups are 1 to 3 digits first, then exactly 3", arguments: [
        ("1 234 567", true, 123_456_700), ("12'345.5", true, 1_234_550), ("123 456,78", true, 12_345_678),
        ("1,234", false, 123_400), ("-1,234,567.5", false, -123_456_750), ("1.234.567,89", false, 123_456_789),
    ] as [(String, Bool, Int64)])
    func wellFormedGroups(text: String, commaIsDecimal: Bool, minorUnits: Int64) throws {
        #expect(try amount(text, commaIsDecimal: commaIsDecimal).get() == minorUnits)
    }

    @Test("A separator not followed by groups of exactly three digits makes the amount bad", arguments: [
        ("1,5", false), ("1,50", false), ("1,5000", false), ("1 2 3", true), ("12 34", true), ("1234 567", true),
        ("1 2345", true), ("1'23.5", true), ("1.234.56", true), ("1,234,56", false), ("1 234 5678,9", true),
    ] as [(String, Bool)])
    func malformedGroups(text: String, commaIsDecimal: Bool) {
        #expect(throws: AmountParser.Failure.malformed) { try amount(text, commaIsDecimal: commaIsDecimal).get() }
    }

    @Test("Dates in every accepted shape", arguments: [
        ("2025-06-30", "2025-06-30"), ("2025-06-30T14:05:00Z", "2025-06-30"), ("2025-06-30 14:05", "2025-06-30"),
        ("30.06.2025", "2025-06-30"), ("1.2.2025", "2025-02-01"), ("30.06.2025 10:00:00", "2025-06-30"),
        ("20250630", "2025-06-30"), ("2025/6/30", "2025-06-30"), (" 2024-02-29 ", "2024-02-29"),
    ])
    func acceptedDates(text: String, iso: String) throws {
        #expect(try date(text).get() == Day(iso: iso)!.daysSince1970)
    }

    @Test("Slash dates with the year last need a named order")
    func ambiguousSlashDates() throws {
        #expect(throws: DateParser.Failure.ambiguous) { try date("03/04/2025").get() }
        #expect(try date("03/04/2025", .dayFirst).get() == Day(iso: "2025-04-03")!.daysSince1970)
        #expect(try date("03/04/2025", .monthFirst).get() == Day(iso: "2025-03-04")!.daysSince1970)
        #expect(try date("12/1/2010 8:26", .monthFirst).get() == Day(iso: "2010-12-01")!.daysSince1970)
        #expect(try date("31-12-2024", .dayFirst).get() == Day(iso: "2024-12-31")!.daysSince1970)
    }

    @Test("Bad dates are refused with a reason", arguments: [
        ("", DateParser.Failure.empty), ("2025-02-30", .noSuchDay), ("2025-13-01", .noSuchDay),
        ("31.04.2025", .noSuchDay), ("2025-6", .malformed), ("30.06.25", .malformed), ("yesterday", .malformed),
        ("2025-06-30x", .malformed), ("2025.06-30", .malformed), ("0000-01-01", .noSuchDay),
    ] as [(String, DateParser.Failure)])
    func refusedDates(text: String, failure: DateParser.Failure) {
        #expect(throws: failure) { try date(text).get() }
    }
}

@Suite("Exact number spelling for output (SPEC §11)")
struct DecimalTextTests {
    func fixed(_ value: Double, _ digits: Int = 6) -> String {
        var bytes: [UInt8] = []
        DecimalText.appendFixed(value, digits: digits, to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    @Test("Six decimals round the exact binary value, ties to even, as printf does")
    func knownValues() {
        #expect(fixed(0.362662) == "0.362662")
        #expect(fixed(1225000.0 / 3377797.0) == "0.362662")
        #expect(fixed(0) == "0.000000")
        #expect(fixed(1) == "1.000000")
        #expect(fixed(0.0000005) == "0.000000")   // 5e-7 is just below the tie in binary
        #expect(fixed(0.0000015) == "0.000002")   // just above
        #expect(fixed(2.5, 0) == "2")              // exact tie, to even
        #expect(fixed(3.5, 0) == "4")
        #expect(fixed(0.125, 2) == "0.12")
        #expect(fixed(1e-300) == "0.000000")
        #expect(fixed(123456.7890125) == "123456.789012" || fixed(123456.7890125) == "123456.789013")
    }

    @Test("Agrees with C's printf on 20 000 random values", arguments: [UInt64(1), 2, 3, 4])
    func agreesWithPrintf(seed: UInt64) {
        var generator = SeededGenerator(seed: seed)
        for _ in 0..<5_000 {
            let value: Double = switch Int.random(in: 0..<4, using: &generator) {
            case 0: Double.random(in: 0..<1, using: &generator)
            case 1: Double(Int.random(in: 0..<2_000_000, using: &generator)) / 2_000_000  // many exact ties
            case 2: Double.random(in: 0..<10_000, using: &generator)
            default: Double(Int.random(in: 0..<1_000_000_000, using: &generator)) / 1_000_000_000
            }
            #expect(fixed(value) == CPrintf.fixed6(value), "\(value)")
        }
    }

    @Test("Cycle days print without trailing zeros")
    func shortestDays() {
        var bytes: [UInt8] = []
        for value in [31.0, 30.5, 30.75, 7, 0.25, 1234.0] {
            DecimalText.appendShortest(value, to: &bytes)
            bytes.append(UInt8(ascii: " "))
        }
        #expect(String(decoding: bytes, as: UTF8.self) == "31 30.5 30.75 7 0.25 1234 ")
    }

    @Test("Money prints with the scale's digits and a sign")
    func money() {
        #expect(Money(minorUnits: 123_450).formatted(scale: 2) == "1234.50")
        #expect(Money(minorUnits: -5).formatted(scale: 2) == "-0.05")
        #expect(Money(minorUnits: 0).formatted(scale: 2) == "0.00")
        #expect(Money(minorUnits: 42).formatted(scale: 0) == "42")
        #expect(Money(minorUnits: -1_234_567).formatted(scale: 3) == "-1234.567")
        var grouped: [UInt8] = []
        MoneyFormat.appendDecimal(-123_456_789, scale: 2, groupSeparator: UInt8(ascii: " "), to: &grouped)
        #expect(String(decoding: grouped, as: UTF8.self) == "-1 234 567.89")
    }
}
