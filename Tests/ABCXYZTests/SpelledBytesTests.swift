@testable import ABCXYZ
import Foundation
import Testing

@Suite("The listings' byte buffer")
struct SpelledBytesTests {
    @Test("Bytes appended one at a time and in runs come back in order, across many growths")
    func appendsAcrossGrowth() {
        var bytes = SpelledBytes(capacity: 1)
        var expected: [UInt8] = []
        for round in 0..<2_000 {
            let byte = UInt8(truncatingIfNeeded: round &* 37)
            bytes.append(byte)
            expected.append(byte)
            let run = (0..<(round % 9)).map { UInt8(truncatingIfNeeded: round + $0) }
            bytes.append(contentsOf: run[...])             // contiguous: copied at once
            bytes.append(contentsOf: run.lazy.map { $0 ^ 0x5A })  // not contiguous: byte by byte
            bytes.append(contentsOf: [UInt8]())
            expected += run + run.map { $0 ^ 0x5A }
        }
        #expect(bytes.count == expected.count)
        #expect(bytes.array() == expected)
        // A run longer than twice the capacity in one go.
        var small = SpelledBytes(capacity: 64)
        small.append(contentsOf: [UInt8](repeating: 7, count: 1_000))
        #expect(small.array() == [UInt8](repeating: 7, count: 1_000))
    }

    @Test("Replacing a byte touches only what was written from the start given")
    func replaceFromStart() {
        var bytes = SpelledBytes(capacity: 8)
        bytes.append(contentsOf: Array("1.5,2.25,3.125".utf8))
        bytes.replace(UInt8(ascii: "."), with: UInt8(ascii: ","), from: 4)
        #expect(String(decoding: bytes.array(), as: UTF8.self) == "1.5,2,25,3,125")
        bytes.replace(UInt8(ascii: "."), with: UInt8(ascii: ","), from: bytes.count)
        #expect(String(decoding: bytes.array(), as: UTF8.self) == "1.5,2,25,3,125")
    }

    @Test("Padding goes after the bytes or in at an offset, moving what follows, across growths")
    func paddingAndTruncation() {
        var bytes = SpelledBytes(capacity: 1)
        var expected: [UInt8] = []
        for round in 0..<500 {
            let cell = Array("\(round * 7)".utf8)
            let start = bytes.count
            bytes.append(contentsOf: cell)
            let padding = round % 5
            if round.isMultiple(of: 2) {
                bytes.insert(repeating: UInt8(ascii: " "), count: padding, at: start)  // a number, right-aligned
                expected += [UInt8](repeating: UInt8(ascii: " "), count: padding) + cell
            } else {
                bytes.append(repeating: UInt8(ascii: "."), count: padding)  // text, left-aligned
                expected += cell + [UInt8](repeating: UInt8(ascii: "."), count: padding)
            }
        }
        #expect(bytes.array() == expected)
        bytes.insert(repeating: UInt8(ascii: "<"), count: 3, at: 0)
        bytes.insert(repeating: UInt8(ascii: ">"), count: 2, at: bytes.count)
        bytes.insert(repeating: UInt8(ascii: "!"), count: 0, at: 1)
        #expect(bytes.array() == Array("<<<".utf8) + expected + Array(">>".utf8))
        bytes.truncate(to: 3)
        bytes.append(UInt8(ascii: "x"))
        #expect(bytes.array() == Array("<<<x".utf8))
        bytes.truncate(to: 0)
        #expect(bytes.count == 0 && bytes.array().isEmpty)
    }

    @Test("Numbers and days spell the same into the buffer as printf and the calendar say")
    func spellingsIntoTheBuffer() {
        var bytes = SpelledBytes(capacity: 4)
        MoneyFormat.appendPlain(-123_456, scale: 2, to: &bytes)
        bytes.append(UInt8(ascii: " "))
        MoneyFormat.appendPlain(5, scale: 3, to: &bytes)
        bytes.append(UInt8(ascii: " "))
        DecimalText.appendInteger(.min, to: &bytes)
        bytes.append(UInt8(ascii: " "))
        Day(year: 2024, month: 2, day: 29)!.appendISO(to: &bytes)
        bytes.append(UInt8(ascii: " "))
        DecimalText.appendShortest(30.5, to: &bytes)
        #expect(String(decoding: bytes.array(), as: UTF8.self)
                == "-1234.56 0.005 -9223372036854775808 2024-02-29 30.5")
        var generator = SeededGenerator(seed: 11)
        for _ in 0..<2_000 {
            let value = Double.random(in: -2...2, using: &generator) * pow(10, Double(Int.random(in: -7...6, using: &generator)))
            var spelled = SpelledBytes(capacity: 1)
            DecimalText.appendFixed(value, digits: 6, to: &spelled)
            let printf = String(format: "%.6f", value)  // C's rounding of the exact binary value
            #expect(String(decoding: spelled.array(), as: UTF8.self) == printf, "\(value)")
        }
    }
}
