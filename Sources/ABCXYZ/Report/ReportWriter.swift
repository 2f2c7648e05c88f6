/// How a report is printed.
public enum ReportFormat: String, Hashable, Sendable, CaseIterable {
    /// Aligned text for a terminal.
    case table
    /// Every figure, with stable keys (docs/report.md lists them).
    case json
    /// GitHub-flavoured Markdown tables.
    case markdown
    /// One self-contained page: inline SVG charts and CSS, no script, nothing from the network.
    case html
}

extension Report {
    /// Writes the report in a format.
    public func write(as format: ReportFormat, to sink: inout some ByteSink) throws {
        var bytes = Array(text(as: format).utf8)
        try bytes.withUnsafeMutableBytes { try sink.write(UnsafeRawBufferPointer($0)) }
    }

    /// Writes the report as an Excel workbook: a sheet each for the summary,
    /// matrix, managers, services (and masters) and win-back list, every
    /// figure a typed cell (``ReportWorkbook``, docs/excel.md).
    public func writeWorkbook(to sink: inout some ByteSink) throws {
        sink = try ReportWorkbook.workbook(self).write(to: sink, threads: 1)
    }

    /// The report as text in a format.
    public func text(as format: ReportFormat) -> String {
        switch format {
        case .table: ReportText.terminal(ReportDocument(self))
        case .markdown: ReportText.markdown(ReportDocument(self))
        case .json: ReportJSON.text(self)
        case .html: ReportHTML.page(self)
        }
    }
}
