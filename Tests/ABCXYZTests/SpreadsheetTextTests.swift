@testable import ABCXYZ
import Testing

@Suite("Cell text escaped for SpreadsheetML")
struct SpreadsheetTextTests {
    func escaped(_ text: String) -> String {
        var bytes: [UInt8] = []
        SpreadsheetText.appendEscaped(ArraySlice(text.utf8), to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    @Test("Markup in an id is escaped, never passed through")
    func markup() {
        #expect(escaped("<img src=x onerror=alert(1)>") == "&lt;img src=x onerror=alert(1)&gt;")
        #expect(escaped("Tom & Jerry") == "Tom &amp; Jerry")
        #expect(escaped("a&lt;b") == "a&amp;lt;b")
        #expect(escaped("\"quoted\" 'single'") == "\"quoted\" 'single'")  // fine in element content
    }

    @Test("U+0600 followed by '<' (one Character) still has its '<' escaped")
    func prependedConcatenationMark() {
        let text = "\u{600}<b>"
        #expect(text.count == 3)  // U+0600 and '<' form one grapheme cluster
        #expect(Array(escaped(text).utf8) == [0xD8, 0x80] + Array("&lt;b&gt;".utf8))
    }

    @Test("Characters XML 1.0 forbids become _xHHHH_ as Excel writes them; tab and line feed stay, CR is a reference")
    func controls() {
        #expect(escaped("a\u{1}b\u{1F}c\u{0}") == "a_x0001_b_x001F_c_x0000_")
        #expect(escaped("\u{8}\u{B}\u{C}\u{E}") == "_x0008__x000B__x000C__x000E_")
        #expect(escaped("a\tb\nc") == "a\tb\nc")
        #expect(escaped("a\rb") == "a&#13;b")
        #expect(escaped("x\u{FFFE}y\u{FFFF}z\u{FFFD}") == "x_xFFFE_y_xFFFF_z\u{FFFD}")
        #expect(escaped("\u{7F}\u{85}") == "\u{7F}\u{85}")  // allowed in XML 1.0
    }

    @Test("An underscore that would read as an escape is itself escaped; other underscores stay")
    func underscores() {
        #expect(escaped("_x0041_") == "_x005F_x0041_")
        #expect(escaped("a_xBEEF_b") == "a_x005F_xBEEF_b")
        #expect(escaped("_x12_") == "_x12_")
        #expect(escaped("_x00G1_") == "_x00G1_")
        #expect(escaped("snake_case_id") == "snake_case_id")
        #expect(escaped("_") == "_")
    }

    @Test("Cyrillic and Chinese pass through as UTF-8, byte for byte")
    func otherScripts() {
        #expect(escaped("Ольга") == "Ольга")
        #expect(escaped("张伟 <王>") == "张伟 &lt;王&gt;")
        #expect(escaped("😀&") == "😀&amp;")
    }

    @Test("Leading or trailing white space asks for xml:space=\"preserve\"")
    func preservedSpace() {
        #expect(SpreadsheetText.needsPreservedSpace(ArraySlice(" a".utf8)))
        #expect(SpreadsheetText.needsPreservedSpace(ArraySlice("a\t".utf8)))
        #expect(!SpreadsheetText.needsPreservedSpace(ArraySlice("a b".utf8)))
        #expect(!SpreadsheetText.needsPreservedSpace(ArraySlice("".utf8)))
    }

    @Test("Markup escaping of sheet names and attribute values covers quotes too")
    func markupAttributes() {
        #expect(SpreadsheetText.escapedMarkup("a<b>&\"c'") == "a&lt;b&gt;&amp;&quot;c&apos;")
    }
}
