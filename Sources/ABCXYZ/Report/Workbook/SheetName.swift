/// Sheet names as Excel accepts them: 1 to 31 characters (UTF-16 units), none
/// of `[ ] : * ? / \`, not starting or ending with `'`, not `History`, and
/// unique regardless of case.
enum SheetName {
    static let maximumLength = 31

    /// `name` made acceptable: forbidden characters become `_`, control
    /// characters are dropped, the length is cut to 31 (never inside a
    /// surrogate pair), an empty result becomes `Sheet` and `History` `History_`.
    static func sanitized(_ name: String) -> String {
        var scalars = String.UnicodeScalarView()
        var length = 0
        for scalar in name.unicodeScalars {
            if scalar.value < 0x20 || scalar.value == 0x7F { continue }
            let kept: Unicode.Scalar = "[]:*?/\\".unicodeScalars.contains(scalar) ? "_" : scalar
            let units = kept.utf16.count
            guard length + units <= maximumLength else { break }
            scalars.append(kept)
            length += units
        }
        var text = String(scalars)
        while text.hasPrefix("'") { text.removeFirst() }
        while text.hasSuffix("'") { text.removeLast() }
        if text.isEmpty { text = "Sheet" }
        if text.lowercased() == "history" { text += "_" }  // Excel reserves it
        return text
    }

    /// Names made unique in order: a repeated name gets ` (2)`, ` (3)`…,
    /// shortened first if the suffix would pass 31 units.
    static func unique(_ names: [String]) -> [String] {
        var taken = Set<String>()
        return names.map { name in
            var candidate = sanitized(name)
            var number = 2
            while taken.contains(candidate.lowercased()) {
                let suffix = " (\(number))"
                var base = sanitized(name)
                while base.utf16.count + suffix.utf16.count > maximumLength { base.unicodeScalars.removeLast() }
                candidate = base + suffix
                number += 1
            }
            taken.insert(candidate.lowercased())
            return candidate
        }
    }
}
