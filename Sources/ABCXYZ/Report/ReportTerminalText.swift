/// A ``ReportDocument`` as plain text: the terminal rendering here, Markdown
/// in ReportMarkdown.swift (one layout, so the two never disagree on a figure).
enum ReportText {
    /// Aligned columns, two-space indents, headings in capitals: for a terminal or a log.
    static func terminal(_ document: ReportDocument) -> String {
        var lines = [document.title, document.subtitle]
        for section in document.sections {
            lines += ["", section.title.uppercased()]
            lines += section.lines.map { "  " + $0 }
            for table in section.tables {
                lines.append("")
                let widths = table.headers.indices.map { column in
                    ([table.headers[column]] + table.rows.map { $0[column] }).map(TableText.displayWidth).max() ?? 0
                }
                func line(_ cells: [String]) -> String {
                    let padded = cells.indices.map { column in
                        TableText.padded(TableText.printable(cells[column]), to: widths[column],
                                         numeric: table.numeric[column])
                    }
                    var text = "  " + padded.joined(separator: "  ")
                    while text.hasSuffix(" ") { text.removeLast() }
                    return text
                }
                lines.append(line(table.headers))
                lines.append(line(widths.map { String(repeating: "-", count: $0) }))
                lines += table.rows.map(line)
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
