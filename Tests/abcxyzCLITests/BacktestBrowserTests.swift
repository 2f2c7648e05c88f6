import Foundation
import Testing

/// The backtest page (SPEC §15) rendered by Chromium, as the report is
/// (ReportBrowserTests.swift): skipped with a message when there is no
/// Chromium, unless ABCXYZ_REQUIRE_BROWSER=1.
@Suite("The backtest page in a real browser", Browser.available)
struct BacktestBrowserTests {
    /// The markup of the chart named `name`, as the browser parsed it.
    func chart(_ name: String, in dom: String) throws -> Substring {
        let start = try #require(dom.range(of: "data-chart=\"\(name)\""), "no chart \(name)")
        let end = try #require(dom[start.upperBound...].range(of: "</svg>"))
        return dom[start.lowerBound..<end.upperBound]
    }

    func count(_ needle: String, in text: Substring) -> Int {
        text.components(separatedBy: needle).count - 1
    }

    @Test("The worked example's page: the sweep with its ten factors, current 1.5 and recommended 1 marked; the bars")
    func workedExample() throws {
        try withTemporaryDirectory { directory in
            let page = directory.appendingPathComponent("backtest.html")
            let run = try Binary.run(["backtest", "fixtures/example/transactions.csv", "--cut", "2025-03-31",
                                      "--format", "html", "-o", page.path])
            #expect(run.status == 0, "\(run.standardError)")
            let browser = try Browser.run(["--dump-dom"], page: page)
            #expect(Browser.consoleLines(browser.standardError).isEmpty, "\(Browser.consoleLines(browser.standardError))")
            let dom = browser.standardOutput
            let sweep = try chart("pr-sweep", in: dom)
            // Every factor has a precision (each calls somebody lost) and a recall (7 stayed away).
            #expect(count("class=\"point precision", in: sweep) == 10)
            #expect(count("class=\"point recall", in: sweep) == 10)
            #expect(count("class=\"point precision current\" data-factor=\"1.5\"", in: sweep) == 1)
            #expect(count("class=\"point precision recommended\" data-factor=\"1\"", in: sweep) == 1)
            #expect(count("class=\"marker current\" data-factor=\"1.5\"", in: sweep) == 1)
            #expect(count("class=\"marker recommended\" data-factor=\"1\"", in: sweep) == 1)
            #expect(count("class=\"target\"", in: sweep) == 2)   // the line and its legend
            // Active 3 of 5 returned, at-risk none (undefined), lost 0 of 5.
            let byStatus = try chart("returned-by-status", in: dom)
            #expect(count("class=\"bar returned\"", in: byStatus) == 2)
            #expect(byStatus.contains(">60.0% of 5</text>") && byStatus.contains(">undefined</text>"))
            let byTier = try chart("returned-by-tier", in: dom)
            #expect(count("class=\"bar returned\"", in: byTier) == 3)   // tier 4 is empty
            #expect(dom.contains("<h2>Choosing the lost factor</h2>"))
        }
    }

    /// CDNOW cut at 1997-09-30 with BG/NBD (fixtures/cdnow/backtest-model-reference.json): eight
    /// calibration points a side, predicted below actual for x = 0 (315.9 against 334) and for 7+
    /// (394.1 against 407), so the actual point sits higher on the page (a smaller y).
    @Test("With --model the page draws the calibration chart: predicted and actual for x = 0…6 and 7+")
    func calibrationChart() throws {
        try withTemporaryDirectory { directory in
            let page = directory.appendingPathComponent("backtest.html")
            let run = try Binary.run(["backtest", "fixtures/cdnow/cdnow_sample.csv", "--cut", "1997-09-30", "--model",
                                      "bgnbd", "--occasions", "transaction-days", "--format", "html", "-o", page.path])
            #expect(run.status == 0, "\(run.standardError)")
            let browser = try Browser.run(["--dump-dom"], page: page)
            #expect(Browser.consoleLines(browser.standardError).isEmpty, "\(Browser.consoleLines(browser.standardError))")
            let dom = browser.standardOutput
            let calibration = try chart("calibration", in: dom)
            #expect(count("class=\"point predicted\"", in: calibration) == 8)
            #expect(count("class=\"point actual\"", in: calibration) == 8)
            #expect(count("class=\"line predicted\"", in: calibration) == 2)   // the polyline and its legend
            for label in ["0", "1", "6", "7+"] {
                #expect(calibration.contains("data-x=\"\(label)\""), "x = \(label)")
            }
            func y(_ kind: String, _ label: String) -> Double? {
                guard let start = calibration.range(of: "class=\"point \(kind)\" data-x=\"\(label)\""),
                      let cy = calibration[start.upperBound...].range(of: "cy=\"") else { return nil }
                return Double(calibration[cy.upperBound...].prefix { $0 != "\"" })
            }
            for label in ["0", "7+"] {
                let predicted = try #require(y("predicted", label)), actual = try #require(y("actual", label))
                #expect(actual < predicted, "x = \(label): actual above predicted")
            }
            // The other charts are still there, and the page's tables show the rows.
            _ = try chart("pr-sweep", in: dom)
            _ = try chart("returned-by-status", in: dom)
            #expect(dom.contains("<h2>The model\u{2019}s calibration</h2>") || dom.contains("<h2>The model's calibration</h2>"))
        }
    }

    @Test("A large generated data set's page: nothing wraps, is cut or leaves its chart at 360 px, 1000 px and printed",
          arguments: [(360, false), (1000, false), (718, true)])
    func figuresFit(width: Int, print: Bool) throws {
        try withTemporaryDirectory { directory in
            let export = directory.appendingPathComponent("sales.csv").path
            #expect(try Binary.run(["generate", "--rows", "30000", "--seed", "11", "-o", export, "-q"]).status == 0)
            let page = directory.appendingPathComponent("backtest.html")
            let run = try Binary.run(["backtest", export, "--cut", "2025-01-31", "--lost-factor", "2.2",
                                      "--model", "bgnbd", "--format", "html", "-o", page.path])
            #expect(run.status == 0, "\(run.standardError)")
            let html = try String(contentsOf: page, encoding: .utf8)
            // The same harness as the report's layout test: the page in a frame as wide as the layout.
            let script = try String(contentsOf: repositoryRoot.appendingPathComponent("Tests/Browser/measure-figures.js"),
                                    encoding: .utf8)
            try html.replacingOccurrences(of: "</body>", with: "<script>\(script)</script>\n</body>")
                .write(to: directory.appendingPathComponent("probe.html"), atomically: true, encoding: .utf8)
            let frame = directory.appendingPathComponent("frame.html")
            try """
                <!doctype html><body style="margin:0"><iframe src="probe.html\(print ? "?media=print" : "")" \
                style="width:\(width)px;height:1500px;border:0"></iframe><script>
                addEventListener("message", (event) => {
                  const result = document.createElement("pre"); result.id = "measured"; result.textContent = event.data;
                  document.body.appendChild(result);
                });</script></body>
                """.write(to: frame, atomically: true, encoding: .utf8)
            let browser = try Browser.run(["--dump-dom", "--window-size=1100,1600", "--virtual-time-budget=5000"], page: frame)
            #expect(Browser.consoleLines(browser.standardError).isEmpty, "\(Browser.consoleLines(browser.standardError))")
            let start = try #require(browser.standardOutput.range(of: "<pre id=\"measured\">"), "the measuring script did not report")
            let end = try #require(browser.standardOutput[start.upperBound...].range(of: "</pre>"))
            let json = String(browser.standardOutput[start.upperBound..<end.lowerBound])
                .replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">")
                .replacingOccurrences(of: "&amp;", with: "&")
            let measured = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
            #expect(measured["width"] as? Int == width)
            #expect((measured["figures"] as? Int ?? 0) > 100)     // table cells, tiles, figures in sentences
            #expect((measured["svgTexts"] as? Int ?? 0) >= 30)    // 11 factors, axes, legend, bar labels
            #expect(measured["problems"] as? [String] == [], "\(measured["problems"] ?? "")")
        }
    }

    @Test("A screenshot of the page is not blank")
    func screenshot() throws {
        try withTemporaryDirectory { directory in
            let page = directory.appendingPathComponent("backtest.html"), image = directory.appendingPathComponent("backtest.png")
            #expect(try Binary.run(["backtest", "fixtures/example/transactions.csv", "--cut", "2025-03-31",
                                    "--format", "html", "-o", page.path]).status == 0)
            let run = try Browser.run(["--screenshot=\(image.path)", "--window-size=1000,1600"], page: page)
            #expect(FileManager.default.fileExists(atPath: image.path), "\(run.standardError.suffix(500))")
            let tool = repositoryRoot.appendingPathComponent("Tests/Browser/png_tool.py").path
            let stats = try Binary.run(executable: URL(fileURLWithPath: "/usr/bin/env"), ["python3", tool, "stats", image.path])
            let figures = try #require(try JSONSerialization.jsonObject(with: Data(stats.standardOutput.utf8)) as? [String: Any])
            #expect(figures["width"] as? Int == 1000)
            #expect((figures["nonwhite"] as? Double ?? 0) > 0.03)
            #expect((figures["colours"] as? Int ?? 0) > 20)
        }
    }
}
