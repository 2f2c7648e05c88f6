#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The bytes of one input: a file mapped into memory, or a buffer read from a
/// pipe or handed over by the caller.
///
/// Mapping lets every parser thread read its own byte range with no copy, and
/// lets a finished range be given back to the system (``release(_:)``), so a
/// 3 GB export never sits in memory whole. A mapped file that another program
/// truncates while it is read would crash the process (`SIGBUS`);
/// ``MappedFileGuard`` turns that into ``verifyUnchanged(file:)`` failing.
/// Reading the file into memory instead would avoid the signal, at the price
/// of holding the whole file (a 3 GB export: 3 GB) and copying it first.
///
/// `@unchecked Sendable` because it holds a raw pointer. Proof of safety: the
/// bytes are written only in `init`, before the object can be shared; after
/// that every access is a read. ``release(_:)`` asks the kernel to drop pages
/// of a private read-only file mapping, and a later read of them faults the
/// same file bytes back in, so no reader can observe a change (a truncated
/// file aside, which the guard and ``verifyUnchanged(file:)`` turn into an
/// error). The memory is unmapped or freed in `deinit`, when no reference (and
/// so no reader) is left.
final class InputBytes: @unchecked Sendable {
    /// The first byte. Valid for `count` bytes (never null, even when empty).
    let base: UnsafePointer<UInt8>
    /// The number of bytes.
    let count: Int
    private let mappedLength: Int  // 0 when the bytes were allocated
    /// The mapped file, kept open to check it did not change; -1 for buffers.
    private let descriptor: Int32
    /// The mapped file's size and modification time when it was mapped.
    private let mappedStamp: FileStamp?
    /// `[base, base + count)` for ``MappedFileGuard``; nil for buffers.
    private let guardRegion: UnsafeMutablePointer<Int>?
    private static let pageSize = Int(sysconf(Int32(_SC_PAGESIZE)))

    /// Maps the file at `path`, or reads it whole when it cannot be mapped
    /// (a pipe, a character device), checking the bytes with `check` as they arrive.
    convenience init(contentsOfFile path: String, check: StreamCheck? = nil) throws(ReadError) {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw ReadError.cannotOpen(path, errno: errno) }
        try self.init(adopting: descriptor, name: path, check: check)
    }

    /// Reads standard input (or any open descriptor) to its end; a regular
    /// file (`abcxyz classify < sales.csv`) is mapped like a named one.
    convenience init(readingDescriptor descriptor: Int32, name: String, check: StreamCheck? = nil)
        throws(ReadError)
    {
        let own = dup(descriptor)
        guard own >= 0 else { throw ReadError.cannotOpen(name, errno: errno) }
        _ = fcntl(own, F_SETFD, FD_CLOEXEC)
        try self.init(adopting: own, name: name, check: check)
    }

    /// Takes over `descriptor` (closed here, or in `deinit` for a mapping).
    private init(adopting descriptor: Int32, name: String, check: StreamCheck?) throws(ReadError) {
        var status = stat()
        guard fstat(descriptor, &status) == 0 else {
            let code = errno
            close(descriptor)
            throw ReadError.cannotOpen(name, errno: code)
        }
        if (status.st_mode & S_IFMT) == S_IFDIR {
            close(descriptor)
            throw ReadError.cannotOpen(name, errno: EISDIR)
        }
        let size = Int(status.st_size)
        // A regular file read from its start (standard input may have been read from already).
        if (status.st_mode & S_IFMT) == S_IFREG, size > 0, lseek(descriptor, 0, SEEK_CUR) == 0,
           let mapping = mmap(nil, size, PROT_READ, MAP_PRIVATE, descriptor, 0),
           mapping != MAP_FAILED
        {
            _ = madvise(mapping, size, MADV_SEQUENTIAL)
            base = UnsafePointer(mapping.assumingMemoryBound(to: UInt8.self))
            count = size
            mappedLength = size
            self.descriptor = descriptor
            mappedStamp = FileStamp(status)
            let region = UnsafeMutablePointer<Int>.allocate(capacity: 2)
            region[0] = Int(bitPattern: mapping)
            region[1] = Int(bitPattern: mapping) + size
            guardRegion = region
            return
        }
        defer { close(descriptor) }
        let (buffer, length) = try InputBytes.readAll(descriptor, path: name, check: check)
        base = UnsafePointer(buffer)
        count = length
        mappedLength = 0
        self.descriptor = -1
        mappedStamp = nil
        guardRegion = nil
    }

    /// Copies `bytes`.
    init(copying bytes: some Collection<UInt8>) {
        let buffer = UnsafeMutablePointer<UInt8>.allocate(capacity: max(bytes.count, 1))
        _ = UnsafeMutableBufferPointer(start: buffer, count: bytes.count).initialize(from: bytes)
        base = UnsafePointer(buffer)
        count = bytes.count
        mappedLength = 0
        descriptor = -1
        mappedStamp = nil
        guardRegion = nil
    }

    deinit {
        if mappedLength > 0 {
            munmap(UnsafeMutableRawPointer(mutating: base), mappedLength)
            close(descriptor)
            guardRegion?.deallocate()
        } else {
            UnsafeMutablePointer(mutating: base).deallocate()
        }
    }

    /// Runs `body`, in which this thread reads the bytes, with a truncation
    /// of a mapped file turned from a crash into bytes the read skips
    /// (``MappedFileGuard``). Every thread that reads a mapping reads inside one.
    func guardingReads<T, E: Error>(_ body: () throws(E) -> T) throws(E) -> T {
        try MappedFileGuard.reading(guardRegion.map { UnsafePointer($0) }, body)
    }

    /// Throws ``ReadError/Reason/changedWhileReading`` when the mapped file's
    /// size or modification time is not what it was when it was mapped: the
    /// bytes read may not be the file's. Nothing to check for buffers.
    func verifyUnchanged(file: String) throws(ReadError) {
        guard let mappedStamp else { return }
        var status = stat()
        guard fstat(descriptor, &status) == 0, FileStamp(status) == mappedStamp else {
            throw ReadError(file: file, reason: .changedWhileReading)
        }
    }

    /// Tells the system the bytes in `range` will not be read again soon, so
    /// their pages need not count against the process. Reading them later is
    /// still correct (they come back from the file). A no-op for buffers.
    func release(_ range: Range<Int>) {
        guard mappedLength > 0 else { return }
        let first = (range.lowerBound + InputBytes.pageSize - 1) / InputBytes.pageSize * InputBytes.pageSize
        let last = range.upperBound / InputBytes.pageSize * InputBytes.pageSize
        guard last > first else { return }
        _ = madvise(UnsafeMutableRawPointer(mutating: base + first), last - first, MADV_DONTNEED)
    }

    private static func readAll(_ descriptor: Int32, path: String, check: StreamCheck?) throws(ReadError)
        -> (UnsafeMutablePointer<UInt8>, Int)
    {
        var check = check
        var capacity = 1 << 20
        var buffer = UnsafeMutablePointer<UInt8>.allocate(capacity: capacity)
        var length = 0
        do throws(ReadError) {
            while true {
                if length == capacity {
                    let limit = check?.limit ?? Int.max
                    if capacity >= limit { throw ReadError(file: path, reason: .inputTooLarge(limit: limit)) }
                    let larger = min(capacity * 2, limit)
                    let bigger = UnsafeMutablePointer<UInt8>.allocate(capacity: larger)
                    bigger.update(from: buffer, count: length)
                    buffer.deallocate()
                    buffer = bigger
                    capacity = larger
                }
                let got = read(descriptor, buffer + length, capacity - length)
                if got == 0 { break }
                if got < 0 {
                    if errno == EINTR { continue }
                    throw ReadError.cannotOpen(path, errno: errno)
                }
                length += got
                try check?.arrived(buffer, count: length)
            }
        } catch {
            buffer.deallocate()
            throw error
        }
        return (buffer, length)
    }
}

/// What tells a file changed: its size and modification time.
private struct FileStamp: Equatable {
    var size: Int
    var seconds: Int
    var nanoseconds: Int

    init(_ status: stat) {
        size = Int(status.st_size)
        #if canImport(Darwin)
        seconds = Int(status.st_mtimespec.tv_sec)
        nanoseconds = Int(status.st_mtimespec.tv_nsec)
        #else
        seconds = Int(status.st_mtim.tv_sec)
        nanoseconds = Int(status.st_mtim.tv_nsec)
        #endif
    }
}
