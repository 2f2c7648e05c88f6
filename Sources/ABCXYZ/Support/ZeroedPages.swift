#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Zeroed memory for tables probed at random (the client id tables): from
/// 2 MiB up, fresh pages from the kernel, whole 2 MiB pages, aligned and
/// advised as such (`MADV_HUGEPAGE`).
///
/// Why: a thread's id table at 10 M rows is 12 MiB, 3 000 pages of 4 KiB,
/// beyond the TLB's reach, so nearly every lookup missed the TLB as well as
/// the cache; in 2 MiB pages it is six. The kernel's pages come zeroed, so
/// the table is not cleared a second time. The size is rounded up to whole
/// huge pages: with 64 partitions a partition's table at 100 M rows was
/// 3 MiB, and as one huge page and 1 MiB of small ones the parse was slower,
/// as whole huge pages 7 % faster (up to 1 MiB more per table; BENCHMARKS.md,
/// stop 27).
/// Where the kernel has no huge page to give (or `transparent_hugepage` is
/// `never`), the advice is ignored and the memory is ordinary. Smaller tables
/// (managers, categories, tests) use `calloc`: a mapping per table would cost
/// more than it saves.
enum ZeroedPages {
    /// The size of a huge page: allocations of one or more are mapped in huge
    /// pages, aligned to one and rounded up to whole ones.
    static let hugePageSize = 2 << 20

    /// `byteCount` zeroed bytes, aligned to at least 16 (to 2 MiB from ``hugePageSize``);
    /// free with ``deallocate(_:byteCount:)`` and the same count.
    static func allocate(byteCount: Int) -> UnsafeMutableRawPointer {
        precondition(byteCount > 0, "an empty table")
        guard byteCount >= hugePageSize else {
            guard let memory = calloc(byteCount, 1) else { fatalError("out of memory: \(byteCount) bytes") }
            return memory
        }
        let byteCount = rounded(byteCount)
        let mappedCount = byteCount + hugePageSize
        guard let mapping = mmap(nil, mappedCount, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0),
              mapping != MAP_FAILED
        else { fatalError("out of memory: \(byteCount) bytes") }
        // Keep the 2 MiB-aligned part and give back what precedes and follows it.
        let address = UInt(bitPattern: mapping)
        let mask = UInt(hugePageSize - 1)
        let aligned = (address + mask) & ~mask
        let head = Int(aligned - address)
        if head > 0 { munmap(mapping, head) }
        let tail = mappedCount - head - byteCount
        let memory = UnsafeMutableRawPointer(bitPattern: aligned)!
        if tail > 0 { munmap(memory + byteCount, tail) }
        #if os(Linux)
        _ = madvise(memory, byteCount, MADV_HUGEPAGE)
        #endif
        return memory
    }

    /// `byteCount` rounded up to whole huge pages.
    private static func rounded(_ byteCount: Int) -> Int {
        (byteCount + hugePageSize - 1) & ~(hugePageSize - 1)
    }

    /// Frees memory from ``allocate(byteCount:)`` of `byteCount` bytes.
    static func deallocate(_ memory: UnsafeMutableRawPointer, byteCount: Int) {
        if byteCount >= hugePageSize {
            munmap(memory, rounded(byteCount))
        } else {
            free(memory)
        }
    }
}
