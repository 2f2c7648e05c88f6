/// The fixed parts of an Office Open XML workbook (ECMA-376 Part 2, Open
/// Packaging Conventions; Part 1, SpreadsheetML): the content types, the
/// relationships, and `xl/workbook.xml` naming the sheets.
enum WorkbookParts {
    static let declaration = #"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"# + "\n"

    static let mainNamespace = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    static let relationshipNamespace = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    private static let relationshipType = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
    private static let contentType = "application/vnd.openxmlformats-officedocument.spreadsheetml."

    /// The path of sheet `index` (0-based) in the package.
    static func sheetPath(_ index: Int) -> String { "xl/worksheets/sheet\(index + 1).xml" }

    /// `[Content_Types].xml`.
    static func contentTypes(sheets: Int) -> String {
        var xml = declaration + #"<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">"#
        xml += #"<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>"#
        xml += #"<Default Extension="xml" ContentType="application/xml"/>"#
        xml += #"<Override PartName="/xl/workbook.xml" ContentType="\#(contentType)sheet.main+xml"/>"#
        for index in 0..<sheets {
            xml += #"<Override PartName="/\#(sheetPath(index))" ContentType="\#(contentType)worksheet+xml"/>"#
        }
        xml += #"<Override PartName="/xl/styles.xml" ContentType="\#(contentType)styles+xml"/>"#
        return xml + "</Types>"
    }

    /// `_rels/.rels`: the package's one relationship, to the workbook.
    static let packageRelationships = declaration
        + #"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">"#
        + #"<Relationship Id="rId1" Type="\#(relationshipType)officeDocument" Target="xl/workbook.xml"/>"#
        + "</Relationships>"

    /// `xl/_rels/workbook.xml.rels`: sheets `rId1`…, then the styles.
    static func workbookRelationships(sheets: Int) -> String {
        var xml = declaration + #"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">"#
        for index in 0..<sheets {
            xml += #"<Relationship Id="rId\#(index + 1)" Type="\#(relationshipType)worksheet" "#
                + #"Target="worksheets/sheet\#(index + 1).xml"/>"#
        }
        xml += #"<Relationship Id="rId\#(sheets + 1)" Type="\#(relationshipType)styles" Target="styles.xml"/>"#
        return xml + "</Relationships>"
    }

    /// `xl/workbook.xml`: the sheets in order and, for each, the defined name
    /// Excel keeps for an autofilter's range.
    static func workbook(sheets: [(name: String, columns: Int, rows: Int)]) -> String {
        var xml = declaration + #"<workbook xmlns="\#(mainNamespace)" xmlns:r="\#(relationshipNamespace)">"#
        xml += #"<bookViews><workbookView activeTab="0"/></bookViews><sheets>"#
        for (index, sheet) in sheets.enumerated() {
            xml += #"<sheet name="\#(SpreadsheetText.escapedMarkup(sheet.name))" sheetId="\#(index + 1)" "#
                + #"r:id="rId\#(index + 1)"/>"#
        }
        xml += "</sheets><definedNames>"
        for (index, sheet) in sheets.enumerated() {
            let quoted = "'" + sheet.name.split(separator: "'", omittingEmptySubsequences: false).joined(separator: "''") + "'"
            xml += #"<definedName name="_xlnm._FilterDatabase" localSheetId="\#(index)" hidden="1">"#
                + SpreadsheetText.escapedMarkup(quoted + "!" + CellReference.absoluteRange(columns: sheet.columns,
                                                                                              rows: sheet.rows))
                + "</definedName>"
        }
        return xml + "</definedNames></workbook>"
    }
}
