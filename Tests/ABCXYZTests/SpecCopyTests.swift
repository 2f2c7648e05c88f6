import Foundation
import Testing

/// The repository keeps its own copy of the team's shared contract (`../shared/SPEC.md` and the
/// worked examples in `../shared/examples/`), so that it stands alone. These tests keep the copies
/// from drifting: where the shared folder is present (beside the repository root, or named by
/// `ABCXYZ_SHARED`, e.g. for a worktree elsewhere), each copy must equal it; where it is absent
/// they say they skipped.
@Suite("docs/spec.md and the worked examples are copies of the shared ones")
struct SpecCopyTests {
    static let root = fixtures.deletingLastPathComponent()

    /// `$ABCXYZ_SHARED`, else `../shared` beside the repository root.
    static let shared: URL = {
        if let path = ProcessInfo.processInfo.environment["ABCXYZ_SHARED"], !path.isEmpty {
            return URL(fileURLWithPath: path)
        }
        return root.deletingLastPathComponent().appendingPathComponent("shared")
    }()

    static func exists(_ url: URL, directory: Bool) -> Bool {
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory)
            && isDirectory.boolValue == directory
    }

    /// The regular files directly in `folder` (subfolders are compared as pairs of their own).
    static func files(in folder: URL) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: folder.path)
            .filter { exists(folder.appendingPathComponent($0), directory: false) }
            .sorted()
    }

    /// The one thing a fixture README may change: its citations of the contract, which live at
    /// `docs/spec.md` in the repository and at `SPEC.md` in the shared folder. The shared text with
    /// these rewrites applied must equal the repository's, byte for byte.
    static func citingTheRepositoryCopy(_ shared: Data) -> Data {
        var text = String(decoding: shared, as: UTF8.self)
        text = text.replacingOccurrences(of: "`../SPEC.md`", with: "[docs/spec.md](../../docs/spec.md)")
        text = text.replacingOccurrences(of: "SPEC §", with: "docs/spec.md §")
        return Data(text.utf8)
    }

    @Test("docs/spec.md is byte for byte the shared SPEC.md")
    func specIsTheSharedOne() throws {
        let original = Self.shared.appendingPathComponent("SPEC.md")
        guard Self.exists(original, directory: false) else {
            print("SpecCopyTests: skipped, no \(original.path) (set ABCXYZ_SHARED to the shared folder)")
            return
        }
        let copy = try Data(contentsOf: Self.root.appendingPathComponent("docs/spec.md"))
        let expected = try Data(contentsOf: original)
        #expect(copy == expected, "docs/spec.md differs from \(original.path): copy it again (cp \(original.path) docs/spec.md)")
    }

    @Test("fixtures/example/, its classic/ and fixtures/salon/ hold the shared examples file for file",
          arguments: [("fixtures/example", "examples"),
                      ("fixtures/example/classic", "examples/classic"),
                      ("fixtures/salon", "examples/salon")])
    func examplesAreTheSharedOnes(fixture: String, original: String) throws {
        let sharedFolder = Self.shared.appendingPathComponent(original)
        guard Self.exists(sharedFolder, directory: true) else {
            print("SpecCopyTests: skipped \(fixture), no \(sharedFolder.path)")
            return
        }
        let copyFolder = Self.root.appendingPathComponent(fixture)
        let expectedNames = try Self.files(in: sharedFolder)
        #expect(try Self.files(in: copyFolder) == expectedNames,
                "\(fixture)/ and \(sharedFolder.path)/ hold different files")
        for name in expectedNames {
            let copyFile = copyFolder.appendingPathComponent(name)
            guard Self.exists(copyFile, directory: false) else { continue }
            var expected = try Data(contentsOf: sharedFolder.appendingPathComponent(name))
            if name.hasSuffix(".md") { expected = Self.citingTheRepositoryCopy(expected) }
            #expect(try Data(contentsOf: copyFile) == expected,
                    "\(fixture)/\(name) differs from \(sharedFolder.path)/\(name)")
        }
    }
}
