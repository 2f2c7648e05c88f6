#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// How to read a sales export (SPEC §9). Every property has a default that
/// suits a typical export, so `ReadOptions()` is usually enough.
public struct ReadOptions: Hashable, Sendable {
    /// The field delimiter; `nil` detects it from the header line
    /// (`,` `;` tab or `|`, whichever the header holds most of).
    public var delimiter: Delimiter? = nil

    /// Header names of the columns, when they are not among the usual ones
    /// (``ColumnNames/aliases``).
    public var columns = ColumnNames()

    /// How to read dates like `03/04/2025`. Default: ``DateFormat/automatic``.
    public var dateFormat: DateFormat = .automatic

    /// Fraction digits of a minor unit (SPEC §1): 2 for cents and kopecks,
    /// 0 for yen. 0 through 6.
    public var scale: Int = 2

    /// What to do with a row that cannot be read. Default: stop at the first.
    public var onError: ErrorPolicy = .stop

    /// Threads that parse the file. Default: the number of processors.
    public var threads: Int = ReadOptions.processorCount

    /// Input columns to carry through to the listings (phone, e-mail, tax id),
    /// by header name (case-insensitive): each client's latest non-empty value
    /// (``Analysis/keptColumns``). Empty (the default): the reader reads no
    /// byte of any column it does not need.
    public var keptColumns: [String] = []

    /// How many byte ranges the file is cut into; `nil` means one per thread.
    /// More ranges than threads is a way to test the splitting; the result is
    /// the same for any value. For the tests and the fuzzer only (`package`).
    package var pieces: Int? = nil

    /// How the parser threads share the file (``PieceClaims``): the bytes a
    /// claim takes and the smallest remainder worth taking over. `nil`: the
    /// defaults, with work sharing on unless ``pieces`` fixes the cut. Set,
    /// sharing is on whatever ``pieces`` is. The result is the same for any
    /// value. For the tests (`package`).
    package var claims: ClaimSizes? = nil

    /// ``claims``: the bytes a claim takes and the smallest remainder taken over.
    package struct ClaimSizes: Sendable, Hashable {
        package var stretch: Int
        package var minimumRemainder: Int

        package init(stretch: Int, minimumRemainder: Int) {
            self.stretch = stretch
            self.minimumRemainder = minimumRemainder
        }
    }

    /// How many client partitions the rows are parsed into (``ClientPartitioner``);
    /// `nil` chooses by the file's size (one for files that fit the cache).
    /// The result is the same for any value. For the tests and the benchmarks (`package`).
    package var partitions: Int? = nil

    /// Whether the rows go to a temporary file (``SpillFile``) instead of
    /// memory; `nil` chooses by the file's size against the machine's memory.
    /// The result is the same either way. For the tests and the benchmarks (`package`).
    package var spill: Bool? = nil

    /// The defaults: delimiter and columns from the header, scale 2, stop at the first bad row, one thread per processor.
    public init() {}

    /// Processors available to this process.
    public static var processorCount: Int {
        max(1, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN))))
    }

    /// Validates the options that have a range.
    public func validate() throws(OptionsError) {
        guard (0...6).contains(scale) else {
            throw OptionsError(option: "scale", requirement: "a whole number from 0 to 6", value: "\(scale)")
        }
        guard (1...1024).contains(threads) else {
            throw OptionsError(option: "threads", requirement: "a whole number from 1 to 1024", value: "\(threads)")
        }
        if let pieces, !(1...100_000).contains(pieces) {
            throw OptionsError(option: "pieces", requirement: "a whole number from 1 to 100000", value: "\(pieces)")
        }
        if let claims, claims.stretch < 1 || claims.minimumRemainder < 1 {
            throw OptionsError(option: "claims", requirement: "a stretch and a minimum remainder of at least 1 byte",
                               value: "\(claims.stretch), \(claims.minimumRemainder)")
        }
        if let partitions, !(1...ClientPartitioner.maximumCount).contains(partitions) {
            throw OptionsError(option: "partitions", requirement: "a whole number from 1 to \(ClientPartitioner.maximumCount)",
                               value: "\(partitions)")
        }
    }
}

/// A field delimiter SPEC §9 allows.
public enum Delimiter: UInt8, Hashable, Sendable, CaseIterable {
    /// `,`, the RFC 4180 default.
    case comma = 0x2C
    /// `;`, what Excel writes where the decimal separator is a comma.
    case semicolon = 0x3B
    /// A tab: TSV, and copies out of a spreadsheet.
    case tab = 0x09
    /// `|`, from some databases' dumps.
    case pipe = 0x7C

    /// Reads `,`, `;`, `|`, `tab` or `\t`.
    public init?(_ text: String) {
        switch text {
        case ",", "comma": self = .comma
        case ";", "semicolon": self = .semicolon
        case "\t", "\\t", "tab": self = .tab
        case "|", "pipe": self = .pipe
        default: return nil
        }
    }

    /// The delimiter as messages and help name it: `,`, `;`, `tab` or `|`.
    public var name: String {
        switch self {
        case .comma: ","
        case .semicolon: ";"
        case .tab: "tab"
        case .pipe: "|"
        }
    }
}

/// What happens to a row that cannot be read (SPEC §9).
public enum ErrorPolicy: String, Hashable, Sendable, CaseIterable {
    /// The first bad row stops the run with its file, line, column and reason.
    case stop
    /// Bad rows are left out and counted (and listed in ``TransactionTable/rejections``).
    case skip
}

/// The columns a transaction is made of.
public enum ColumnRole: String, Hashable, Sendable, CaseIterable {
    /// The parts of a transaction (SPEC §1); client and date are required, amount unless quantity and price are given.
    case client, date, amount, manager, category
    /// For exports of line items: the amount is quantity × price.
    case quantity, price

    var isRequired: Bool { self == .client || self == .date }
}

/// Header names given by the user; a `nil` name is looked up among
/// ``aliases``. Matching ignores case and surrounding spaces.
public struct ColumnNames: Hashable, Sendable {
    /// The client id column (`--client-column`).
    public var client: String? = nil
    /// The date column (`--date-column`).
    public var date: String? = nil
    /// The amount column (`--amount-column`).
    public var amount: String? = nil
    /// The manager column (`--manager-column`); optional in the file.
    public var manager: String? = nil
    /// The service, department or product group column (`--category-column`, SPEC §13); optional.
    public var category: String? = nil
    /// With ``price``: compute each row's amount as quantity × price (line-item
    /// exports); named columns take precedence over an amount column.
    public var quantity: String? = nil
    /// The unit price column, with ``quantity``.
    public var price: String? = nil

    /// Names for some columns; the others are found by their usual names.
    public init(client: String? = nil, date: String? = nil, amount: String? = nil,
                manager: String? = nil, category: String? = nil, quantity: String? = nil, price: String? = nil) {
        self.client = client
        self.date = date
        self.amount = amount
        self.manager = manager
        self.category = category
        self.quantity = quantity
        self.price = price
    }

    /// The name for `role`, read or set by role; `nil` leaves it to the aliases.
    public subscript(role: ColumnRole) -> String? {
        get {
            switch role {
            case .client: client
            case .date: date
            case .amount: amount
            case .manager: manager
            case .category: category
            case .quantity: quantity
            case .price: price
            }
        }
        set {
            switch role {
            case .client: client = newValue
            case .date: date = newValue
            case .amount: amount = newValue
            case .manager: manager = newValue
            case .category: category = newValue
            case .quantity: quantity = newValue
            case .price: price = newValue
            }
        }
    }

    /// The header names recognised for each role, in order of preference
    /// (English, Russian, Ukrainian and Chinese exports).
    public static let aliases: [ColumnRole: [String]] = [
        .client: ["client", "client_id", "clientid", "client id", "customer", "customer_id", "customerid",
                  "customer id", "buyer", "клиент", "покупатель", "контрагент", "клієнт", "покупець",
                  "客户", "客户编号", "顾客"],
        .date: ["date", "order_date", "orderdate", "order date", "invoice_date", "invoicedate", "invoice date",
                "transaction_date", "sale_date", "дата", "дата продажи", "дата заказа", "дата продажу",
                "日期", "订单日期", "交易日期"],
        .amount: ["amount", "revenue", "sum", "total", "sales", "value", "сумма", "выручка", "сума",
                  "виторг", "金额", "销售额", "总额"],
        .manager: ["manager", "sales_rep", "salesrep", "sales rep", "salesperson", "менеджер",
                   "ответственный", "відповідальний", "经理", "销售员", "负责人"],
        .category: ["category", "product_category", "group", "категория", "категорія", "类别", "品类"],
        .quantity: ["quantity", "qty", "count", "количество", "кол-во", "кількість", "数量"],
        .price: ["price", "unit_price", "unitprice", "unit price", "цена", "ціна", "单价", "价格"],
    ]
}
