#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Zeroed memory for tables probed at random (the client id tables): from
/// 4 MiB up, fresh pages from the kernel, aligned to and advised as 2 MiB
/// pages.
///
/// Why: a thread's id table at 10 M rows is 12 MiB, 3 000 pages of 4 KiB,
/// beyond the TLB's reach, so nearly every lookup missed the TLB as well as
/// the cache; in 2 MiB pages it is six. The kernel's pages come zeroed, so
/// the table is not cleared a second time. Where the kernel has no huge page
/// to give (or `transparent_hugepage` is `never`), the advice is ignored and
/// the memory is ordinary. Smaller tables use `calloc`: the managers',
/// the categories', and the partitions' tables at 100 M rows (3 MiB each,
/// 64 per thread), which read 3–15 % slower in huge pages (BENCHMARKS.md,
/// stop 27): a mapping per table, and the kernel compacting memory to find
/// 2 MiB at each first touch, cost more than the TLB saves at that size.
enum ZeroedPages {
    /// The size of a huge page, to which large allocations are aligned.
    static let hugePageSize = 2 << 20
    /// The size from which memory is mapped in huge pages.
    static let threshold = 4 << 20

    /// `byteCount` zeroed bytes, aligned to at least 16; free with ``deallocate(_:byteCount:)``
    /// and the same count.
    static func allocate(byteCount: Int) -> UnsafeMutableRawPointer {
        precondition(byteCount > 0, "an empty table")
        guard byteCount >= threshold else {
            guard let memory = calloc(byteCount, 1) else { fatalError("out of memory: \(byteCount) bytes") }
            return memory
        }
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

    /// Frees memory from ``allocate(byteCount:)`` of `byteCount` bytes.
    static func deallocate(_ memory: UnsafeMutableRawPointer, byteCount: Int) {
        if byteCount >= threshold {
            munmap(memory, byteCount)
        } else {
            free(memory)
        }
    }
}
