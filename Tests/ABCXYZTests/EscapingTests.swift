@testable import ABCXYZ
import Testing

/// Scalars that glue to a neighbouring ASCII character into one grapheme
/// cluster, so a `Character` loop never sees a bare `<`.
enum GluingScalars {
    /// Grapheme_Cluster_Break=Prepend (UAX #29 GB9b): they join the character
    /// after them. U+0600–U+0605, U+06DD, U+070F, U+0890, U+0891, U+08E2,
    /// U+110BD, U+110CD are the Prepended_Concatenation_Marks; the rest are
    /// the Indic prefix letters Unicode lists as Prepend.
    static let prepend: [UInt32] = [
        0x0600, 0x0601, 0x0602, 0x0603, 0x0604, 0x0605, 0x06DD, 0x070F, 0x0890, 0x0891, 0x08E2,
        0x110BD, 0x110CD, 0x0D4E, 0x111C2, 0x111C3, 0x1193F, 0x11941, 0x11A3A,
        0x11A84, 0x11A85, 0x11A86, 0x11A87, 0x11A88, 0x11A89, 0x11D46,
    ]
    /// Extend, SpacingMark and ZWJ (GB9, GB9a): they join the character before
    /// them. Combining acute, a combining enclosing mark, a Devanagari spacing
    /// mark, ZWJ, ZWNJ, variation selectors 16, 1 and 17, an emoji skin-tone
    /// modifier, a tag character, the kana voiced-sound mark.
    static let extend: [UInt32] = [
        0x0301, 0x0489, 0x0903, 0x200D, 0x200C, 0xFE0F, 0xFE00, 0xE0100, 0x1F3FB, 0xE0041, 0x3099,
    ]
    /// Scalars with cluster rules of their own around the specials: regional
    /// indicators (pairs), Hangul jamo L, V, T and a syllable, CR (CR+LF is one cluster).
    static let others: [UInt32] = [0x1F1FA, 0x1F1F8, 0x1100, 0x1161, 0x11A8, 0xAC00, 0x0D]

    static func text(_ scalar: UInt32) -> String { String(Character(Unicode.Scalar(scalar)!)) }
}

@Suite("Ids are escaped for HTML and Markdown however their characters cluster")
struct EscapingTests {
    /// The five HTML specials and their references, written out by hand.
    static let htmlSpecials: [(String, String)] = [
        ("&", "&amp;"), ("<", "&lt;"), (">", "&gt;"), ("\"", "&quot;"), ("'", "&#39;"),
    ]
    /// Markdown specials: each gets one backslash.
    static let markdownSpecials = ["|", "<", ">", "&", "*", "_", "`", "[", "]", "\\", "~"]

    @Test("The trap is real: U+0600 before '<', and U+0301 after it, make one Character that is not \"<\"")
    func graphemeClustersHideTheSpecial() {
        #expect(Array("\u{600}<img").first == Character("\u{600}<"))
        #expect(!Array("\u{600}<img").contains("<"))
        #expect(!Array("<\u{301}img").contains("<"))
        #expect(Array("a\r\nb").count == 3 && !Array("a\r\nb").contains("\n"))
    }

    @Test("Every HTML special after a prepend character is escaped", arguments: GluingScalars.prepend)
    func htmlAfterPrepend(scalar: UInt32) {
        let prefix = GluingScalars.text(scalar)
        for (special, reference) in Self.htmlSpecials {
            #expect(MarkupEscaping.html(prefix + special + "img") == prefix + reference + "img")
            #expect(ReportHTML.escape("x" + prefix + special) == "x" + prefix + reference)
        }
    }

    @Test("Every HTML special before a combining mark, ZWJ or variation selector is escaped",
          arguments: GluingScalars.extend + GluingScalars.others)
    func htmlBeforeExtend(scalar: UInt32) {
        let mark = GluingScalars.text(scalar)
        for (special, reference) in Self.htmlSpecials {
            #expect(MarkupEscaping.html(special + mark + "b") == reference + mark + "b")
            #expect(MarkupEscaping.html(mark + special + mark) == mark + reference + mark)
        }
    }

    @Test("Every Markdown special next to a gluing scalar gets its backslash",
          arguments: GluingScalars.prepend + GluingScalars.extend + GluingScalars.others.filter { $0 != 0x0D })
    func markdownNextToGlue(scalar: UInt32) {
        let glue = GluingScalars.text(scalar)
        for special in Self.markdownSpecials {
            #expect(MarkupEscaping.markdown(glue + special + "x") == glue + "\\" + special + "x")
            #expect(MarkupEscaping.markdown(special + glue) == "\\" + special + glue)
        }
    }

    @Test("A line break in an id, CR+LF included, becomes spaces so it cannot end the Markdown row")
    func markdownLineBreaks() {
        #expect(MarkupEscaping.markdown("a\r\nb|c") == "a  b\\|c")
        #expect(MarkupEscaping.markdown("a\nb\rc") == "a b c")
        #expect(MarkupEscaping.markdown("\r\n|") == "  \\|")
    }

    @Test("Text with nothing to escape comes back unchanged")
    func plainText() {
        for text in ["", "Anna", "Ольга", "王芳", "\u{600}\u{301}", "12 345.60", "a-b.c"] {
            #expect(MarkupEscaping.html(text) == text)
            #expect(MarkupEscaping.markdown(text) == text)
        }
    }

    /// Undoes the five references byte by byte (an independent reading of the output).
    static func unescapeHTML(_ text: String) -> String? {
        var bytes: [UInt8] = [], rest = Array(text.utf8)[...]
        let references: [(String, UInt8)] = [("&amp;", 0x26), ("&lt;", 0x3C), ("&gt;", 0x3E), ("&quot;", 0x22), ("&#39;", 0x27)]
        while let byte = rest.first {
            if byte == 0x26 {
                guard let (name, value) = references.first(where: { rest.starts(with: $0.0.utf8) }) else { return nil }
                bytes.append(value)
                rest = rest.dropFirst(name.utf8.count)
            } else {
                bytes.append(byte)
                rest = rest.dropFirst()
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    @Test("Random mixes of specials and gluing scalars: no raw special survives and the text reads back whole",
          arguments: [UInt64(1), 2, 3, 4])
    func randomMixes(seed: UInt64) {
        var generator = SeededGenerator(seed: seed)
        let alphabet = (GluingScalars.prepend + GluingScalars.extend + GluingScalars.others + [0x0A, 0x61, 0x20])
            .map(GluingScalars.text) + Self.htmlSpecials.map(\.0) + Self.markdownSpecials
        for _ in 0..<200 {
            let text = (0..<Int.random(in: 1...12, using: &generator))
                .map { _ in alphabet.randomElement(using: &generator)! }.joined()
            let html = MarkupEscaping.html(text)
            #expect(!html.utf8.contains { [0x3C, 0x3E, 0x22, 0x27].contains($0) }, "\(text.unicodeScalars.map(\.value))")
            #expect(Self.unescapeHTML(html) == text, "\(text.unicodeScalars.map(\.value))")
            // Markdown: every special byte is preceded by an odd run of backslashes, and no line break is left.
            let markdown = Array(MarkupEscaping.markdown(text).utf8)
            #expect(!markdown.contains(0x0A) && !markdown.contains(0x0D))
            var index = 0
            while index < markdown.count {
                if markdown[index] == UInt8(ascii: "\\") {
                    index += 2  // an escape and the byte it makes literal
                    continue
                }
                #expect(!MarkupEscaping.markdownSpecials.contains(markdown[index]), "\(text.unicodeScalars.map(\.value))")
                index += 1
            }
        }
    }

    @Test("Terminal text shows C0, DEL and C1 controls as '?', even with a combining mark after them")
    func terminalControls() {
        #expect(TableText.printable("a\u{1B}\u{301}[31mb") == "a?\u{301}[31mb")
        #expect(TableText.printable("a\u{9B}31mb\u{7F}") == "a?31mb?")
        #expect(TableText.printable("\r\n") == "??")
        #expect(TableText.printable("Ольга\u{A0}王") == "Ольга\u{A0}王")
    }

    /// The hostile fixture's report: every client on the win-back list shown.
    static func hostileReport(as format: ReportFormat) throws -> String {
        let text = try fixture("hostile/xss-client-names.csv")
        return try TransactionTable(csv: Array(text.utf8)).analyze().report(top: 100).text(as: format)
    }

    @Test("The hostile fixture's HTML report holds only the page's own tags, whatever the ids")
    func hostileHTMLHasOnlyOwnTags() throws {
        let html = try Self.hostileReport(as: .html)
        let own: Set<String> = ["html", "head", "meta", "title", "style", "body", "header", "h1", "h2", "p", "div", "span",
                                "main", "section", "footer", "table", "thead", "tbody", "tr", "th", "td",
                                "svg", "line", "polyline", "circle", "rect", "text"]
        // Every '<' followed by a letter opens a tag: collect their names.
        var names: Set<String> = [], bytes = Array(html.utf8)[...]
        while let open = bytes.firstIndex(of: UInt8(ascii: "<")) {
            bytes = bytes[(open + 1)...]
            let name = bytes.prefix { (UInt8(ascii: "a")...UInt8(ascii: "z")).contains($0 | 0x20) || (0x30...0x39).contains($0) }
            if !name.isEmpty { names.insert(String(decoding: name, as: UTF8.self).lowercased()) }
        }
        #expect(names.isSubset(of: own), "\(names.subtracting(own))")
        #expect(html.components(separatedBy: "<svg").count - 1 == 5)   // the five charts, no id's <svg onload>
        #expect(!html.contains("<img") && !html.contains("<script"))
        // U+0600 then the escaped tag, exactly as the id spells it.
        #expect(html.contains("\u{600}&lt;img src=x onerror=console.error(0x0600) \u{600}&gt;"))
        #expect(html.contains("\u{110BD}&lt;img src=x onerror=document.body.dataset.pwned=1 \u{110BD}&gt;"))
    }

    @Test("Every row of the hostile fixture's Markdown tables has exactly its columns' pipes")
    func hostileMarkdownKeepsRows() throws {
        let markdown = try Self.hostileReport(as: .markdown)
        let section = try #require(markdown.components(separatedBy: "## Win back first").last)
        var rows = 0
        for line in section.split(separator: "\n") where line.hasPrefix("| ") {
            // Pipes not made literal by a backslash (an escaped backslash does not count).
            var pipes = 0, escaped = false
            for byte in line.utf8 {
                if escaped { escaped = false; continue }
                if byte == UInt8(ascii: "\\") { escaped = true } else if byte == UInt8(ascii: "|") { pipes += 1 }
            }
            #expect(pipes == 12, "\(line)")   // 11 columns of the win-back table
            rows += 1
        }
        #expect(rows == 33)   // the header and the 32 lost clients
        #expect(markdown.contains("| line  \\| break |"))
        #expect(markdown.contains("\u{600}\\|pipe\\|\u{200D}table\u{301}\\|"))
    }
}
