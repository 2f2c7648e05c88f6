import ABCXYZ
import Synchronization

/// A one-line progress indicator on standard error: shown only when standard
/// error is a terminal (never in a pipe or a log) and not under `--quiet`.
///
/// Parser threads report concurrently; an atomic holds the last phase and
/// percentage drawn, so each change is drawn once (by whichever thread saw it)
/// in one `write`.
final class ProgressDisplay: Sendable {
    private let enabled: Bool
    /// The phase's index × 1000 + the percentage last drawn; −1 before the first.
    private let last = Atomic<Int>(-1)
    private static let phases = ["reading", "classifying", "writing", "generating"]

    init(enabled: Bool) {
        self.enabled = enabled && Console.standardErrorIsTerminal
    }

    /// Shows `phase` at `fraction` (0…1).
    func show(_ phase: String, _ fraction: Double) {
        guard enabled else { return }
        let percent = Int((min(max(fraction, 0), 1) * 100).rounded(.down))
        let key = (ProgressDisplay.phases.firstIndex(of: phase) ?? 0) * 1000 + percent
        guard last.exchange(key, ordering: .relaxed) != key else { return }
        Console().error("\r\u{1B}[2K\(phase) \(percent)%", newline: false)
    }

    /// Clears the line.
    func finish() {
        guard enabled else { return }
        Console().error("\r\u{1B}[2K", newline: false)
    }
}
