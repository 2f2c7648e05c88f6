import ABCXYZ

/// The options every data command takes, in the groups help shows: how to read
/// the input, how the method runs, the model, and where results go. Each option is
/// defined once, typed, in `Options/`; these are the entry points the commands use.
enum SharedOptions {
    static var input: OptionGroup { InputOptions.group }
    static var method: OptionGroup { MethodOptions.group }
    /// The probabilistic model of §14 (the `model` command; with ``modelChoice`` first, classify, winback, report).
    static var model: OptionGroup { ModelFitOptions.group }
    /// `--model`, and the model group after it, for the commands whose model is off by default.
    static var modelChoice: OptionGroup { ModelFitOptions.choiceGroup }
    static let output = OptionGroup(title: "OUTPUT", options: OutputOptions.listing)
    static var run: OptionGroup { RunOptions.group }
    static var all: [OptionGroup] { [input, method, output, run] }

    /// The model `--model` asks for, or `nil`; the other model options need it.
    static func requestedModel(_ arguments: ParsedArguments) throws -> ModelOptions? {
        try ModelFitOptions.requestedModel(arguments)
    }

    /// Model options from the command line (with --as-of, --horizon and --margin where the command has them).
    static func modelOptions(_ arguments: ParsedArguments) throws -> ModelOptions {
        try ModelFitOptions.modelOptions(arguments)
    }

    /// Reading options from the command line.
    static func readOptions(_ arguments: ParsedArguments) throws -> ReadOptions {
        try InputOptions.readOptions(arguments)
    }

    /// Method options from the command line, checked by the library before a large file is read.
    static func analysisOptions(_ arguments: ParsedArguments) throws -> AnalysisOptions {
        try MethodOptions.analysisOptions(arguments)
    }

    /// An ``OptionsError`` in the words of the command line (``OptionsErrorText``).
    static func flagText(_ error: OptionsError) -> String { OptionsErrorText.text(error) }

    /// The outputs named by `options`, for ``OutputTargets/checkDistinct(_:input:)``;
    /// ``OutputOptions/output`` left out is standard output.
    static func namedOutputs(_ arguments: ParsedArguments, _ options: [Option<String>]) -> [OutputTargets.Output] {
        options.compactMap { option in
            let isOutput = option.definition.name == OutputOptions.output.definition.name
            return (arguments.text(of: option) ?? (isOutput ? "-" : nil))
                .map { OutputTargets.Output(option: option.definition.flag, path: $0) }
        }
    }
}
