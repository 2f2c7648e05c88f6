// libFuzzer entry point for the reader (and what follows it). Built by
// Fuzz/run.sh together with the library's sources, as one module, with
// `-sanitize=fuzzer,address`; not part of the package build. The checks are
// ReaderSelfCheck (Sources/ABCXYZTestSupport), shared with the regression tests;
// any finding stops the run, so libFuzzer saves the input.

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzReader(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let findings = ReaderSelfCheck.findings(UnsafeBufferPointer(start: data, count: size))
    if !findings.isEmpty { fatalError(findings.map(\.description).joined(separator: "; ")) }
    return 0
}
