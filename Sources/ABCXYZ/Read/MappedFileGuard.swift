#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Keeps a mapped input that shrinks while it is read from crashing the
/// process.
///
/// When another program truncates a file we have mapped, reading a page past
/// its new end raises `SIGBUS`, which kills the process (exit 135). While a
/// thread reads a mapped input it names the mapping here (``reading(_:_:)``,
/// a thread-specific value, so no state is shared between threads). A
/// `SIGBUS` inside the mapping the faulting thread named is answered by
/// mapping fresh memory full of line breaks over the faulting megabyte, which
/// the parser skips as blank lines; the read then ends, and
/// ``InputBytes/verifyUnchanged(file:)`` sees the file's new size and throws
/// ``ReadError/Reason/changedWhileReading``. Any other `SIGBUS` goes to the
/// handler installed before this one (or the default: a crash), as before.
///
/// Cost on clean input: one `sigaction` per process, one thread-specific
/// store per piece, one `fstat` per file. The handler calls only `mmap` and
/// writes memory, both safe in a signal handler on Linux and macOS.
enum MappedFileGuard {
    /// Marks `region` (two `Int`s: first byte, end) as read by this thread during `body`.
    static func reading<T, E: Error>(_ region: UnsafePointer<Int>?, _ body: () throws(E) -> T) throws(E) -> T {
        guard let region else { return try body() }
        #if canImport(Glibc) || canImport(Darwin)
        let key = installed.key
        let outer = pthread_getspecific(key)
        pthread_setspecific(key, UnsafeRawPointer(region))
        defer { pthread_setspecific(key, outer) }
        #endif
        return try body()
    }

    /// Bytes given fresh memory per fault: large enough that a gigabyte cut
    /// off costs a thousand faults, small enough to stay out of the way.
    static let replacementBytes = 1 << 20

    #if canImport(Glibc) || canImport(Darwin)
    /// The thread-specific key and the handler that was there before, set once.
    ///
    /// `@unchecked Sendable` because it holds a raw pointer. Proof of safety: the
    /// one value is built inside `installed`'s initialiser, which Swift runs once
    /// under its lazy-initialisation lock; `previous` is written there (by
    /// `sigaction`) before the value is published, and only read afterwards.
    private struct Installation: @unchecked Sendable {
        var key: pthread_key_t
        var previous: UnsafeMutablePointer<sigaction>
        var pageSize: Int
    }

    private static let installed: Installation = {
        var key = pthread_key_t()
        pthread_key_create(&key, nil)
        let previous = UnsafeMutablePointer<sigaction>.allocate(capacity: 1)
        previous.initialize(to: sigaction())
        var action = sigaction()
        #if canImport(Glibc)
        action.__sigaction_handler.sa_sigaction = handleBusError
        #else
        action.__sigaction_u.__sa_sigaction = handleBusError
        #endif
        action.sa_flags = SA_SIGINFO
        sigemptyset(&action.sa_mask)
        let installation = Installation(key: key, previous: previous, pageSize: Int(sysconf(Int32(_SC_PAGESIZE))))
        sigaction(SIGBUS, &action, previous)
        return installation
    }()

    private static let handleBusError: @convention(c) (Int32, UnsafeMutablePointer<siginfo_t>?, UnsafeMutableRawPointer?)
        -> Void = { _, info, _ in
            let installation = MappedFileGuard.installed
            #if canImport(Glibc)
            let address = info.map { Int(bitPattern: $0.pointee._sifields._sigfault.si_addr) } ?? 0
            #else
            let address = info.map { Int(bitPattern: $0.pointee.si_addr) } ?? 0
            #endif
            if let region = pthread_getspecific(installation.key)?.assumingMemoryBound(to: Int.self),
               address >= region[0], address < region[1]
            {
                let pageSize = installation.pageSize
                let first = address & ~(pageSize - 1)
                let end = min(first + MappedFileGuard.replacementBytes,
                              (region[1] + pageSize - 1) & ~(pageSize - 1))
                if let page = UnsafeMutableRawPointer(bitPattern: first),
                   mmap(page, end - first, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANON | MAP_FIXED, -1, 0)
                       != MAP_FAILED
                {
                    memset(page, Int32(UInt8(ascii: "\n")), end - first)
                    return
                }
            }
            // Not ours: restore the earlier handler; the faulting access runs again and reaches it.
            sigaction(SIGBUS, installation.previous, nil)
        }
    #endif
}
