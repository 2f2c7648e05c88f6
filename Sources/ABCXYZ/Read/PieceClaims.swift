import Foundation

/// Which bytes of the file each parser thread may still take: the parse's
/// work sharing, so that a thread that finishes its piece early helps with
/// the others' instead of waiting.
///
/// Piece `p` parses the records that start in `starts[p]..<limits[p]`, but
/// only up to what it has claimed (`claimed[p]`, at most `limits[p]`), a
/// stretch at a time. A thread with nothing left takes the second half of
/// the largest unclaimed remainder of any piece: the piece's limit comes down
/// to the cut, and a new piece runs from the cut to the old limit. Bytes
/// already claimed are never taken, so no record is parsed twice or missed;
/// the new piece's first record is found and checked like any piece's
/// (``TransactionReader``), so a cut inside a quoted field changes nothing.
///
/// Why: the pieces were one per thread, fixed, and on this shared 2-core
/// machine one thread often finished its piece 40–180 ms before the other
/// (10 M rows), a tenth of the parse spent on one thread (BENCHMARKS.md, stop 25).
/// Which thread parses which bytes now depends on timing, but nothing that
/// comes out does: ids are numbered by sorting and rows kept in file order,
/// for any cut of the file.
///
/// `@unchecked Sendable`. Proof of safety: the arrays are read and written
/// only under `lock`; the values handed out are copies.
final class PieceClaims: @unchecked Sendable {
    private let lock = NSLock()
    private var starts: [Int]
    private var limits: [Int]
    private var claimed: [Int]
    /// Pieces whose parser has stopped (at its limit, or early at a rejection
    /// with ``ErrorPolicy/stop``): nothing of theirs is taken.
    private var finished: [Bool]
    /// The earliest byte at which a parser stopped at a rejected row under
    /// ``ErrorPolicy/stop``: whatever starts after it will not be used (the
    /// read throws that row's error, or an earlier one), so it is not parsed.
    private var stoppedAt = Int.max
    /// How far a claim reaches past the record being parsed.
    let stretch: Int
    /// The smallest unclaimed remainder worth halving for a new piece: each
    /// piece has its own id tables, which the ids merge reads.
    let minimumRemainder: Int

    /// Bytes a claim takes by default (about 28 000 rows of 37 bytes).
    static let defaultStretch = 1 << 20
    /// The default ``minimumRemainder``.
    static let defaultMinimumRemainder = 4 << 20

    /// The pieces `nominal[p]..<nominal[p + 1]`, nothing claimed yet.
    init(nominal: [Int], stretch: Int = defaultStretch, minimumRemainder: Int = defaultMinimumRemainder) {
        precondition(nominal.count >= 2 && stretch > 0 && minimumRemainder > 0)
        starts = Array(nominal.dropLast())
        limits = Array(nominal.dropFirst())
        claimed = starts
        finished = [Bool](repeating: false, count: starts.count)
        self.stretch = stretch
        self.minimumRemainder = minimumRemainder
    }

    /// How many pieces there are, the ones taken off others included.
    var count: Int { lock.withLock { starts.count } }

    /// Piece `piece`'s nominal range, as it stands.
    func range(_ piece: Int) -> Range<Int> {
        lock.withLock { starts[piece]..<limits[piece] }
    }

    /// For the parser of `piece`, about to parse the record at `position`
    /// (at or past its claim): the end of its claim, extended, or `nil` when
    /// `position` is at or past the piece's limit and the piece is done.
    func extend(_ piece: Int, at position: Int) -> Int? {
        lock.withLock {
            guard position < limits[piece] else {
                claimed[piece] = limits[piece]  // a record ran past the limit: nothing of it is left to take
                return nil
            }
            // After a rejection that stops the read, nothing later is needed.
            guard starts[piece] < stoppedAt else { return nil }
            claimed[piece] = min(limits[piece], max(claimed[piece], position) + stretch)
            return claimed[piece]
        }
    }

    /// Marks `piece` finished: its parser will claim no more, and nothing of it is taken.
    func finish(_ piece: Int) {
        lock.withLock { finished[piece] = true }
    }

    /// Marks `piece` finished at a rejected row at `position` that stops the
    /// read (``ErrorPolicy/stop``): pieces that start after it stop at their
    /// next claim, and nothing after it is taken. Pieces before it go on, as
    /// one of them may hold an earlier rejection, the one the read reports.
    func stop(_ piece: Int, at position: Int) {
        lock.withLock {
            finished[piece] = true
            stoppedAt = min(stoppedAt, position)
        }
    }

    /// A new piece, the second half of the largest unclaimed remainder of
    /// an unfinished piece, or `nil` when none is ``minimumRemainder`` long.
    func take() -> Int? {
        lock.withLock {
            var largest = -1, remainder = 0
            for piece in starts.indices where !finished[piece] && starts[piece] < stoppedAt
                && limits[piece] - claimed[piece] > remainder {
                (largest, remainder) = (piece, limits[piece] - claimed[piece])
            }
            guard largest >= 0, remainder >= minimumRemainder else { return nil }
            let cut = claimed[largest] + remainder / 2
            starts.append(cut)
            limits.append(limits[largest])
            claimed.append(cut)
            finished.append(false)
            limits[largest] = cut
            return starts.count - 1
        }
    }
}
