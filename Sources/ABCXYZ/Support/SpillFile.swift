#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

/// Memory backed by a temporary file, for the rows of an export too large
/// for the machine's memory (issue 16: a billion rows are 20 GB of columns
/// and 16 GB of grouped histories, on a 24 GiB machine).
///
/// Each allocation is a page-aligned region of one sparse file, mapped
/// shared: the kernel writes its pages to disk and drops them when memory is
/// short, and reads them back when they are touched again, so the engine's
/// own (anonymous) memory stays bounded. The engine's access pattern suits
/// it: the parser appends each partition's columns in order, and grouping and
/// classifying take one partition's rows at a time. A freed region is
/// unmapped and its blocks given back to the file system (a punched hole).
///
/// The file is unlinked as soon as it is created, so nothing is left behind,
/// whatever way the process ends; its space is the file system's again once
/// the last region is unmapped and the descriptor closed.
///
/// `@unchecked Sendable`. Proof of safety: the only mutable state, the end of
/// the file and the table of regions, is touched under `lock`; the regions
/// handed out are the callers' own, each written by one owner at a time.
final class SpillFile: @unchecked Sendable {
    /// Where the file is: `TMPDIR`, or `/tmp`.
    let folder: String
    private let descriptor: Int32
    private let lock = NSLock()
    private var end = 0
    /// Each live region's offset in the file and length, by its address.
    private var regions: [UInt: (offset: Int, length: Int)] = [:]
    /// Bytes in live regions, and the most at any time (what the tests check).
    private(set) var liveBytes = 0
    private(set) var peakBytes = 0
    private static let pageSize = Int(sysconf(Int32(_SC_PAGESIZE)))

    /// A new, already unlinked file in `folder`.
    init(folder: String) throws(ReadError) {
        var template = Array((folder.hasSuffix("/") ? folder : folder + "/").utf8CString.dropLast())
            + Array("abcxyz-spill-XXXXXX".utf8CString)
        let descriptor = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard descriptor >= 0 else { throw ReadError.cannotSpill(folder, errno: errno) }
        unlink(template)
        _ = fcntl(descriptor, F_SETFD, FD_CLOEXEC)
        self.folder = folder
        self.descriptor = descriptor
    }

    deinit {
        close(descriptor)
    }

    /// The folder temporary files go to: `TMPDIR` when set, else `/tmp`.
    static var defaultFolder: String {
        if let value = getenv("TMPDIR"), value.pointee != 0 { return String(cString: value) }
        return "/tmp"
    }

    /// Bytes free for an unprivileged writer in `folder`, or nil when unknown.
    static func freeBytes(in folder: String) -> Int? {
        var info = statvfs()
        guard statvfs(folder, &info) == 0 else { return nil }
        return Int(info.f_bavail) * Int(info.f_frsize)
    }

    /// Inputs larger than this share of the machine's memory are spilled:
    /// their rows take about as many bytes in memory as in the file (20 a row
    /// in columns and 16 grouped, against 30–40 a record), held partly side by side.
    static let memoryShareBeforeSpilling = 0.5

    /// `ABCXYZ_SPILL=1` spills every input, `0` none: the benchmarks' way to
    /// time both sides of the choice (BENCHMARKS.md).
    static let environmentChoice: Bool? = getenv("ABCXYZ_SPILL").flatMap { value in
        switch String(cString: value) {
        case "1": true
        case "0": false
        default: nil
        }
    }

    /// The memory this process may use, in bytes: the machine's, or less when
    /// a control group (a container) limits it.
    static var usableMemory: Int {
        let machine = Int(sysconf(Int32(_SC_PHYS_PAGES))) * pageSize
        let limits = ["/sys/fs/cgroup/memory.max", "/sys/fs/cgroup/memory/memory.limit_in_bytes"]
            .compactMap(controlGroupLimit(at:))
        return limits.reduce(machine) { min($0, $1) }
    }

    /// A control group's memory limit in the file at `path` (`max`, or a
    /// number); `nil` when there is none.
    static func controlGroupLimit(at path: String) -> Int? {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return nil }
        return Self.parseLimit(text)
    }

    /// `"4294967296\n"` → 4 GiB; `"max"` or anything else → `nil`.
    static func parseLimit(_ text: String) -> Int? {
        Int(text.trimmingCharacters(in: .whitespacesAndNewlines)).flatMap { $0 > 0 ? $0 : nil }
    }

    /// The file an input of `bodyBytes` spills its rows to: `requested`
    /// (or `ABCXYZ_SPILL`) decides, else the input's size against ``usableMemory``
    /// (the machine's or a container's). Throws when the folder cannot take a file, or has clearly too
    /// little room (the rows need about as many bytes as the input).
    static func forInput(bodyBytes: Int, requested: Bool?) throws(ReadError) -> SpillFile? {
        let spills = requested ?? environmentChoice
            ?? (Double(bodyBytes) > Double(usableMemory) * memoryShareBeforeSpilling)
        guard spills else { return nil }
        let folder = defaultFolder
        if let free = freeBytes(in: folder), free < bodyBytes {
            throw ReadError(file: folder, reason: .cannotSpill(
                "\(free >> 20) MiB free, and the rows need about \(bodyBytes >> 20) MiB"))
        }
        return try SpillFile(folder: folder)
    }

    /// A region of `count` elements of `T`, uninitialized, zero-filled on first touch.
    func allocate<T>(_: T.Type, capacity count: Int) -> UnsafeMutablePointer<T> {
        let bytes = max(count, 1) * MemoryLayout<T>.stride
        let length = (bytes + Self.pageSize - 1) / Self.pageSize * Self.pageSize
        lock.lock()
        defer { lock.unlock() }
        let offset = end
        end += length
        guard ftruncate(descriptor, off_t(end)) == 0 else {
            fatalError("abcxyz: cannot grow the temporary file in \(folder): \(ReadError.systemReason(errno))")
        }
        guard let mapped = mmap(nil, length, PROT_READ | PROT_WRITE, MAP_SHARED, descriptor, off_t(offset)),
              mapped != MAP_FAILED
        else {
            fatalError("abcxyz: cannot map the temporary file in \(folder): \(ReadError.systemReason(errno))")
        }
        regions[UInt(bitPattern: mapped)] = (offset, length)
        liveBytes += length
        peakBytes = max(peakBytes, liveBytes)
        return mapped.bindMemory(to: T.self, capacity: max(count, 1))
    }

    /// Unmaps a region from ``allocate(_:capacity:)`` and frees its blocks.
    func deallocate<T>(_ pointer: UnsafeMutablePointer<T>) {
        lock.lock()
        defer { lock.unlock() }
        guard let region = regions.removeValue(forKey: UInt(bitPattern: pointer)) else {
            preconditionFailure("SpillFile: a region freed twice, or not its own")
        }
        #if os(Linux)
        // Frees the file's blocks too (a hole), and drops dirty pages unwritten.
        _ = madvise(pointer, region.length, MADV_REMOVE)
        #endif
        munmap(pointer, region.length)
        liveBytes -= region.length
    }

    /// Whether `pointer` is a live region of this file.
    func owns<T>(_ pointer: UnsafeMutablePointer<T>) -> Bool {
        lock.lock()
        defer { lock.unlock() }
        return regions[UInt(bitPattern: pointer)] != nil
    }
}

/// Where a buffer's memory comes from: the heap, or a ``SpillFile``.
/// Lets the column and history buffers stay one type either way.
enum RowMemory {
    @inline(__always)
    static func allocate<T>(_ type: T.Type, capacity: Int, in spill: SpillFile?) -> UnsafeMutablePointer<T> {
        spill?.allocate(type, capacity: capacity) ?? .allocate(capacity: capacity)
    }

    /// Frees memory of ``allocate(_:capacity:in:)`` that holds at least
    /// `count` elements. From the heap, a region of a megabyte or more first
    /// hands its whole pages back (`MADV_DONTNEED`), then is freed: `munmap`
    /// holds the address space's lock for writing, so two threads freeing
    /// two columns took turns, while `madvise` takes it for reading and they
    /// free their pages side by side (400 MB: 38–52 ms either way with
    /// `munmap`, 20–27 ms with `madvise` on two threads; BENCHMARKS.md, stop 25).
    @inline(__always)
    static func deallocate<T>(_ pointer: UnsafeMutablePointer<T>, count: Int, in spill: SpillFile?) {
        if let spill { return spill.deallocate(pointer) }
        let bytes = count * MemoryLayout<T>.stride
        if bytes >= 1 << 20 { handBackPages(UnsafeMutableRawPointer(pointer), bytes: bytes) }
        pointer.deallocate()
    }

    /// `MADV_DONTNEED` over the whole pages inside `bytes` bytes from `start`:
    /// memory about to be freed, so nothing reads the zeros it leaves. The
    /// pages around, which may hold the allocator's own records, are not touched.
    static func handBackPages(_ start: UnsafeMutableRawPointer, bytes: Int) {
        guard let pages = wholePages(start, bytes: bytes, pageSize: pageSize) else { return }
        _ = madvise(pages.start, pages.length, MADV_DONTNEED)
    }

    /// The whole pages of `pageSize` (a power of two) inside `bytes` bytes from
    /// `start`: their start and length, or `nil` when there is none.
    private static func wholePages(_ start: UnsafeMutableRawPointer, bytes: Int,
                                   pageSize: Int) -> (start: UnsafeMutableRawPointer, length: Int)? {
        let page = UInt(pageSize)
        let first = (UInt(bitPattern: start) + page - 1) & ~(page - 1)
        let end = (UInt(bitPattern: start) + UInt(bytes)) & ~(page - 1)
        guard end > first, let region = UnsafeMutableRawPointer(bitPattern: first) else { return nil }
        return (region, Int(end - first))
    }

    private static let pageSize = Int(sysconf(Int32(_SC_PAGESIZE)))
}
