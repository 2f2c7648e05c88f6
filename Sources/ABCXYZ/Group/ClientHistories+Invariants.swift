extension ClientHistories {
    #if DEBUG
    /// Traps unless the histories have the shape the classifier's unchecked
    /// walks assume: `starts` runs from 0 to `rows.count` without going back,
    /// every client's rows are in day order, and the category column, when
    /// there is one, has a value for every row.
    ///
    /// Debug builds only (as swift-collections' `Heap+Invariants.swift`): a
    /// walk over every row, which a release build does not pay for.
    func checkInvariants() {
        precondition(starts.count == clientCount + 1, "one start per client and one past the end")
        precondition(starts.first == 0 && starts.last == rows.count, "the starts cover every row")
        for client in 0..<clientCount {
            let lower = starts[client], upper = starts[client + 1]
            precondition(lower <= upper, "client \(client)'s rows run backwards")
            for i in (lower + 1)..<max(upper, lower + 1) where rows[i].day < rows[i - 1].day {
                preconditionFailure("client \(client)'s rows are not in day order at row \(i)")
            }
        }
        precondition(categories.count == (hasCategories ? rows.count : 0), "a category for every row, or none")
    }
    #else
    @inline(__always)
    func checkInvariants() {}
    #endif
}
