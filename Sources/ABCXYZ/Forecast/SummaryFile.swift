/// A model summary that was computed elsewhere (SPEC §16: a warehouse sends
/// abcxyz only x, t_x, T, m_x and counts), read from CSV.
///
/// The header names the columns, in any order, case-insensitively: `x` (or
/// `frequency`), `t_x` (or `recency`), `T` (or `age`), optionally `m_x` (or
/// `monetary_value`, currency units, empty when x = 0) and `count` (or
/// `weights`, clients the row stands for, default 1). Delimiter `,`, `;` or
/// tab, from the header. Fields are plain numbers (no quoting).
///
/// ```text
/// x,t_x,T,m_x,count
/// 0,0,38.86,,1411
/// 2,30.43,38.86,22.35,1
/// ```
public enum SummaryFile {
    /// Reads the file at `path` (`-` for standard input).
    /// - Throws: ``ReadError`` when it cannot be opened, ``SummaryFileError`` for its content.
    public static func read(contentsOfFile path: String, unit: ModelUnit) throws -> ModelSummary {
        let bytes = path == "-" ? try InputBytes(readingDescriptor: 0, name: "stdin") : try InputBytes(contentsOfFile: path)
        let text = String(decoding: UnsafeBufferPointer(start: bytes.base, count: bytes.count), as: UTF8.self)
        return try withExtendedLifetime(bytes) { try read(text, name: path, unit: unit) }
    }

    /// - Throws: ``SummaryFileError`` naming the line, the column and what is wrong.
    public static func read(_ text: String, name: String, unit: ModelUnit) throws(SummaryFileError) -> ModelSummary {
        // "\r\n" is one Character in Swift, and a newline like "\n".
        var lines = text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline)
        if lines.first?.hasPrefix("\u{FEFF}") == true { lines[0] = lines[0].dropFirst() }
        guard let header = lines.first, !header.isEmpty else {
            throw SummaryFileError(file: name, line: 1, column: nil, message: "empty file: expected a header x,t_x,T[,m_x][,count]")
        }
        let delimiter: Character = header.contains(";") ? ";" : header.contains("\t") ? "\t" : ","
        let names = header.split(separator: delimiter, omittingEmptySubsequences: false).map {
            $0.trimmingCharacters(in: " ")
        }
        func column(_ aliases: [String]) -> Int? { names.firstIndex { aliases.contains($0.lowercased()) } }
        guard let xColumn = column(["x", "frequency"]), let txColumn = column(["t_x", "recency"]),
              let ageColumn = column(["t", "age"])
        else {
            throw SummaryFileError(file: name, line: 1, column: nil,
                                   message: "the header needs columns x, t_x and T (found: \(names.joined(separator: ", ")))")
        }
        let spendColumn = column(["m_x", "monetary_value"]), countColumn = column(["count", "weights"])
        var rows: [ClientSummary] = []
        for (index, line) in lines.enumerated().dropFirst() where !line.allSatisfy({ $0 == " " || $0 == "\t" }) {
            let number = index + 1
            let fields = line.split(separator: delimiter, omittingEmptySubsequences: false)
            guard fields.count == names.count else {
                throw SummaryFileError(file: name, line: number, column: nil,
                                       message: "expected \(names.count) fields, found \(fields.count)")
            }
            func fail(_ column: Int, _ message: String) -> SummaryFileError {
                let position = fields[..<column].reduce(1) { $0 + $1.count + 1 }
                return SummaryFileError(file: name, line: number, column: position,
                                        message: "\(names[column]) \(message), got '\(fields[column])'")
            }
            func value(_ column: Int) -> String { fields[column].trimmingCharacters(in: " ") }
            guard let x = Int(value(xColumn)), x >= 0 else { throw fail(xColumn, "must be a whole number ≥ 0") }
            guard let tx = Double(value(txColumn)), tx.isFinite, tx >= 0 else {
                throw fail(txColumn, "must be a number ≥ 0")
            }
            guard let age = Double(value(ageColumn)), age.isFinite, age >= tx else {
                throw fail(ageColumn, "must be a number ≥ t_x (\(tx))")
            }
            guard x > 0 || tx == 0 else { throw fail(txColumn, "must be 0 when x = 0") }
            var spend: Double? = nil
            if let spendColumn, !value(spendColumn).isEmpty {
                guard let mx = Double(value(spendColumn)), mx.isFinite else { throw fail(spendColumn, "must be a number") }
                spend = x > 0 ? mx : nil
            }
            var count = 1
            if let countColumn {
                guard let n = Int(value(countColumn)), n >= 1 else { throw fail(countColumn, "must be a whole number ≥ 1") }
                count = n
            }
            rows.append(ClientSummary(client: "line \(number)", x: x, tx: tx, T: age, mx: spend, count: count, group: 0))
        }
        guard !rows.isEmpty else {
            throw SummaryFileError(file: name, line: nil, column: nil, message: "no data rows after the header")
        }
        return ModelSummary(rows: rows, unit: unit, occasions: nil, asOf: nil)
    }
}

/// A summary file that cannot be read: `file:line:column: reason`.
public struct SummaryFileError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The file's name as given.
    public var file: String
    /// The physical line, from 1 (the header is line 1); `nil` for the file as a whole.
    public var line: Int?
    /// The column (from 1) where the bad field starts; `nil` for the line as a whole.
    public var column: Int?
    /// What is wrong, in words.
    public var message: String

    /// `file:line:column: message`, as compilers print errors, so editors can jump to it.
    public var description: String {
        var location = file
        if let line { location += ":\(line)" }
        if let column { location += ":\(column)" }
        return "\(location): \(message)"
    }
}

private extension Substring {
    func trimmingCharacters(in character: Character) -> String {
        var view = self[...]
        while view.first == character { view = view.dropFirst() }
        while view.last == character { view = view.dropLast() }
        return String(view)
    }
}
