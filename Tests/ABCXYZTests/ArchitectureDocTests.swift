import Foundation
import Testing

/// docs/architecture.md is the map of `Sources/`. These tests keep it from going stale unseen:
/// every Swift file must have its line under its folder's heading, and nothing the page names
/// (a path, a file, a type in backticks) may be gone.
@Suite("docs/architecture.md names every file of Sources/ and nothing that is gone")
struct ArchitectureDocTests {
    static let root = fixtures.deletingLastPathComponent()

    static func document() throws -> String {
        try String(contentsOf: root.appendingPathComponent("docs/architecture.md"), encoding: .utf8)
    }

    /// Every file under `Sources/`, as a path from the repository root.
    static func sourceFiles() throws -> [String] {
        let sources = root.appendingPathComponent("Sources")
        let enumerator = try #require(FileManager.default.enumerator(atPath: sources.path))
        return enumerator.compactMap { $0 as? String }
            .filter { path in
                var isDirectory: ObjCBool = false
                let full = sources.appendingPathComponent(path).path
                return FileManager.default.fileExists(atPath: full, isDirectory: &isDirectory) && !isDirectory.boolValue
            }
            .map { "Sources/" + $0 }
            .sorted()
    }

    /// The file lines of "Every file": `### `Sources/FOLDER/`` headings, then `- `NAME`: …`
    /// items, as full paths (`Sources/FOLDER/NAME`).
    static func listedFiles(in document: String) -> [String] {
        var folder: String?
        var listed: [String] = []
        for line in document.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("#") {
                folder = nil
                if line.hasPrefix("### `Sources/"),
                   let end = line.dropFirst(5).firstIndex(of: "`") {
                    folder = String(line[line.index(line.startIndex, offsetBy: 5)..<end])
                }
            } else if let folder, line.hasPrefix("- `"),
                      let end = line.dropFirst(3).firstIndex(of: "`") {
                listed.append(folder + line[line.index(line.startIndex, offsetBy: 3)..<end])
            }
        }
        return listed
    }

    static func matches(of pattern: String, in text: String) throws -> [String] {
        let expression = try NSRegularExpression(pattern: pattern)
        let range = NSRange(text.startIndex..., in: text)
        return expression.matches(in: text, range: range).compactMap { match in
            let group = match.numberOfRanges > 1 ? match.range(at: 1) : match.range
            return Range(group, in: text).map { String(text[$0]) }
        }
    }

    @Test("Every Swift file under Sources/ has its line under its folder's heading")
    func everySourceFileIsListed() throws {
        let listed = Set(Self.listedFiles(in: try Self.document()))
        let missing = try Self.sourceFiles().filter { $0.hasSuffix(".swift") && !listed.contains($0) }
        let advice = missing.map { path -> String in
            let folder = String(path[...path.lastIndex(of: "/")!])
            let name = path[path.index(after: path.lastIndex(of: "/")!)...]
            return "  \(path): add \"- `\(name)`: what it is for\" under \"### `\(folder)`\" (a new heading if none)"
        }
        #expect(missing.isEmpty,
                "docs/architecture.md does not list \(missing.count) file(s):\n\(advice.joined(separator: "\n"))")
    }

    @Test("Every file the page lists under a folder is in that folder")
    func everyListedFileExists() throws {
        let files = Set(try Self.sourceFiles())
        let gone = Self.listedFiles(in: try Self.document()).filter { !files.contains($0) }
        #expect(gone.isEmpty, "docs/architecture.md lists file(s) that are not there: \(gone.joined(separator: ", "))")
    }

    @Test("Every Sources/ path and every .swift file name on the page exists")
    func everyNamedPathExists() throws {
        let text = try Self.document()
        let manager = FileManager.default
        let paths = Set(try Self.matches(of: #"(?<![\w/])(Sources/[A-Za-z0-9_./-]*[A-Za-z0-9_/])"#, in: text))
        let gonePaths = paths.filter { !manager.fileExists(atPath: Self.root.appendingPathComponent($0).path) }
        #expect(gonePaths.isEmpty, "docs/architecture.md names path(s) that do not exist: \(gonePaths.sorted())")

        // A bare `Name.swift` must be some file of the repository (Sources, Tests, Fuzz, Benchmarks);
        // a qualified `Folder/Name.swift` must be that path.
        var names = Set(try Self.sourceFiles().map { String($0.split(separator: "/").last!) })
        for folder in ["Tests", "Fuzz", "Benchmarks"] {
            let enumerator = manager.enumerator(atPath: Self.root.appendingPathComponent(folder).path)
            while let path = enumerator?.nextObject() as? String {
                names.insert(String(path.split(separator: "/").last!))
            }
        }
        names.insert("Package.swift")
        let mentioned = Set(try Self.matches(of: #"((?:[A-Za-z0-9_]+/)*[A-Za-z0-9_+]+\.swift)\b"#, in: text))
        let goneFiles = mentioned.filter { name in
            name.contains("/") ? !manager.fileExists(atPath: Self.root.appendingPathComponent(name).path)
                               : !names.contains(name)
        }
        #expect(goneFiles.isEmpty, "docs/architecture.md names Swift file(s) that do not exist: \(goneFiles.sorted())")
    }

    @Test("Every type or member the page names in backticks is still in the code")
    func everyNamedSymbolExists() throws {
        let text = try Self.document()
        var words = Set<Substring>()
        for folder in ["Sources", "Tests"] {
            let enumerator = FileManager.default.enumerator(atPath: Self.root.appendingPathComponent(folder).path)
            while let path = enumerator?.nextObject() as? String {
                guard path.hasSuffix(".swift") else { continue }
                let code = try String(contentsOf: Self.root.appendingPathComponent(folder + "/" + path), encoding: .utf8)
                words.formUnion(code.split { !($0.isLetter || $0.isNumber || $0 == "_") })
            }
        }
        // `TypeName` or `TypeName.member`: upper camel case with at least one lower-case letter, so
        // that `SIGBUS` and `O_EXCL` (system names) are not taken for types; file names aside.
        let symbols = Set(try Self.matches(of: #"`([A-Z][A-Za-z0-9]*[a-z][A-Za-z0-9]*(?:\.[A-Za-z][A-Za-z0-9]*)*)`"#, in: text))
            .filter { !$0.hasSuffix(".swift") }
        let gone = symbols.filter { symbol in symbol.split(separator: ".").contains { !words.contains($0) } }
        #expect(gone.isEmpty, "docs/architecture.md names symbol(s) not found in Sources/ or Tests/: \(gone.sorted())")
    }

    @Test("Every @unchecked Sendable in Sources/ is in the page's table, with its file")
    func everyUncheckedSendableIsListed() throws {
        let text = try Self.document()
        var missing: [String] = []
        for path in try Self.sourceFiles() where path.hasSuffix(".swift") {
            let source = try String(contentsOf: Self.root.appendingPathComponent(path), encoding: .utf8)
            let types = try Self.matches(of: #"(?m)^\s*(?:(?:public|private|fileprivate|internal|final)\s+)*(?:struct|class|enum)\s+(\w+)[^{\n]*@unchecked Sendable"#, in: source)
            for type in types {
                let row = try Self.matches(of: "(?m)^\\| `[\\w.]*\\b\(type)` \\| `\(NSRegularExpression.escapedPattern(for: path))` \\|", in: text)
                if row.isEmpty { missing.append("\(type) (\(path))") }
            }
        }
        #expect(missing.isEmpty,
                "docs/architecture.md's @unchecked Sendable table misses: \(missing.joined(separator: ", "))")
    }
}
