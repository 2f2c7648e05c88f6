/// The parts of `xl/worksheets/sheetN.xml` around the rows (ECMA-376 Part 1,
/// 18.3.1.99 CT_Worksheet, whose child order this keeps): the used range,
/// the header row frozen (a pane split below row 1), the column widths, and
/// after the rows an autofilter over the used range.
enum WorksheetXML {
    /// Everything before the header row; `selected` for the sheet the workbook opens on.
    static func opening(columns: Int, rows: Int, widths: [Int], selected: Bool) -> [UInt8] {
        var xml = WorkbookParts.declaration
            + #"<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" "#
            + #"xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">"#
        xml += #"<dimension ref="\#(CellReference.range(columns: columns, rows: rows))"/>"#
        xml += #"<sheetViews><sheetView\#(selected ? #" tabSelected="1""# : "") workbookViewId="0">"#
            + #"<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>"#
            + #"<selection pane="bottomLeft" activeCell="A2" sqref="A2"/></sheetView></sheetViews>"#
        xml += #"<sheetFormatPr defaultRowHeight="15"/>"#
        if !widths.isEmpty {
            xml += "<cols>"
            for (index, width) in widths.enumerated() {
                xml += #"<col min="\#(index + 1)" max="\#(index + 1)" width="\#(width)" customWidth="1"/>"#
            }
            xml += "</cols>"
        }
        xml += "<sheetData>"
        return Array(xml.utf8)
    }

    /// Everything after the last row.
    static func closing(columns: Int, rows: Int) -> [UInt8] {
        Array(("</sheetData>" + #"<autoFilter ref="\#(CellReference.range(columns: columns, rows: rows))"/>"#
            + #"<pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/>"#
            + "</worksheet>").utf8)
    }
}
