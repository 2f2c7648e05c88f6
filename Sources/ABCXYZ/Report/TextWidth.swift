/// How wide a line of SVG text may be, worked out without a browser, so the
/// charts can leave room for their labels (SVG text never wraps or shrinks
/// to fit: a label too long for its place is cut off or spills over).
///
/// The widths are upper bounds, in ems, taken from DejaVu Sans (what
/// `system-ui` is on most Linux desktops and one of the widest sans
/// faces); narrower faces (San Francisco, Segoe UI, Roboto) only leave
/// more room. `Tests/abcxyzCLITests/ReportLayoutBrowserTests.swift` checks
/// the real widths in Chromium.
enum TextWidth {
    /// Width of `text` at `fontSize` (user units or px).
    ///
    /// ```swift
    /// TextWidth.estimate("12 345.60", fontSize: 12)   // 63.0 (DejaVu Sans draws 61.1)
    /// ```
    static func estimate(_ text: String, fontSize: Double) -> Double {
        text.unicodeScalars.reduce(0) { $0 + em($1) } * fontSize
    }

    /// `text`, or its head, `…` and its last few characters when it is wider
    /// than `width`, so that names alike in their first words stay apart
    /// ("Bartholomew Fi…III 02"). Cuts between `Character`s only.
    static func fitting(_ text: String, width: Double, fontSize: Double) -> String {
        guard estimate(text, fontSize: fontSize) > width else { return text }
        let characters = Array(text)
        let tail = characters.suffix(min(6, characters.count / 3))
        var budget = width - estimate("…" + String(tail), fontSize: fontSize)
        var head = ""
        for character in characters.dropLast(tail.count) {
            let step = estimate(String(character), fontSize: fontSize)
            guard step <= budget else { break }
            budget -= step
            head.append(character)
        }
        while head.last?.isWhitespace == true { head.removeLast() }
        return head + "…" + String(tail)
    }

    /// One scalar's advance in ems (an upper bound).
    private static func em(_ scalar: Unicode.Scalar) -> Double {
        switch scalar.value {
        case 0x20: return 0.35
        case 0x30...0x39: return 0.65
        case 0x2E, 0x2C, 0x3A, 0x3B, 0x21, 0x7C, 0x27, 0x69, 0x6A, 0x6C, 0x49: return 0.35  // . , : ; ! | ' i j l I
        case 0x6D, 0x77, 0x4D, 0x57, 0x40, 0x25: return 1.0  // m w M W @ %
        case 0x41...0x5A: return 0.8
        case 0x61...0x7A: return 0.65
        case 0x21...0x7E: return 0.85
        case 0x0416, 0x0428, 0x0429, 0x042E, 0x042B, 0x0436, 0x0448, 0x0449, 0x044E, 0x044B: return 1.1  // Ж Ш Щ Ю Ы ж ш щ ю ы
        case 0x0410...0x042F: return 0.9
        case 0x0430...0x045F: return 0.75
        default:
            switch scalar.properties.generalCategory {
            case .nonspacingMark, .enclosingMark, .format, .control: return 0
            default: return TableText.displayWidth(String(scalar)) == 2 ? 1.1 : 1.0
            }
        }
    }
}
