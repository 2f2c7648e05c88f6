extension TransactionTable {
    /// Writes the rows left out under ``ErrorPolicy/skip`` as CSV, one per
    /// row: `line,column,field,reason,record`, where `record` is the row as it
    /// was in the file (a record that starts like a spreadsheet formula gets a
    /// leading `'` unless `guardingFormulas` is `false`).
    ///
    /// ```
    /// line,column,field,reason,record
    /// 3,14,amount,bad amount '12x' in column 'amount',"B,2025-01-02,12x"
    /// ```
    public func writeRejections(to sink: inout some ByteSink, guardingFormulas: Bool = true) throws {
        var output = BufferedWriter(sink)
        output.append("line,column,field,reason,record\n")
        for rejection in rejections {
            output.append("\(rejection.line),\(rejection.error.column.map(String.init) ?? ""),")
            CSVText.appendField(ArraySlice((rejection.error.field ?? "").utf8), guardingFormulas: guardingFormulas,
                                to: &output.buffer)
            output.buffer.append(UInt8(ascii: ","))
            CSVText.appendField(ArraySlice(rejection.error.message.utf8), to: &output.buffer)
            output.buffer.append(UInt8(ascii: ","))
            CSVText.appendField(ArraySlice(rejection.record), guardingFormulas: guardingFormulas, to: &output.buffer)
            output.buffer.append(UInt8(ascii: "\n"))
            try output.flushIfFull()
        }
        try output.flush()
        sink = output.sink
    }
}
