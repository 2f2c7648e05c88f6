#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Sub-phase timings on standard error when `ABCXYZ_TRACE` is set: a
/// profiling aid (see BENCHMARKS.md), silent and nearly free otherwise.
enum Trace {
    static let enabled = getenv("ABCXYZ_TRACE") != nil

    /// Times `body` and, when tracing, prints `label` with the milliseconds it took.
    @inline(__always)
    static func measure<T>(_ label: StaticString, _ body: () throws -> T) rethrows -> T {
        guard enabled else { return try body() }
        let clock = ContinuousClock()
        let start = clock.now
        let result = try body()
        let elapsed = clock.now - start
        let milliseconds = Double(elapsed.components.seconds) * 1000 + Double(elapsed.components.attoseconds) * 1e-15
        let line = "trace: \(label) \((milliseconds * 10).rounded() / 10) ms\n"
        _ = line.withCString { write(2, $0, strlen($0)) }
        return result
    }
}

extension Trace {
    /// Prints `text` as a trace line (when tracing).
    static func note(_ text: String) {
        guard enabled else { return }
        let line = "trace: \(text)\n"
        _ = line.withCString { write(2, $0, strlen($0)) }
    }
}

extension Trace {
    /// Marks along one thread's work: each ``mark(_:)`` prints the time since
    /// the previous one (when tracing).
    struct Marks {
        private var last: ContinuousClock.Instant? = Trace.enabled ? ContinuousClock.now : nil

        init() {}

        mutating func mark(_ label: StaticString) {
            guard let last else { return }
            let now = ContinuousClock.now
            let elapsed = now - last
            let milliseconds = Double(elapsed.components.seconds) * 1000 + Double(elapsed.components.attoseconds) * 1e-15
            let line = "trace: \(label) \((milliseconds * 10).rounded() / 10) ms\n"
            _ = line.withCString { write(2, $0, strlen($0)) }
            self.last = ContinuousClock.now
        }
    }
}
