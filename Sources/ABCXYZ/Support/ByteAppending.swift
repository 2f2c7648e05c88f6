/// Where the spellings of numbers, dates and fields write their bytes: an
/// array, or a ``SpelledBytes`` buffer for the listings' hot loop.
///
/// One spelling, written once, serves both: the reports and tests append to
/// `[UInt8]`, the listing writers to ``SpelledBytes``, whose append is a
/// capacity check and a store where an array's is a call that checks the
/// buffer is not shared (a line of a listing is some 120 appends).
protocol ByteAppending: ~Copyable {
    mutating func append(_ byte: UInt8)
    mutating func append(contentsOf bytes: some Sequence<UInt8>)
}

extension Array: ByteAppending where Element == UInt8 {}
