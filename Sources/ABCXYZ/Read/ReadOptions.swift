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
    /// the same for any value.
    public var pieces: Int? = nil

    public init() {}

    /// Processors available to this process.
    public static var processorCount: Int {
        max(1, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN))))
    }

    /// Validates the options that have a range.
    public func validate() throws(OptionsError) {
        guard (0...6).contains(scale) else { throw OptionsError(option: "scale", requirement: "between 0 and 6") }
        guard (1...1024).contains(threads) else { throw OptionsError(option: "threads", requirement: "between 1 and 1024") }
        if let pieces, !(1...100_000).contains(pieces) {
            throw OptionsError(option: "pieces", requirement: "between 1 and 100000")
        }
    }
}

/// A field delimiter SPEC §9 allows.
public enum Delimiter: UInt8, Hashable, Sendable, CaseIterable {
    case comma = 0x2C
    case semicolon = 0x3B
    case tab = 0x09
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
    case client, date, amount, manager, category
    /// For exports of line items: the amount is quantity × price.
    case quantity, price

    var isRequired: Bool { self == .client || self == .date }
}

/// Header names given by the user; a `nil` name is looked up among
/// ``aliases``. Matching ignores case and surrounding spaces.
public struct ColumnNames: Hashable, Sendable {
    public var client: String? = nil
    public var date: String? = nil
    public var amount: String? = nil
    public var manager: String? = nil
    public var category: String? = nil
    /// With ``price``: compute each row's amount as quantity × price (line-item
    /// exports); named columns take precedence over an amount column.
    public var quantity: String? = nil
    public var price: String? = nil

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
