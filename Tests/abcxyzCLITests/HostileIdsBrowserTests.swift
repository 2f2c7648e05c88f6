import Foundation
import Testing

/// fixtures/hostile/xss-client-names.csv opened in Chromium: client and manager
/// ids that are tags behind a prepend character (U+0600 and the other 25 of
/// GluingScalars), or with combining marks, ZWJ, variation selectors,
/// regional indicators, Hangul jamo and CR+LF around `<`, `>`, `&`, `"`, `'`, `|`.
/// Before the byte-wise escape, 26 of these ran their `onerror` in Chromium.
@Suite("Hostile ids in a real browser", Browser.available)
struct HostileIdsBrowserTests {
    /// The elements the page itself writes.
    static let ownElements: Set<String> = [
        "html", "head", "meta", "title", "style", "body", "header", "h1", "h2", "p", "div", "span", "main", "section",
        "footer", "table", "thead", "tbody", "tr", "th", "td", "svg", "line", "polyline", "circle", "rect", "text",
    ]

    /// Attribute names in a serialised start tag (after its name): Chromium
    /// writes every value in double quotes, with `"` inside as `&quot;`.
    static func attributeNames(_ tag: Substring) -> Set<String> {
        var names: Set<String> = [], rest = tag
        while true {
            rest = rest.drop { $0 == " " || $0 == "/" }
            let name = rest.prefix { $0 != "=" && $0 != " " && $0 != "/" }
            guard !name.isEmpty else { return names }
            names.insert(name.lowercased())
            rest = rest.dropFirst(name.count)
            if rest.hasPrefix("=\"") {
                rest = rest.dropFirst(2)
                rest = rest.drop { $0 != "\"" }.dropFirst()
            }
        }
    }

    @Test("No script runs and the DOM holds no element or attribute an id created; the ids show as text")
    func noScriptRuns() throws {
        try withTemporaryDirectory { directory in
            let page = directory.appendingPathComponent("hostile.html")
            let report = try Binary.run(["report", "fixtures/hostile/xss-client-names.csv", "--format", "html",
                                         "--top", "100", "-o", page.path])
            #expect(report.status == 0, "\(report.standardError)")
            // The virtual time budget lets failed image loads fire their onerror before the dump.
            let run = try Browser.run(["--dump-dom", "--virtual-time-budget=3000"], page: page)
            #expect(Browser.consoleLines(run.standardError).isEmpty, "\(Browser.consoleLines(run.standardError))")
            let dom = run.standardOutput
            #expect(dom.hasSuffix("</html>\n") || dom.hasSuffix("</html>"))

            // The serialised DOM escapes '<' in text, so each '<' + letter is an element the parser made.
            var elements: [String: Int] = [:]
            var attributes: Set<String> = []
            var rest = dom[...]
            while let open = rest.firstIndex(of: "<") {
                rest = rest[rest.index(after: open)...]
                let name = rest.prefix { $0.isASCII && ($0.isLetter || $0.isNumber) }.lowercased()
                guard !name.isEmpty, let close = rest.firstIndex(of: ">") else { continue }
                elements[name, default: 0] += 1
                attributes.formUnion(Self.attributeNames(rest[..<close].dropFirst(name.count)))
            }
            #expect(Set(elements.keys).isSubset(of: Self.ownElements), "\(Set(elements.keys).subtracting(Self.ownElements))")
            #expect(elements["svg"] == 5)   // the five charts
            #expect(attributes.isSuperset(of: ["class", "title", "data-chart", "viewbox"]))   // the reader reads names
            #expect(!attributes.contains { $0.hasPrefix("on") }, "\(attributes)")
            #expect(!attributes.contains("data-pwned"))
            // The header row and the 32 lost clients of the win-back list.
            let winBack = try #require(dom.components(separatedBy: "id=\"winback\"").last)
            #expect(winBack.components(separatedBy: "<tr").count - 1 == 33)

            // Each id as text: Chromium serialises '<', '>' and '&' in text as references.
            for scalar in [0x0600, 0x0605, 0x06DD, 0x070F, 0x0890, 0x08E2, 0x110BD, 0x0D4E, 0x111C3, 0x1193F, 0x11A89, 0x11D46] {
                let prefix = String(Character(Unicode.Scalar(UInt32(scalar))!))
                let hex = String(scalar, radix: 16, uppercase: true)
                let text = "\(prefix)&lt;img src=x onerror=console.error(0x\(String(repeating: "0", count: 4 - min(4, hex.count)))\(hex)) \(prefix)&gt;"
                #expect(winBack.contains(text), "U+\(hex)")
            }
            // (Literals kept out of #expect: its expansion mangles a \" before a combining mark.)
            let script = "\u{600}&lt;script&gt;console.error(2001)\u{600}&lt;/script\u{600}&gt;"
            let quotes = "\u{600}&amp;lt;amp\u{200D}&amp;\u{301}\"\u{301}'\u{301}&gt;\u{301}"
            let manager = "\u{6DD}&lt;script&gt;console.error(1002)\u{6DD}&lt;/script\u{6DD}&gt;"
            #expect(winBack.contains(script))
            #expect(winBack.contains(quotes))
            #expect(dom.contains(manager))
        }
    }
}
