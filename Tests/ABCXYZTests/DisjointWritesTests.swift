@testable import ABCXYZ
import Testing

/// `DisjointWrites` is the one door parallel workers have to a shared buffer:
/// writes inside it land where they should, writes outside it trap.
@Suite("DisjointWrites: checked writes into a buffer shared by parallel workers")
struct DisjointWritesTests {
    @Test("initialize(at:to:) fills an uninitialised array from many threads, each slot once", arguments: [1, 3, 8])
    func initializeFillsEverySlot(threads: Int) {
        let count = 1000
        let ranges = Parallel.ranges(count, parts: threads * 4)
        // A type with a reference inside, so a write that treated the slot as
        // initialised (releasing garbage) or skipped it would show.
        let values = [String](unsafeUninitializedCapacity: count) { buffer, initialized in
            let output = DisjointWrites(buffer)
            Parallel.forEach(ranges.count, threads: threads) { range in
                for index in ranges[range] { output.initialize(at: index, to: "slot \(index)") }
            }
            initialized = count
        }
        #expect(values == (0..<count).map { "slot \($0)" })
    }

    @Test("The subscript reads and replaces a slot that holds a value")
    func subscriptReplaces() {
        var values = ["a", "b", "c"]
        values.withUnsafeMutableBufferPointer { buffer in
            let slots = DisjointWrites(buffer)
            #expect(slots.count == 3)
            #expect(slots[1] == "b")
            slots[1] = "B"
            slots[2] = slots[0] + slots[1]
        }
        #expect(values == ["a", "B", "aB"])
    }

    /// Exit tests: the check must stop the process, which only a child process can show.
    /// The subscript's check is an `assert`, so its trap is a debug build's (the tests').
    @Test("An index outside the buffer traps, in initialize(at:to:) and in the subscript")
    func outOfRangeTraps() async {
        await #expect(processExitsWith: .failure) {
            var storage = [Int](repeating: 0, count: 4)
            storage.withUnsafeMutableBufferPointer { DisjointWrites($0).initialize(at: 4, to: 1) }
        }
        #if DEBUG
        await #expect(processExitsWith: .failure) {
            var storage = [Int](repeating: 0, count: 4)
            storage.withUnsafeMutableBufferPointer { DisjointWrites($0)[-1] = 1 }
        }
        #endif
    }
}
