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
/// 3 GB export never sits in memory whole.
///
/// `@unchecked Sendable` because it holds a raw pointer. Proof of safety: the
/// bytes are written only in `init`, before the object can be shared; after
/// that every access is a read. ``release(_:)`` asks the kernel to drop pages
/// of a private read-only file mapping, and a later read of them faults the
/// same file bytes back in, so no reader can observe a change. The memory is
/// unmapped or freed in `deinit`, when no reference (and so no reader) is left.
final class InputBytes: @unchecked Sendable {
    /// The first byte. Valid for `count` bytes (never null, even when empty).
    let base: UnsafePointer<UInt8>
    /// The number of bytes.
    let count: Int
    private let mappedLength: Int  // 0 when the bytes were allocated
    private static let pageSize = Int(sysconf(Int32(_SC_PAGESIZE)))

    /// Maps the file at `path`, or reads it whole when it cannot be mapped
    /// (a pipe, a character device).
    init(contentsOfFile path: String) throws(ReadError) {
        let descriptor = open(path, O_RDONLY)
        guard descriptor >= 0 else { throw ReadError.cannotOpen(path, errno: errno) }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0 else { throw ReadError.cannotOpen(path, errno: errno) }
        if (status.st_mode & S_IFMT) == S_IFDIR { throw ReadError.cannotOpen(path, errno: EISDIR) }
        let size = Int(status.st_size)
        if (status.st_mode & S_IFMT) == S_IFREG, size > 0,
           let mapping = mmap(nil, size, PROT_READ, MAP_PRIVATE, descriptor, 0),
           mapping != MAP_FAILED
        {
            _ = madvise(mapping, size, MADV_SEQUENTIAL)
            base = UnsafePointer(mapping.assumingMemoryBound(to: UInt8.self))
            count = size
            mappedLength = size
            return
        }
        let (buffer, length) = try InputBytes.readAll(descriptor, path: path)
        base = UnsafePointer(buffer)
        count = length
        mappedLength = 0
    }

    /// Reads standard input (or any open descriptor) to its end.
    init(readingDescriptor descriptor: Int32, name: String) throws(ReadError) {
        let (buffer, length) = try InputBytes.readAll(descriptor, path: name)
        base = UnsafePointer(buffer)
        count = length
        mappedLength = 0
    }

    /// Copies `bytes`.
    init(copying bytes: some Collection<UInt8>) {
        let buffer = UnsafeMutablePointer<UInt8>.allocate(capacity: max(bytes.count, 1))
        _ = UnsafeMutableBufferPointer(start: buffer, count: bytes.count).initialize(from: bytes)
        base = UnsafePointer(buffer)
        count = bytes.count
        mappedLength = 0
    }

    deinit {
        if mappedLength > 0 {
            munmap(UnsafeMutableRawPointer(mutating: base), mappedLength)
        } else {
            UnsafeMutablePointer(mutating: base).deallocate()
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

    private static func readAll(_ descriptor: Int32, path: String) throws(ReadError)
        -> (UnsafeMutablePointer<UInt8>, Int)
    {
        var capacity = 1 << 20
        var buffer = UnsafeMutablePointer<UInt8>.allocate(capacity: capacity)
        var length = 0
        while true {
            if length == capacity {
                let bigger = UnsafeMutablePointer<UInt8>.allocate(capacity: capacity * 2)
                bigger.update(from: buffer, count: length)
                buffer.deallocate()
                buffer = bigger
                capacity *= 2
            }
            let got = read(descriptor, buffer + length, capacity - length)
            if got == 0 { break }
            if got < 0 {
                if errno == EINTR { continue }
                let code = errno
                buffer.deallocate()
                throw ReadError.cannotOpen(path, errno: code)
            }
            length += got
        }
        return (buffer, length)
    }
}
