import ABCXYZ
import Synchronization

/// A one-line progress indicator on standard error: shown only when standard
/// error is a terminal (never in a pipe or a log) and not under `--quiet`.
final class ProgressDisplay: Sendable {
    private let enabled: Bool
    /// The last percentage drawn per phase, to redraw only on change.
    private let last = Mutex<(phase: String, percent: Int)>(("", -1))

    init(enabled: Bool) {
        self.enabled = enabled && Console.standardErrorIsTerminal
    }

    /// Shows `phase` at `fraction` (0…1).
    func show(_ phase: String, _ fraction: Double) {
        guard enabled else { return }
        let percent = Int((min(max(fraction, 0), 1) * 100).rounded(.down))
        let changed = last.withLock { state -> Bool in
            guard state.phase != phase || state.percent != percent else { return false }
            state = (phase, percent)
            return true
        }
        if changed { Console().error("\r\u{1B}[2K\(phase) \(percent)%", newline: false) }
    }

    /// Clears the line.
    func finish() {
        guard enabled else { return }
        Console().error("\r\u{1B}[2K", newline: false)
    }
}
