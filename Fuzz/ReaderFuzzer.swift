// libFuzzer entry point for the reader (and what follows it). Built by
// Fuzz/run.sh together with the library's sources, as one module, with
// `-sanitize=fuzzer,address`; not part of the package build. The checks are
// ReaderSelfCheck (Sources/ABCXYZ/Support), shared with the regression tests.

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzReader(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    ReaderSelfCheck.run(UnsafeBufferPointer(start: data, count: size))
    return 0
}
