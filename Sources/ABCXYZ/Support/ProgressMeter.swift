import Synchronization

/// Counts work done by many threads and reports the fraction done to a
/// caller's closure: an atomic add per step, so the hot loops pay next to nothing
/// (they step once per 32 MB).
final class ProgressMeter: Sendable {
    private let total: Int
    private let done = Atomic<Int>(0)
    private let report: @Sendable (Double) -> Void

    init(total: Int, report: @escaping @Sendable (Double) -> Void) {
        self.total = max(total, 1)
        self.report = report
    }

    func advance(by amount: Int) {
        guard amount > 0 else { return }
        let now = done.add(amount, ordering: .relaxed).newValue
        report(min(1, Double(now) / Double(total)))
    }
}
