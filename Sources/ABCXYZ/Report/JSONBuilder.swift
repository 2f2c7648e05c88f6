/// A small JSON writer with keys in the order given (so output is stable).
struct JSONBuilder {
    struct Raw {
        let text: String
        init(_ text: String) { self.text = text }
    }

    indirect enum Value {
        case string(String), int(Int), fraction(Double), raw(Raw), null
        case object([(String, Value)]), array([Value])
    }

    struct ObjectBuilder {
        var pairs: [(String, Value)] = []
        subscript(key: String) -> Value? {
            get { pairs.first { $0.0 == key }?.1 }
            set { if let newValue { pairs.append((key, newValue)) } }
        }
    }

    private(set) var text = ""

    mutating func object(_ build: (inout ObjectBuilder) -> Void) {
        var builder = ObjectBuilder()
        build(&builder)
        var bytes: [UInt8] = []
        JSONBuilder.append(.object(builder.pairs), indent: 0, to: &bytes)
        bytes.append(UInt8(ascii: "\n"))
        text = String(decoding: bytes, as: UTF8.self)
    }

    private static func append(_ value: Value, indent: Int, to bytes: inout [UInt8]) {
        switch value {
        case .string(let string): JSONText.appendString(string, to: &bytes)
        case .int(let number): bytes.append(contentsOf: String(number).utf8)
        case .fraction(let number): DecimalText.appendFixed(number, digits: 6, to: &bytes)
        case .raw(let raw): bytes.append(contentsOf: raw.text.utf8)
        case .null: bytes.append(contentsOf: "null".utf8)
        case .array(let values):
            guard !values.isEmpty else { return bytes.append(contentsOf: "[]".utf8) }
            bytes.append(UInt8(ascii: "["))
            for (index, element) in values.enumerated() {
                bytes.append(contentsOf: (index == 0 ? "\n" : ",\n").utf8)
                bytes.append(contentsOf: String(repeating: " ", count: indent + 2).utf8)
                append(element, indent: indent + 2, to: &bytes)
            }
            bytes.append(contentsOf: ("\n" + String(repeating: " ", count: indent) + "]").utf8)
        case .object(let pairs):
            // Objects of plain values stay on one line; nested ones are indented.
            let flat = pairs.allSatisfy { if case .object = $0.1 { false } else if case .array = $0.1 { false } else { true } }
            bytes.append(UInt8(ascii: "{"))
            for (index, (key, element)) in pairs.enumerated() {
                if index > 0 { bytes.append(UInt8(ascii: ",")) }
                if !flat { bytes.append(contentsOf: ("\n" + String(repeating: " ", count: indent + 2)).utf8) }
                JSONText.appendString(key, to: &bytes)
                bytes.append(contentsOf: ": ".utf8)
                append(element, indent: indent + 2, to: &bytes)
            }
            if !flat { bytes.append(contentsOf: ("\n" + String(repeating: " ", count: indent)).utf8) }
            bytes.append(UInt8(ascii: "}"))
        }
    }
}
