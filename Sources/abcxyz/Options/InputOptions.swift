import ABCXYZ

/// How to read the export (docs/spec.md §9): one typed definition per option,
/// its default read from the library's ``ReadOptions()``; the ranges are
/// ``ReadOptions/validate()``'s.
enum InputOptions {
    private static let defaults = ReadOptions()

    static let delimiter = Option<Delimiter>(
        "delimiter", value: "CHAR", help: "Field delimiter: , ; tab or |", default: "detected from the header",
        expected: ", ; tab or |", convert: Delimiter.init)

    /// `--client-column`, `--date-column`, … for each role, in help's order.
    static let columns: [(role: ColumnRole, option: Option<String>)] = [
        (.client, .text("client-column", value: "NAME", help: "Header of the client id column",
                        default: "client, client_id, customer, …")),
        (.date, .text("date-column", value: "NAME", help: "Header of the date column", default: "date, order_date, …")),
        (.amount, .text("amount-column", value: "NAME", help: "Header of the amount column",
                        default: "amount, revenue, sum, …")),
        (.manager, .text("manager-column", value: "NAME", help: "Header of the manager column (optional)",
                         default: "manager, sales_rep, …")),
        (.category, .text("category-column", value: "NAME", help: "Header of the category column (optional)",
                          default: "category, …")),
        (.quantity, .text("quantity-column", value: "NAME",
                          help: "With --price-column: each amount is quantity × price (exports of line items)",
                          default: "quantity, qty, … when there is no amount column")),
        (.price, .text("price-column", value: "NAME", help: "Header of the unit price column",
                       default: "price, unit_price, … when there is no amount column")),
    ]

    static let dateFormat = Option<DateFormat>.choice(
        "date-format", value: "FORMAT", help: "Order of day and month in dates like 03/04/2025",
        default: defaults.dateFormat)
    static let scale = Option<Int>.wholeNumber(
        "scale", help: "Fraction digits of a minor unit (2 for cents, 0 for yen)", default: "\(defaults.scale)",
        property: "scale")
    static let onError = Option<ErrorPolicy>.choice(
        "on-error", value: "POLICY", help: "A bad row stops the run (stop) or is left out and counted (skip)",
        default: defaults.onError)
    static let rejects = Option<String>.file(
        "rejects", help: "Write the rows left out to FILE: line, column, reason and the row as it was "
            + "(implies --on-error skip)")
    static let threads = Option<Int>.wholeNumber(
        "threads", help: "Threads that read and classify", default: DefaultText.threads(defaults.threads),
        property: "threads")

    static let group = OptionGroup(title: "INPUT", options: [delimiter] + columns.map(\.option) + [
        dateFormat, scale, onError, rejects, threads,
    ])

    /// Reading options from the command line, checked by ``ReadOptions/validate()``.
    static func readOptions(_ arguments: ParsedArguments) throws -> ReadOptions {
        var options = ReadOptions()
        options.delimiter = try arguments.value(of: delimiter) ?? options.delimiter
        for (role, option) in columns {
            if let name = arguments.text(of: option) { options.columns[role] = name }
        }
        try arguments.assign(dateFormat, to: &options.dateFormat)
        try arguments.assign(scale, to: &options.scale)
        let rejecting = arguments.isGiven(rejects)
        options.onError = try arguments.value(of: onError) ?? (rejecting ? .skip : options.onError)
        if rejecting, options.onError == .stop {
            throw UsageError("--rejects lists the rows left out, which needs --on-error skip")
        }
        options.threads = try threads(arguments)
        options.keptColumns = try CallListOptions.keptColumns(arguments)
        try options.validate()
        return options
    }

    /// `--threads`, or one per processor (the library's default).
    static func threads(_ arguments: ParsedArguments) throws -> Int {
        try arguments.value(of: threads) ?? defaults.threads
    }
}
