/// What the header says about every record: the delimiter, how many fields,
/// and which field carries which part of a transaction.
struct RecordLayout: Sendable {
    /// The role a field plays, as a small code for the parser's inner loop.
    enum FieldRole: UInt8, Sendable {
        case ignored = 0, client, date, amount, manager, quantity, price, category
        /// A column carried to the listings (`--keep-columns`), read only when asked.
        case kept
    }

    let delimiter: UInt8
    /// The header's fields, trimmed and unquoted.
    let header: [String]
    /// `roles[i]` is the role of field `i`.
    let roles: [FieldRole]
    /// Field index of each role that has one.
    let fieldOfRole: [ColumnRole: Int]
    /// The offset of the first byte after the header record.
    let bodyStart: Int
    /// Amounts are quantity × price, not read from one column (set once: the
    /// parser asks for every row).
    let amountIsProduct: Bool
    /// The fields of ``ReadOptions/keptColumns``, in the order given (empty: none).
    var keptFields: [Int] = []

    var fieldCount: Int { roles.count }

    /// Whether the rows carry a category (SPEC §13's service).
    var hasCategory: Bool { fieldOfRole[.category] != nil }

    /// The header names of the kept fields, as the header spells them.
    var keptNames: [String] { keptFields.map { header[$0] } }

    /// `keptSlot[field]`: the position of a kept field among ``keptFields``.
    var keptSlot: [Int] {
        var slots = [Int](repeating: -1, count: roles.count)
        for (slot, field) in keptFields.enumerated() { slots[field] = slot }
        return slots
    }

    /// The header name of field `index`.
    func name(ofField index: Int) -> String? {
        index >= 0 && index < header.count ? header[index] : nil
    }

    /// Reads the header of `input`, detects the delimiter unless given, and
    /// finds the columns.
    static func read(_ input: InputBytes, file: String, options: ReadOptions) throws(ReadError) -> RecordLayout {
        let base = input.base
        let count = input.count
        // Binary data given for a CSV (a zip, a gzip, NUL bytes), or UTF-16 or UTF-32 text.
        if let problem = InputSniffer.problem(base, count: count) { throw ReadError(file: file, line: 1, reason: problem) }
        var start = 0
        if count >= 3, base[0] == 0xEF, base[1] == 0xBB, base[2] == 0xBF { start = 3 }
        let excelSeparator = excelSeparatorLine(base, from: &start, count: count)
        // Skip blank lines before the header.
        while start < count, base[start] == UInt8(ascii: "\n") || base[start] == UInt8(ascii: "\r") { start += 1 }
        guard start < count else { throw ReadError(file: file, reason: .emptyFile) }

        let delimiter = options.delimiter?.rawValue ?? excelSeparator ?? detectDelimiter(base, from: start, count: count)
        guard let delimiter else { throw ReadError(file: file, line: 1, reason: .noDelimiter) }

        var fields: [String] = []
        let scanner = RecordScanner(base: base, end: count, delimiter: delimiter)
        var position = start
        let headerLine = 1 + RecordScanner.newlines(base, 0..<start)
        while true {
            guard let field = scanner.nextField(at: position) else {
                throw ReadError(file: file, line: headerLine, reason: .unterminatedQuote)
            }
            guard !field.textAfterQuote else {
                throw ReadError(file: file, line: headerLine, reason: .textAfterQuote)
            }
            fields.append(field.text(base).trimmingCharacters(in: " \t"))
            position = field.next
            if field.endsRecord { break }
        }
        let header = fields
        let headerBytes = UnsafeBufferPointer(start: base + start, count: position - start)
        guard UTF8Validation.isValid(headerBytes) else {
            throw ReadError(file: file, line: headerLine, reason: .headerNotUTF8(LegacyEncoding.guess(headerBytes)))
        }
        let fieldOfRole = try assignRoles(header, options: options, file: file, line: headerLine)
        var roles = [FieldRole](repeating: .ignored, count: header.count)
        for (role, index) in fieldOfRole {
            switch role {
            case .client: roles[index] = .client
            case .date: roles[index] = .date
            case .amount: roles[index] = .amount
            case .manager: roles[index] = .manager
            case .quantity: roles[index] = .quantity
            case .price: roles[index] = .price
            case .category: roles[index] = .category  // the service of SPEC §13
            }
        }
        // The columns carried to the listings (`--keep-columns`): named, and playing no other role.
        let lowered = header.map { $0.lowercased() }
        var keptFields: [Int] = []
        for name in options.keptColumns {
            guard let index = lowered.firstIndex(of: name.trimmingCharacters(in: " \t").lowercased()) else {
                throw ReadError(file: file, line: headerLine, reason: .unknownKeptColumn(name: name, header: header))
            }
            guard roles[index] == .ignored else {
                let role = fieldOfRole.first { $0.value == index }?.key
                throw ReadError(file: file, line: headerLine, reason: .keptColumnNotFree(name: name, role: role))
            }
            roles[index] = .kept
            keptFields.append(index)
        }
        var layout = RecordLayout(delimiter: delimiter, header: header, roles: roles, fieldOfRole: fieldOfRole,
                                  bodyStart: position, amountIsProduct: fieldOfRole[.amount] == nil)
        layout.keptFields = keptFields
        return layout
    }

    /// The delimiter named by Excel's `sep=;` first line (any of `,` `;` tab `|`),
    /// with `start` moved past that line; `nil`, and `start` unchanged, when
    /// the first line is not one. Lines after it keep their physical numbers.
    static func excelSeparatorLine(_ base: UnsafePointer<UInt8>, from start: inout Int, count: Int) -> UInt8? {
        let prefix = Array("sep=".utf8)
        guard count - start >= prefix.count + 1,
              (0..<prefix.count).allSatisfy({ base[start + $0] | 0x20 == prefix[$0] | 0x20 }),
              let delimiter = Delimiter(rawValue: base[start + prefix.count])
        else { return nil }
        var end = start + prefix.count + 1
        if end < count, base[end] == UInt8(ascii: "\r") { end += 1 }
        guard end == count || base[end] == UInt8(ascii: "\n") else { return nil }
        start = min(end + 1, count)
        return delimiter.rawValue
    }

    /// Finds the field of each role. Columns named by the user claim their
    /// field first, then the usual names (``ColumnNames/aliases``) take the
    /// fields still free, so no field ever plays two roles: a second role on a
    /// claimed field is an error naming both (`--manager-column date` would
    /// otherwise read the dates as managers). A field whose name the header
    /// holds twice cannot be told from its twin, so using it is an error too.
    /// The amount is its own column unless a quantity or price column is
    /// named; without an amount column, the usual quantity and price columns.
    static func assignRoles(_ header: [String], options: ReadOptions, file: String,
                            line: Int) throws(ReadError) -> [ColumnRole: Int] {
        let lowered = header.map { $0.lowercased() }
        var fieldOfRole: [ColumnRole: Int] = [:]
        var roleOfField: [Int: ColumnRole] = [:]
        func claim(_ role: ColumnRole, _ index: Int) throws(ReadError) {
            if let other = roleOfField[index] {
                throw ReadError(file: file, line: line,
                                reason: .columnForTwoRoles(other, role, name: header[index], field: index + 1))
            }
            let twins = lowered.indices.filter { lowered[$0] == lowered[index] }
            if twins.count > 1 {
                throw ReadError(file: file, line: line,
                                reason: .duplicateColumn(role, name: header[index], fields: twins.map { $0 + 1 }))
            }
            fieldOfRole[role] = index
            roleOfField[index] = role
        }
        let namedProduct = options.columns.quantity != nil || options.columns.price != nil
        let roles: [ColumnRole] = [.client, .date, .manager, .category] + (namedProduct ? [.quantity, .price] : [.amount])
        for role in roles {
            guard let name = options.columns[role] else { continue }
            guard let index = lowered.firstIndex(of: name.trimmingCharacters(in: " \t").lowercased()) else {
                throw ReadError(file: file, line: line, reason: .unknownColumn(role, name: name, header: header))
            }
            try claim(role, index)
        }
        /// Claims the first free field with a usual name of `role`. When every
        /// such field is taken, a role that must have a column is an error.
        func findUsual(_ role: ColumnRole, required: Bool) throws(ReadError) {
            guard fieldOfRole[role] == nil else { return }
            let candidates = (ColumnNames.aliases[role] ?? []).compactMap { lowered.firstIndex(of: $0) }
            if let free = candidates.first(where: { roleOfField[$0] == nil }) {
                try claim(role, free)
            } else if required, let taken = candidates.first {
                try claim(role, taken)  // throws: two roles, one field
            }
        }
        for role in roles { try findUsual(role, required: role.isRequired || role == .amount && !namedProduct) }
        if !namedProduct, fieldOfRole[.amount] == nil {
            try findUsual(.quantity, required: false)
            try findUsual(.price, required: false)
        }
        for role in [ColumnRole.client, .date] where fieldOfRole[role] == nil {
            throw ReadError(file: file, line: line, reason: .missingColumn(role, header: header))
        }
        guard fieldOfRole[.amount] != nil || (fieldOfRole[.quantity] != nil && fieldOfRole[.price] != nil) else {
            throw ReadError(file: file, line: line, reason: .missingColumn(.amount, header: header))
        }
        return fieldOfRole
    }

    /// The columns used, in the order client, date, amount (or quantity and
    /// price), manager, category.
    var columnsUsed: [ColumnUse] {
        [ColumnRole.client, .date, .amount, .quantity, .price, .manager, .category].compactMap { role in
            fieldOfRole[role].map { ColumnUse(role: role, name: header[$0], field: $0 + 1) }
        }
    }

    /// Words that mark a manager or category column in a header the usual
    /// names missed (`Менеджер по продажам`, `Категория товара`).
    static let lookalikeWords: [(ColumnRole, [String])] = [
        (.manager, ["manager", "sales rep", "sales_rep", "salesrep", "salesperson", "sales person", "менеджер",
                    "ответственн", "відповідальн", "经理", "销售员", "负责人"]),
        (.category, ["category", "категор", "услуг", "послуг", "类别", "品类"]),
    ]

    /// Header fields that look like a manager or category column but are
    /// not used, while that role has no column: probably a name to give.
    var lookalikeColumns: [ColumnUse] {
        var found: [ColumnUse] = []
        let used = Set(fieldOfRole.values)
        for (role, words) in RecordLayout.lookalikeWords where fieldOfRole[role] == nil {
            for (index, name) in header.enumerated() where !used.contains(index) && !keptFields.contains(index) {
                let lowered = name.lowercased()
                if words.contains(where: { lowered.contains($0) }) {
                    found.append(ColumnUse(role: role, name: name, field: index + 1))
                }
            }
        }
        return found
    }

    /// The candidate (`,` `;` tab `|`) the header line holds most of outside
    /// quotes; ties go to the earlier in that list. `nil` if none occurs.
    static func detectDelimiter(_ base: UnsafePointer<UInt8>, from start: Int, count: Int) -> UInt8? {
        let candidates = Delimiter.allCases.map(\.rawValue)
        var tallies = [Int](repeating: 0, count: candidates.count)
        var inQuotes = false
        var i = start
        while i < count {
            let byte = base[i]
            if byte == UInt8(ascii: "\"") {
                inQuotes.toggle()
            } else if !inQuotes {
                if byte == UInt8(ascii: "\n") { break }
                if let k = candidates.firstIndex(of: byte) { tallies[k] += 1 }
            }
            i += 1
        }
        guard let best = tallies.max(), best > 0 else { return nil }
        return candidates[tallies.firstIndex(of: best)!]
    }
}

/// A header field and the role it plays (or, for a lookalike, might play).
public struct ColumnUse: Hashable, Sendable, CustomStringConvertible {
    /// What the field is read as (client, date, amount, …), or would be read as, for a lookalike.
    public var role: ColumnRole
    /// The field's name in the header, as written.
    public var name: String
    /// The field's position in the header, from 1.
    public var field: Int

    /// `client=Клиент (1)`.
    public var description: String { "\(role.rawValue)=\(name) (\(field))" }
}

extension String {
    func trimmingCharacters(in set: String) -> String {
        let characters = Set(set.unicodeScalars)
        var scalars = Substring(self).unicodeScalars
        while let first = scalars.first, characters.contains(first) { scalars.removeFirst() }
        while let last = scalars.last, characters.contains(last) { scalars.removeLast() }
        return String(scalars)
    }
}
