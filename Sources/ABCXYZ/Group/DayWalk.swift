/// Walks a client's history a day at a time: SPEC §1 counts a day's net
/// amount (a purchase day is a day whose net is positive), so every figure
/// that looks at purchase days folds same-day rows the same way, here.
enum DayWalk {
    /// Calls `body(day, net, manager)` for each day of `rows` in order, with
    /// the day's net amount and the manager number + 1 of the day's last row
    /// that names one (0 if none does).
    @inline(__always)
    static func forEachDay(_ history: UnsafeBufferPointer<HistoryRow>, _ rows: Range<Int>,
                           _ body: (_ day: Int32, _ net: Int64, _ manager: UInt32) -> Void) {
        var i = rows.lowerBound
        while i < rows.upperBound {
            let day = history[i].day
            var net: Int64 = 0
            var manager: UInt32 = 0
            repeat {
                net += history[i].amount
                if history[i].manager != 0 { manager = history[i].manager }
                i += 1
            } while i < rows.upperBound && history[i].day == day
            body(day, net, manager)
        }
    }
}
