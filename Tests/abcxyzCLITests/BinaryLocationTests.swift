import Foundation
import Testing

@Suite("The command-line tests run the binary that was just built")
struct BinaryLocationTests {
    /// A checkout in a folder named `abcxyz` (git's default) once passed for the binary,
    /// because it "is executable": every command-line test then failed to launch.
    @Test("The binary is the build folder's abcxyz, a regular file, whatever the checkout is called")
    func binaryIsTheBuiltExecutable() throws {
        let path = Binary.url.path
        #expect(Binary.url.lastPathComponent == "abcxyz")
        #expect(Binary.isRegularExecutable(path))
        #expect(!path.hasPrefix(repositoryRoot.path + "/abcxyz"))
        #expect(path != repositoryRoot.path)
        let run = try Binary.run(["--version"])
        #expect(run.status == 0)
        #expect(run.standardOutput.range(of: #"^\d+\.\d+\.\d+\n$"#, options: .regularExpression) != nil)
    }

    @Test("A folder is never taken for the binary, even when it is searchable (executable)")
    func folderIsNotABinary() throws {
        try withTemporaryDirectory { folder in
            let decoy = folder.appendingPathComponent("abcxyz")
            try FileManager.default.createDirectory(at: decoy, withIntermediateDirectories: true)
            #expect(FileManager.default.isExecutableFile(atPath: decoy.path))
            #expect(!Binary.isRegularExecutable(decoy.path))
        }
    }
}
