/// The ROC AUC of a score, exactly, by the rank-sum (Mann–Whitney) identity:
/// the chance that a random positive scores above a random negative, a tie
/// counting one half (SPEC §15).
///
/// With ranks 1…n by score ascending, tied scores sharing the mean of their
/// ranks, and `R` the sum of the positives' ranks,
/// `AUC = (R − p(p + 1)/2) / (p·q)` for p positives and q negatives. Ranks
/// are held doubled, so every sum is a whole number and the result is one
/// division of two exact integers.
///
/// ```swift
/// RankAUC.of(scores: [0.2, 0.5, 0.5, 0.9], positive: [false, true, false, true])  // 0.875
/// ```
enum RankAUC {
    /// `nil` when there is no positive or no negative, or when a score is
    /// NaN (undefined for some client): the AUC is undefined.
    /// - Complexity: O(n log n).
    static func of(scores: [Double], positive: [Bool]) -> Double? {
        precondition(scores.count == positive.count)
        guard !scores.contains(where: \.isNaN) else { return nil }
        let positives = positive.reduce(0) { $0 + ($1 ? 1 : 0) }
        let negatives = positive.count - positives
        guard positives > 0, negatives > 0 else { return nil }
        let order = scores.indices.sorted { scores[$0] < scores[$1] }
        var doubledRankSum = 0  // Σ 2·rank over positives
        var start = 0
        while start < order.count {
            var end = start + 1
            while end < order.count, scores[order[end]] == scores[order[start]] { end += 1 }
            // Ranks start+1 … end share (start + 1 + end) / 2; doubled, start + 1 + end.
            var tiedPositives = 0
            for k in start..<end where positive[order[k]] { tiedPositives += 1 }
            doubledRankSum += tiedPositives * (start + 1 + end)
            start = end
        }
        let numerator = doubledRankSum - positives * (positives + 1)
        return Double(numerator) / Double(2 * positives * negatives)
    }
}
