/// Medians as SPEC §5 takes them: the middle value, or the mean of the two
/// middle values when the count is even.
enum Median {
    /// The median of whole-day intervals; sorts `values` in place.
    /// - Precondition: `values` is not empty.
    static func ofIntervals(_ values: inout [Int32]) -> Double {
        precondition(!values.isEmpty)
        values.sort()
        let middle = values.count / 2
        if values.count % 2 == 1 { return Double(values[middle]) }
        return (Double(values[middle - 1]) + Double(values[middle])) / 2
    }

    /// The median of values that are whole multiples of a half (own cycles are
    /// medians of whole days), counted in a histogram rather than sorted:
    /// linear in the number of clients. `nil` when there are none.
    static func ofHalves(_ values: [Double]) -> Double? {
        guard !values.isEmpty else { return nil }
        var halves: [Int] = []
        halves.reserveCapacity(values.count)
        var largest = 0
        for value in values {
            let twice = Int(value * 2)
            precondition(Double(twice) == value * 2 && twice >= 0, "\(value) is not a non-negative multiple of 0.5")
            halves.append(twice)
            largest = max(largest, twice)
        }
        var histogram = [Int](repeating: 0, count: largest + 1)
        for value in halves { histogram[value] += 1 }
        // The values at sorted positions (n−1)/2 and n/2.
        let lowRank = (values.count - 1) / 2, highRank = values.count / 2
        var low = -1, high = -1
        var seen = 0
        for (value, count) in histogram.enumerated() where count > 0 {
            if low < 0, seen + count > lowRank { low = value }
            if seen + count > highRank { high = value; break }
            seen += count
        }
        return Double(low + high) / 4
    }
}
