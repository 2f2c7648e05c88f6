extension ReportText {
    /// GitHub-flavoured Markdown: a heading per section, ids escaped, total rows in bold.
    static func markdown(_ document: ReportDocument) -> String {
        var lines = ["# \(document.title)", "", document.subtitle]
        for section in document.sections {
            lines += ["", "## \(section.title)", ""]
            lines += section.lines.map { escape($0) + "  " }
            for table in section.tables {
                lines.append("")
                lines.append("| " + table.headers.map(escape).joined(separator: " | ") + " |")
                lines.append("|" + table.numeric.map { $0 ? "---:|" : "---|" }.joined())
                for (index, row) in table.rows.enumerated() {
                    let cells = row.map { cell -> String in
                        let text = escape(cell)
                        return table.totalRows.contains(index) && !text.isEmpty ? "**\(text)**" : text
                    }
                    lines.append("| " + cells.joined(separator: " | ") + " |")
                }
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// Markdown's table and emphasis characters in ids, made literal
    /// (``MarkupEscaping/markdown(_:)``: bytes, not `Character`s).
    private static func escape(_ text: String) -> String {
        MarkupEscaping.markdown(text)
    }
}
