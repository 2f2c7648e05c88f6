@testable import ABCXYZ
import Testing

@Suite("Exact helpers behind the hot paths")
struct ExactArithmeticTests {
    @Test("The selection median equals the median of the sorted values", arguments: [UInt64(1), 2, 3])
    func selectionMedian(seed: UInt64) {
        var generator = SeededGenerator(seed: seed)
        for _ in 0..<2_000 {
            let count = Int.random(in: 1...200, using: &generator)
            let range = Int32.random(in: 1...400, using: &generator)  // small ranges: many ties
            var values = (0..<count).map { _ in Int32.random(in: 1...range, using: &generator) }
            let sorted = values.sorted()
            let expected = count % 2 == 1 ? Double(sorted[count / 2])
                : (Double(sorted[count / 2 - 1]) + Double(sorted[count / 2])) / 2
            #expect(Median.ofIntervals(&values) == expected, "\(sorted)")
        }
    }

    @Test("The median is the sorted values' either side of the span counted in a histogram",
          arguments: [UInt64(4), 5])
    func countedAndSelectedMedians(seed: UInt64) {
        var generator = SeededGenerator(seed: seed)
        for _ in 0..<2_000 {
            let count = Int.random(in: 1...300, using: &generator)
            // Spans just inside and just outside the counted ones, and far wider (a
            // 12-year gap among weekly visits), offset anywhere an Int32 day difference can be.
            let limit = Median.countingSpan(for: count)
            let span = [limit - 1, limit, limit + 1, 1_000_000, Int.random(in: 1...8, using: &generator)]
                .randomElement(using: &generator)!
            let least = Int32.random(in: -1_000_000...1_000_000, using: &generator)
            var values = (0..<count).map { _ in least + Int32.random(in: 0..<Int32(span), using: &generator) }
            if span > 1, count > 1 {  // the span itself, exactly: both ends present
                values[0] = least
                values[1] = least + Int32(span - 1)
            }
            let sorted = values.sorted()
            let expected = count % 2 == 1 ? Double(sorted[count / 2])
                : (Double(sorted[count / 2 - 1]) + Double(sorted[count / 2])) / 2
            #expect(Median.ofIntervals(&values) == expected, "\(sorted)")
        }
        var even: [Int32] = [7, 3, 5, 9]   // 3 5 | 7 9
        #expect(Median.ofIntervals(&even) == 6)
        var ties: [Int32] = [42, 42, 41, 42, 90, 42]
        #expect(Median.ofIntervals(&ties) == 42)
        var halfway: [Int32] = [10, 11]
        #expect(Median.ofIntervals(&halfway) == 10.5)
        var wide: [Int32] = [1, 9_000, 30, 31, 4_000]  // a span beyond the counted: selected
        #expect(Median.ofIntervals(&wide) == 31)
    }

    @Test("The median of halves counts ties and even counts right")
    func halvesMedian() {
        #expect(Median.ofHalves([]) == nil)
        #expect(Median.ofHalves([31]) == 31)
        #expect(Median.ofHalves([6, 15, 35.5]) == 15)
        #expect(Median.ofHalves([6, 15, 20, 35.5]) == 17.5)
        #expect(Median.ofHalves([30.5, 31, 31, 31, 7, 28, 29, 31, 31, 91]) == 31)
        #expect(Median.ofHalves([1.5, 0.5]) == 1)
    }

    @Test("Cut points compare exactly at and around the boundary", arguments: [UInt64(7), 8])
    func cutPoints(seed: UInt64) {
        let a = DecimalFraction("0.8")!
        #expect(!a.exceeds(part: 80, of: 100))            // 0.80 is not < 0.80
        #expect(a.exceeds(part: 79, of: 100))
        #expect(!a.exceeds(part: 4, of: 5))
        #expect(a.exceeds(part: 7_999_999_999_999_999, of: 10_000_000_000_000_000))
        #expect(!a.exceeds(part: 8_000_000_000_000_000, of: 10_000_000_000_000_000))
        var generator = SeededGenerator(seed: seed)
        for _ in 0..<10_000 {
            let whole = Int64.random(in: 1...Int64.max, using: &generator)
            let part = Int64.random(in: 0...whole, using: &generator)
            let cut = DecimalFraction("0.\(Int.random(in: 1...999_999_999, using: &generator))")!
            let exact = Int128(part) * Int128(cut.denominator) < Int128(cut.numerator) * Int128(whole)
            #expect(cut.exceeds(part: part, of: whole) == exact)
        }
    }
}

@Suite("Radix sort")
struct RadixSortTests {
    @Test("Sorts by key and keeps equal keys in input order, serial and parallel",
          arguments: [(100, 1), (70_000, 1), (70_000, 2), (200_000, 3)])
    func stableAndSorted(count: Int, threads: Int) {
        var generator = SeededGenerator(seed: UInt64(count + threads))
        // Few distinct high bytes and many ties, as revenues and tiers have.
        let keys = (0..<count).map { _ in
            UInt64.random(in: 0..<50, using: &generator) << 40 | UInt64.random(in: 0..<300, using: &generator)
        }
        let order = RadixSort.sortedIndices(keys, threads: threads)
        let expected = keys.indices.sorted { keys[$0] != keys[$1] ? keys[$0] < keys[$1] : $0 < $1 }
        #expect(order == expected)
    }

    @Test("Hands back the keys in sorted order with the positions", arguments: [(1, 1), (70_000, 2)])
    func keysComeBackInOrder(count: Int, threads: Int) {
        var generator = SeededGenerator(seed: UInt64(7 * count + threads))
        // Int64.max minus a revenue, as the ABC rank sorts: the high bytes are shared.
        let revenues = (0..<count).map { _ in Int64.random(in: 1...5_000_000, using: &generator) }
        let keys = revenues.map { UInt64(Int64.max - $0) }
        let sorted = RadixSort.sorted(keys, threads: threads)
        #expect(sorted.keys == sorted.indices.map { keys[$0] })
        #expect(sorted.keys == keys.sorted())
        // The revenues, largest first, come back from the keys alone.
        #expect(sorted.keys.map { Int64.max - Int64($0) } == revenues.sorted(by: >))
    }
}
