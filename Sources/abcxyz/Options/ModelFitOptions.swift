import ABCXYZ

/// The probabilistic model of docs/spec.md §14: one typed definition per option, its
/// default read from the library's ``ModelOptions()``. The `model` command fits it;
/// classify, winback and report run it when ``kind`` (`--model`) asks.
enum ModelFitOptions {
    private static let defaults = ModelOptions()

    static let kind = Option<ModelKind>.choice(
        "model", value: "MODEL",
        help: "Also run the probabilistic model: each client's P(alive), expected purchases, expected spend and CLV",
        default: nil, defaultText: "off")
    static let occasions = Option<ModelOccasions>.choice(
        "occasions", value: "KIND",
        help: "What one purchase occasion is: a day with a positive net, or any day with a row",
        default: defaults.occasions)
    static let unit = Option<ModelUnit>.choice(
        "model-unit", value: "UNIT", help: "Time unit of t_x, T and the fitted rates", default: defaults.unit)
    static let penalizer = Option<Double>.number(
        "penalizer", value: "LAMBDA", help: "Subtract LAMBDA·Σθ² from the log-likelihood, as lifetimes does",
        default: DefaultText.plain(defaults.penalizer), property: "penalizer", expected: "a number ≥ 0",
        where: { value in accepts { $0.penalizer = value } })
    static let discount = Option<Double>.number(
        "discount", value: "D", help: "Monthly discount rate of the CLV", default: DefaultText.plain(defaults.monthlyDiscount),
        property: "monthlyDiscount", expected: "a monthly rate above -1, e.g. 0.01",
        where: { value in accepts { $0.monthlyDiscount = value } })

    /// The method's `--as-of`, `--horizon` and `--margin` (same names, help and defaults), with the model's ranges.
    static let asOf = MethodOptions.asOf.reading(as: Day.self, expected: "a date YYYY-MM-DD", Day.init(iso:))
    static let horizon = MethodOptions.horizon.reading(as: Double.self, expected: "zero or more years") { text in
        Double(text).flatMap { value in accepts { $0.horizonYears = value } ? value : nil }
    }
    /// The library takes any margin ≥ 0 for the CLV; the command line stops at 1000, as for the method.
    static let margin = MethodOptions.margin.reading(as: Double.self, expected: "a number from 0 to 1000") {
        Double($0).flatMap { $0.isFinite && $0 >= 0 && $0 <= 1000 ? $0 : nil }
    }

    /// Whether ``ModelOptions/validate()`` accepts the defaults so changed: the range is the library's,
    /// checked as the option is read, with the option's own message.
    private static func accepts(_ change: (inout ModelOptions) -> Void) -> Bool {
        var options = ModelOptions()
        change(&options)
        return (try? options.validate()) != nil
    }

    /// The model group: what the fit needs, without `--model`.
    static let group = OptionGroup(title: "MODEL [§14]", options: [occasions, unit, penalizer, discount])

    /// `--model`, and the model group after it, for the commands whose model is off by default.
    static let choiceGroup = OptionGroup(title: group.title, definitions: [kind.definition] + group.options)

    /// The model `--model` asks for, or `nil`; the other model options need it.
    static func requestedModel(_ arguments: ParsedArguments) throws -> ModelOptions? {
        guard let kind = try arguments.value(of: kind) else {
            let fitOptions: [any OptionDefining] = [occasions, unit, penalizer, discount]
            if let given = fitOptions.first(where: { arguments.isGiven($0) }) {
                throw UsageError("\(given.definition.flag) applies to the model: add --model bgnbd or --model pareto-nbd")
            }
            return nil
        }
        var options = try modelOptions(arguments)
        options.model = kind
        return options
    }

    /// Model options from the command line (with --as-of, --horizon and --margin where the command has them).
    static func modelOptions(_ arguments: ParsedArguments) throws -> ModelOptions {
        var options = ModelOptions()
        options.asOf = try arguments.value(of: asOf)
        try arguments.assign(occasions, to: &options.occasions)
        try arguments.assign(unit, to: &options.unit)
        try arguments.assign(penalizer, to: &options.penalizer)
        try arguments.assign(discount, to: &options.monthlyDiscount)
        try arguments.assign(horizon, to: &options.horizonYears)
        try arguments.assign(margin, to: &options.margin)
        return options
    }
}
