// swift-tools-version:6.0
//
// abcxyz: which lost clients to win back first, and what losing them costs.
// Toolchain only: no package dependencies (see README, "Zero dependencies").

import PackageDescription

let package = Package(
    name: "abcxyz",
    products: [
        .library(name: "ABCXYZ", targets: ["ABCXYZ"]),
        .executable(name: "abcxyz", targets: ["ABCXYZCommand"]),
    ],
    targets: [
        // MARK: - Public API

        /// All of the method: reading exports, grouping, classifying, writing results.
        /// Its doc comments cite the method as "SPEC §n": section n of docs/spec.md.
        .target(name: "ABCXYZ", dependencies: ["CPrefetch"]),

        /// One inline C function, a cache prefetch, which Swift has no intrinsic for.
        .target(name: "CPrefetch"),

        // MARK: - Command-line tool

        /// `abcxyz`: a thin shell over the library's public API.
        .executableTarget(
            name: "ABCXYZCommand",
            dependencies: ["ABCXYZ"],
            path: "Sources/abcxyz"
        ),

        // MARK: - Benchmarks (release build: swift run -c release abcxyz-benchmarks)

        .executableTarget(
            name: "abcxyz-benchmarks",
            dependencies: ["ABCXYZ"],
            path: "Benchmarks/Sources/ABCXYZBenchmarks"
        ),

        // MARK: - Test support (no product: for the tests and Fuzz/ only)

        /// The fuzzer's consistency checks, run by `FuzzCrasherTests` on the saved
        /// inputs; Fuzz/run.sh compiles the same file into the fuzzer.
        .target(name: "ABCXYZTestSupport", dependencies: ["ABCXYZ"]),

        // MARK: - Tests

        .testTarget(name: "ABCXYZTests", dependencies: ["ABCXYZ", "ABCXYZTestSupport"]),
        .testTarget(
            name: "abcxyzCLITests",
            dependencies: ["ABCXYZCommand"]
        ),
    ],
    swiftLanguageModes: [.v6]
)
