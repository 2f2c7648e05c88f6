import ABCXYZ

import Dispatch

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Standard output for results, standard error for everything else.
struct Console {
    var standardOutput: FileSink = .standardOutput
    /// Objects the process keeps until it is about to exit (the table and
    /// the analysis), then frees together (``releaseKeptObjects()``).
    private(set) var keptUntilExit: [any Sendable] = []

    mutating func keepUntilExit(_ object: any Sendable) {
        keptUntilExit.append(object)
    }

    /// Frees the kept objects at once, each on its own thread. The kernel
    /// frees whatever is left at `exit` on one thread: 44–80 ms for the
    /// 430 MB of a 10 M-row job, while the other processor waits. Freed
    /// side by side, the columns (the table's) and the histories (the
    /// analysis's) hand their pages back in parallel (``RowMemory``).
    mutating func releaseKeptObjects() {
        let holders = keptUntilExit.map(Holder.init)
        keptUntilExit = []
        DispatchQueue.concurrentPerform(iterations: holders.count) { holders[$0].release() }
    }

    /// One kept object, released by one thread.
    ///
    /// `@unchecked Sendable`. Proof of safety: `value` is written only by
    /// `release()`, which exactly one iteration of `concurrentPerform` calls
    /// per holder; nothing reads it.
    private final class Holder: @unchecked Sendable {
        private var value: (any Sendable)?

        init(_ value: any Sendable) {
            self.value = value
        }

        func release() {
            value = nil
        }
    }

    /// Writes one line (or, with `newline: false`, just the text) to standard error.
    func error(_ line: String, newline: Bool = true) {
        var text = line
        if newline, !text.hasSuffix("\n") { text += "\n" }
        var error = FileSink(descriptor: 2, name: "stderr")
        try? Array(text.utf8).withUnsafeBytes { try error.write($0) }
    }

    /// Writes text to standard output.
    mutating func print(_ text: String) throws {
        try Array(text.utf8).withUnsafeBytes { try standardOutput.write($0) }
    }

    /// Whether standard error is a terminal (for progress and notices).
    static var standardErrorIsTerminal: Bool { isatty(2) == 1 }
}

/// Exit statuses of `sysexits.h`, the convention for command-line tools.
enum ExitStatus: Int32 {
    case success = 0
    /// EX_USAGE: the command line is wrong.
    case usage = 64
    /// EX_DATAERR: the input data is wrong.
    case dataError = 65
    /// EX_NOINPUT: an input file cannot be opened.
    case noInput = 66
    /// EX_SOFTWARE: a bug in abcxyz.
    case software = 70
    /// EX_CANTCREAT: an output file cannot be created.
    case cannotCreate = 73
    /// EX_IOERR: writing failed.
    case ioError = 74
}
