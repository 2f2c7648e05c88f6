import Foundation
import Testing

/// The HTML report at real sizes: 9-digit money, long names, 50 managers,
/// measured in Chromium at 360 px, 1000 px and as printed.
@Suite("The HTML report's figures at real sizes", Browser.available)
struct ReportLayoutBrowserTests {
    /// A width to lay the page out at, and whether the print rules apply.
    struct Layout: CustomTestStringConvertible, Sendable {
        var width: Int
        var print: Bool
        var testDescription: String { print ? "printed (\(width) px, A4 less Chromium's margins)" : "\(width) px" }
    }

    /// 400 clients with long names (German compound words, Cyrillic, a run of
    /// W's), 50 managers with long names alike in their first words, whales
    /// that buy 3 to 9 million a time: the value-lost cells reach 9 digits
    /// before the point. Deterministic, so a failure can be looked at again.
    static func largeExport() -> String {
        let managerNames = ["Maximilian Alexander von Hohenzollern-Sigmaringen", "Александра Константиновна Преображенская-Вишневецкая",
                            "Bartholomew Fitzwilliam-Worthington III", "Wolfgang"]
        let clientNames = ["Internationale Handelsgesellschaft für Maschinenbau und Elektrotechnik mbH",
                           "ООО «Северо-Западная Торговая Компания»",
                           "Konstantinopolitanischerdudelsackpfeifenmachergesellschaft", String(repeating: "W", count: 30)]
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let asOf = calendar.date(from: DateComponents(year: 2025, month: 6, day: 30))!
        func day(_ daysBefore: Int) -> String {
            let date = calendar.dateComponents([.year, .month, .day], from: calendar.date(byAdding: .day, value: -daysBefore, to: asOf)!)
            return String(format: "%04d-%02d-%02d", date.year!, date.month!, date.day!)
        }
        var csv = "client,date,amount,manager\n"
        for client in 0..<400 {
            let name = "\(clientNames[client % 4]) \(String(format: "%03d", client))"
            let manager = "\(managerNames[client % 50 % 4]) \(String(format: "%02d", client % 50))"
            let step = [14, 30, 45, 90][client % 4]
            let lastGap = client % 40 == 0 ? [100, 250, 400][client / 40 % 3] : [5, 40, 100, 250, 400][client % 5]  // whales leave
            for purchase in 0..<(3 + client % 12) {
                let spread = (client * 7_919 + purchase * 104_729)
                var cents = client % 40 == 0 ? 300_000_000 + spread % 600_000_000 : 1_000_000 + spread % 29_000_000
                if client % 7 == 0 { cents *= 1 + purchase % 3 * 3 }
                let daysBefore = lastGap + purchase * step + (purchase * client) % 3
                csv += "\"\(name)\",\(day(daysBefore)),\(cents / 100).\(String(format: "%02d", cents % 100)),\(manager)\n"
            }
        }
        return csv + "Now,\(day(0)),1.00,\n"
    }

    @Test("No figure wraps or is cut, no label leaves its chart or cell, the page never scrolls sideways",
          arguments: [Layout(width: 360, print: false), Layout(width: 1000, print: false), Layout(width: 718, print: true)])
    func figuresFit(_ layout: Layout) throws {
        try withTemporaryDirectory { directory in
            let export = directory.appendingPathComponent("large.csv"), page = directory.appendingPathComponent("report.html")
            try Self.largeExport().write(to: export, atomically: true, encoding: .utf8)
            // With the model, so that its section (a histogram, two bar charts, three tables) is measured too.
            let report = try Binary.run(["report", export.path, "--format", "html", "--model", "bgnbd", "--quiet",
                                         "-o", page.path])
            #expect(report.status == 0, "\(report.standardError)")
            let html = try String(contentsOf: page, encoding: .utf8)
            // The data set is as hard as intended: a 9-digit value lost in the heat map, 50 managers and "(none)".
            let lossMap = try #require(html.components(separatedBy: "data-chart=\"matrix-loss\"").last?.components(separatedBy: "</svg>").first)
            #expect(lossMap.range(of: ">[0-9]{3} [0-9]{3} [0-9]{3}\\.[0-9]{2}</text>", options: .regularExpression) != nil)
            let churn = try #require(html.components(separatedBy: "data-chart=\"churn-by-manager\"").last?.components(separatedBy: "</svg>").first)
            #expect(churn.components(separatedBy: "<text class=\"name\"").count - 1 == 51)

            // The report with the measuring script, in a frame as wide as the layout
            // (Chromium's headless window is at least 500 px wide); the frame posts its findings up.
            let script = try String(contentsOf: repositoryRoot.appendingPathComponent("Tests/Browser/measure-figures.js"), encoding: .utf8)
            try html.replacingOccurrences(of: "</body>", with: "<script>\(script)</script>\n</body>")
                .write(to: directory.appendingPathComponent("probe.html"), atomically: true, encoding: .utf8)
            let frame = directory.appendingPathComponent("frame.html")
            try """
                <!doctype html><body style="margin:0"><iframe src="probe.html\(layout.print ? "?media=print" : "")" \
                style="width:\(layout.width)px;height:1500px;border:0"></iframe><script>
                addEventListener("message", (event) => {
                  const result = document.createElement("pre"); result.id = "measured"; result.textContent = event.data;
                  document.body.appendChild(result);
                });</script></body>
                """.write(to: frame, atomically: true, encoding: .utf8)
            let run = try Browser.run(["--dump-dom", "--window-size=1100,1600", "--virtual-time-budget=5000"], page: frame)
            #expect(Browser.consoleLines(run.standardError).isEmpty, "\(Browser.consoleLines(run.standardError))")
            let start = try #require(run.standardOutput.range(of: "<pre id=\"measured\">"), "the measuring script did not report")
            let end = try #require(run.standardOutput[start.upperBound...].range(of: "</pre>"))
            let json = String(run.standardOutput[start.upperBound..<end.lowerBound])
                .replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">")
                .replacingOccurrences(of: "&amp;", with: "&")
            let measured = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])

            #expect(measured["width"] as? Int == layout.width)
            #expect(measured["print"] as? Bool == layout.print)
            #expect((measured["figures"] as? Int ?? 0) > 800)    // table cells, tiles and figures in sentences
            #expect((measured["svgTexts"] as? Int ?? 0) >= 150)   // chart labels: 51 managers, 18 cells, axes
            #expect(measured["problems"] as? [String] == [], "\(measured["problems"] ?? "")")
            // At 1000 px every table fits without scrolling; narrower, wide tables scroll in their own box.
            if layout.width >= 1000 || layout.print { #expect(measured["scrolling"] as? [String] == []) }
        }
    }
}
