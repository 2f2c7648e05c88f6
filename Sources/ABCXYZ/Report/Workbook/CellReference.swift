/// A1-style references: column letters and cell ranges.
enum CellReference {
    /// The letters of column `index` (0-based): A…Z, AA…ZZ, AAA… (bijective base 26).
    static func columnName(_ index: Int) -> String {
        precondition(index >= 0)
        var letters: [UInt8] = []
        var n = index + 1
        while n > 0 {
            n -= 1
            letters.append(UInt8(ascii: "A") + UInt8(n % 26))
            n /= 26
        }
        return String(decoding: letters.reversed(), as: UTF8.self)
    }

    /// `A1:L85`: from the first cell to column `columns`, row `rows` (both counted from 1).
    static func range(columns: Int, rows: Int) -> String {
        "A1:\(columnName(max(columns, 1) - 1))\(max(rows, 1))"
    }

    /// `$A$1:$L$85`, as a defined name refers to it.
    static func absoluteRange(columns: Int, rows: Int) -> String {
        "$A$1:$\(columnName(max(columns, 1) - 1))$\(max(rows, 1))"
    }
}
