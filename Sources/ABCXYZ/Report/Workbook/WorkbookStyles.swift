/// The cell formats of a workbook (`xl/styles.xml`) and the index each kind
/// of cell refers to with `s="…"`.
///
/// Index 0 is the default (General), 1 the bold header; the others are made
/// for the kinds the sheets use: dates `yyyy-mm-dd`, and `0`, `0.00`,
/// `0.000000`… for money and ratios, one per number of decimals.
struct WorkbookStyles: Sendable {
    /// Formats beyond the built-in ones: id (164 and up) and code.
    private(set) var customFormats: [(id: Int, code: String)] = []
    /// The `cellXfs` list: number format id, and whether bold.
    private(set) var cellFormats: [(numberFormat: Int, bold: Bool)] = [(0, false), (0, true)]
    private var indexByDecimals: [Int: Int] = [:]
    private var dateIndex = 0

    /// The style of the header row.
    static let header = 1

    init(kinds: some Sequence<CellKind>) {
        for kind in kinds {
            if kind == .date, dateIndex == 0 {
                dateIndex = add(numberFormat: customFormat("yyyy-mm-dd"))
            } else if let decimals = kind.decimals, indexByDecimals[decimals] == nil {
                // Built in: 1 is "0", 2 is "0.00" (ECMA-376 Part 1, 18.8.30).
                let format = decimals == 0 ? 1 : decimals == 2 ? 2
                    : customFormat("0." + String(repeating: "0", count: decimals))
                indexByDecimals[decimals] = add(numberFormat: format)
            }
        }
    }

    /// The style index of a kind's cells (0: General, no `s` attribute).
    func index(of kind: CellKind) -> Int {
        if kind == .date { return dateIndex }
        return kind.decimals.flatMap { indexByDecimals[$0] } ?? 0
    }

    private mutating func customFormat(_ code: String) -> Int {
        let id = 164 + customFormats.count
        customFormats.append((id, code))
        return id
    }

    private mutating func add(numberFormat: Int) -> Int {
        cellFormats.append((numberFormat, false))
        return cellFormats.count - 1
    }

    /// `xl/styles.xml`.
    var xml: String {
        var xml = WorkbookParts.declaration
            + #"<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">"#
        if !customFormats.isEmpty {
            xml += #"<numFmts count="\#(customFormats.count)">"#
            for format in customFormats {
                xml += #"<numFmt numFmtId="\#(format.id)" formatCode="\#(SpreadsheetText.escapedMarkup(format.code))"/>"#
            }
            xml += "</numFmts>"
        }
        let font = #"<sz val="11"/><name val="Calibri"/><family val="2"/>"#
        xml += #"<fonts count="2"><font>\#(font)</font><font><b/>\#(font)</font></fonts>"#
        xml += #"<fills count="2"><fill><patternFill patternType="none"/></fill>"#
            + #"<fill><patternFill patternType="gray125"/></fill></fills>"#
        xml += #"<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>"#
        xml += #"<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>"#
        xml += #"<cellXfs count="\#(cellFormats.count)">"#
        for format in cellFormats {
            xml += #"<xf numFmtId="\#(format.numberFormat)" fontId="\#(format.bold ? 1 : 0)" fillId="0" borderId="0" xfId="0""#
            if format.numberFormat != 0 { xml += #" applyNumberFormat="1""# }
            if format.bold { xml += #" applyFont="1""# }
            xml += "/>"
        }
        xml += "</cellXfs>"
        xml += #"<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>"#
        xml += "</styleSheet>"
        return xml
    }
}
