/// Medians as SPEC §5 takes them: the middle value, or the mean of the two
/// middle values when the count is even.
enum Median {
    /// The median of whole-day intervals, in linear time; may reorder `values`.
    ///
    /// Intervals usually lie close together (a client's 40 visits spread over
    /// 30 distinct days), so they are counted in a histogram over their span
    /// when it is at most ``countingSpan(for:)``: a pass for the extremes, one
    /// for the counts, one over the span. Selection compares and swaps on
    /// data-dependent branches that random intervals mispredict; it is kept for
    /// wide spans (BENCHMARKS.md, stop 29).
    /// - Precondition: `values` is not empty.
    static func ofIntervals(_ values: inout [Int32]) -> Double {
        precondition(!values.isEmpty)
        return values.withUnsafeMutableBufferPointer { buffer in
            var least = buffer[0], greatest = buffer[0]
            for value in buffer {
                least = min(least, value)
                greatest = max(greatest, value)
            }
            let span = Int(greatest) - Int(least) + 1
            if span <= countingSpan(for: buffer.count) {
                return counted(UnsafeBufferPointer(buffer), least: least, span: span)
            }
            let middle = buffer.count / 2
            select(middle, in: buffer)
            let upper = buffer[middle]
            guard buffer.count % 2 == 0 else { return Double(upper) }
            // After selection everything before `middle` is ≤ it: the other middle value is their maximum.
            var lower = buffer[0]
            for i in 1..<middle where buffer[i] > lower { lower = buffer[i] }
            return (Double(lower) + Double(upper)) / 2
        }
    }

    /// The widest span of values counted rather than selected for `count`
    /// values: the histogram's cost, one pass over the span, stays within a
    /// few times the passes over the values, and on the stack.
    static func countingSpan(for count: Int) -> Int {
        min(4 * count + 64, 4_096)
    }

    /// The median of `values`, all in `least ..< least + span`, from a
    /// histogram: the values at sorted positions (n−1)/2 and n/2.
    private static func counted(_ values: UnsafeBufferPointer<Int32>, least: Int32, span: Int) -> Double {
        withUnsafeTemporaryAllocation(of: Int32.self, capacity: span) { histogram in
            histogram.initialize(repeating: 0)
            for value in values { histogram[Int(value) - Int(least)] += 1 }
            // One walk up the bins serves both ranks: the second starts where the first stopped.
            var seen = 0, bin = 0
            func value(atRank rank: Int) -> Double {
                while seen + Int(histogram[bin]) <= rank {
                    seen += Int(histogram[bin])
                    bin += 1
                }
                return Double(Int(least) + bin)
            }
            let low = value(atRank: (values.count - 1) / 2)
            return (low + value(atRank: values.count / 2)) / 2
        }
    }

    /// Moves the `k`-th smallest value to index `k`, smaller ones before it and
    /// larger ones after (Hoare's selection with a median-of-three pivot;
    /// insertion sort for short ranges).
    static func select(_ k: Int, in values: UnsafeMutableBufferPointer<Int32>) {
        var low = 0, high = values.count - 1
        while high - low > 16 {
            let mid = low + (high - low) / 2
            if values[mid] < values[low] { values.swapAt(mid, low) }
            if values[high] < values[low] { values.swapAt(high, low) }
            if values[high] < values[mid] { values.swapAt(high, mid) }
            let pivot = values[mid]
            var i = low, j = high
            while i <= j {
                while values[i] < pivot { i += 1 }
                while values[j] > pivot { j -= 1 }
                if i <= j {
                    values.swapAt(i, j)
                    i += 1
                    j -= 1
                }
            }
            if k <= j { high = j } else if k >= i { low = i } else { return }
        }
        // Insertion sort of the short range that holds k.
        if low < high {
            for i in (low + 1)...high {
                let value = values[i]
                var j = i - 1
                while j >= low, values[j] > value {
                    values[j + 1] = values[j]
                    j -= 1
                }
                values[j + 1] = value
            }
        }
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
