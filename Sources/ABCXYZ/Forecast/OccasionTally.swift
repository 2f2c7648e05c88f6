/// One client's occasions (SPEC §14), tallied a day at a time: the count, the
/// first and last occasion, and the net amount of the repeat occasions.
///
/// Fed with each day's net amount in day order, as `DayWalk.forEachDay` gives
/// them. ``ModelSummary`` runs its own walk over the histories; to fold the
/// summary into the classifier's single pass, `ClientPass.facts` can hold one
/// tally and call ``add(day:net:)`` inside its existing day closure.
struct OccasionTally: Sendable {
    let occasions: ModelOccasions
    private(set) var count = 0
    private(set) var first: Int32 = 0
    private(set) var last: Int32 = 0
    /// Net amount of the occasions after the first, in minor units.
    private(set) var repeatNet: Int64 = 0

    init(_ occasions: ModelOccasions) {
        self.occasions = occasions
    }

    @inline(__always)
    mutating func add(day: Int32, net: Int64) {
        guard occasions == .transactionDays || net > 0 else { return }
        if count == 0 {
            first = day
        } else {
            repeatNet += net
        }
        last = day
        count += 1
    }
}
