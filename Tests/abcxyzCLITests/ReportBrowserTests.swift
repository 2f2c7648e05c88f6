import Foundation
import Testing

/// The HTML report rendered by a real browser: Chromium from Debian's packages
/// (`.ci/run` installs it and sets ABCXYZ_REQUIRE_BROWSER=1, so CI cannot skip this).
enum Browser {
    /// `$CHROMIUM`, else the first `chromium`, `chromium-browser` or `google-chrome` on `PATH`.
    static let path: String? = {
        let environment = ProcessInfo.processInfo.environment
        let directories = (environment["PATH"] ?? "").split(separator: ":").map(String.init) + ["/usr/bin"]
        let candidates = [environment["CHROMIUM"]].compactMap { $0 }
            + ["chromium", "chromium-browser", "google-chrome"].flatMap { name in directories.map { "\($0)/\(name)" } }
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0) }
    }()

    static let required = ProcessInfo.processInfo.environment["ABCXYZ_REQUIRE_BROWSER"] == "1"

    /// The trait every browser suite carries: skipped, and saying why, when
    /// there is no Chromium, unless ABCXYZ_REQUIRE_BROWSER=1 makes that a failure.
    static let available = ConditionTrait.enabled(if: path != nil || required,
                                                  "skipped: chromium not found (apt-get install chromium, or set CHROMIUM)")

    /// Runs headless Chromium on a file with `arguments`; returns standard output and error.
    static func run(_ arguments: [String], page: URL) throws -> Binary.Run {
        let browser = try #require(path, "Chromium is not installed (apt-get install chromium)")
        return try Binary.run(executable: URL(fileURLWithPath: browser), [
            "--headless=new", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--enable-logging=stderr", "--v=0",
        ] + arguments + [page.absoluteString])
    }

    /// Lines the page wrote to the console (errors and messages).
    static func consoleLines(_ standardError: String) -> [Substring] {
        standardError.split(separator: "\n").filter { $0.contains(":CONSOLE") }
    }
}

@Suite("The HTML report in a real browser", Browser.available)
struct ReportBrowserTests {
    let directory: URL

    init() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("abcxyz-html-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    func reportPage() throws -> URL {
        let page = directory.appendingPathComponent("report.html")
        let run = try Binary.run(["report", "fixtures/example/transactions.csv", "--format", "html", "-o", page.path])
        #expect(run.status == 0)
        return page
    }

    /// The markup of the chart named `name`, as the browser parsed it.
    func chart(_ name: String, in dom: String) throws -> Substring {
        let start = try #require(dom.range(of: "data-chart=\"\(name)\""), "no chart \(name)")
        let end = try #require(dom[start.upperBound...].range(of: "</svg>"))
        return dom[start.lowerBound..<end.upperBound]
    }

    @Test("Chromium renders the page with no console output and every chart mark in place")
    func renderedDocument() throws {
        defer { try? FileManager.default.removeItem(at: directory) }
        let run = try Browser.run(["--dump-dom"], page: try reportPage())
        #expect(Browser.consoleLines(run.standardError).isEmpty, "\(Browser.consoleLines(run.standardError))")
        let dom = run.standardOutput
        #expect(dom.contains("<h2>Where the money is</h2>"))
        // 13 clients with a positive annual value (Old too, with none in the window), plus the origin.
        #expect(try chart("pareto", in: dom).components(separatedBy: "class=\"point\"").count - 1 == 14)
        #expect(try chart("pareto", in: dom).components(separatedBy: "class=\"cut\"").count - 1 == 2)
        #expect(try chart("matrix-clients", in: dom).components(separatedBy: "class=\"cell\"").count - 1 == 9)
        #expect(try chart("matrix-loss", in: dom).components(separatedBy: "class=\"cell\"").count - 1 == 9)
        #expect(try chart("loss-by-tier", in: dom).components(separatedBy: "class=\"bar loss\"").count - 1 == 4)
        // Anna, Boris and the clients with no manager.
        #expect(try chart("churn-by-manager", in: dom).components(separatedBy: "class=\"bar churn\"").count - 1 == 3)
        #expect(try chart("matrix-clients", in: dom).contains(">4</text>"))  // CZ holds 4 clients
    }

    @Test("The salon's page draws churn and value lost per service and the service × master table (SPEC §13)")
    func servicesSection() throws {
        defer { try? FileManager.default.removeItem(at: directory) }
        let page = directory.appendingPathComponent("salon.html")
        let report = try Binary.run(["report", "fixtures/salon/transactions.csv", "--format", "html", "-o", page.path])
        #expect(report.status == 0)
        let run = try Browser.run(["--dump-dom"], page: page)
        #expect(Browser.consoleLines(run.standardError).isEmpty, "\(Browser.consoleLines(run.standardError))")
        let dom = run.standardOutput
        #expect(dom.contains("<h2>Services</h2>"))
        // Five services: (none), Botox, Haircut, Manicure, Massage; churn is undefined for (none) and Manicure (CS 0).
        #expect(try chart("churn-by-service", in: dom).components(separatedBy: "class=\"bar churn\"").count - 1 == 3)
        #expect(try chart("churn-by-service", in: dom).components(separatedBy: ">undefined<").count - 1 == 2)
        let loss = try chart("loss-by-service", in: dom)
        #expect(loss.components(separatedBy: "class=\"bar loss\"").count - 1 == 5)
        #expect(loss.contains("Botox: 24 500.00") && loss.contains("Manicure: 22 750.00"))
        // The service × master table: seven rows, Haircut's two masters among them.
        #expect(dom.contains("<td>Haircut</td><td>Masha</td>") && dom.contains("<td>Haircut</td><td>Olga</td>"))
        #expect(dom.contains("<td>Manicure</td><td>Iryna</td>"))
    }

    @Test("With --model the page draws P(alive) by status and the expected CLV by tier and by cell")
    func modelCharts() throws {
        defer { try? FileManager.default.removeItem(at: directory) }
        let page = directory.appendingPathComponent("model.html")
        let report = try Binary.run(["report", "fixtures/example/transactions.csv", "--format", "html", "--model", "bgnbd",
                                     "--quiet", "-o", page.path])
        #expect(report.status == 0, "\(report.standardError)")
        let run = try Browser.run(["--dump-dom"], page: page)
        #expect(Browser.consoleLines(run.standardError).isEmpty, "\(Browser.consoleLines(run.standardError))")
        let dom = run.standardOutput
        #expect(dom.contains("<h2>Probabilistic model (BG/NBD)</h2>"))
        // A bar per status and tenth with clients, from the classify column by hand: active 0.8–0.9 and
        // 0.9–1; at risk 0.6–0.7; lost 0–0.1, 0.1–0.2, 0.2–0.3, 0.5–0.6, 0.9–1.
        let histogram = try chart("p-alive-by-status", in: dom)
        #expect(histogram.components(separatedBy: "class=\"bar alive\"").count - 1 == 8)
        #expect(histogram.contains("data-status=\"lost\" data-bin=\"0\"") && histogram.contains(">lost (8)</text>"))
        // Tiers 1–4 and the active clients; eight cells with a CLV (AZ holds Dan only, who has none).
        #expect(try chart("clv-by-tier", in: dom).components(separatedBy: "class=\"bar clv\"").count - 1 == 5)
        let cells = try chart("clv-by-cell", in: dom)
        #expect(cells.components(separatedBy: "class=\"bar clv\"").count - 1 == 8)
        #expect(cells.components(separatedBy: ">undefined</text>").count - 1 == 1)
    }

    @Test("A screenshot of the page is not blank")
    func screenshot() throws {
        defer { try? FileManager.default.removeItem(at: directory) }
        let image = directory.appendingPathComponent("report.png")
        let run = try Browser.run(["--screenshot=\(image.path)", "--window-size=1000,1600"], page: try reportPage())
        #expect(FileManager.default.fileExists(atPath: image.path), "\(run.standardError.suffix(500))")
        let tool = repositoryRoot.appendingPathComponent("Tests/Browser/png_tool.py").path
        let stats = try Binary.run(executable: URL(fileURLWithPath: "/usr/bin/env"), ["python3", tool, "stats", image.path])
        let figures = try #require(try JSONSerialization.jsonObject(with: Data(stats.standardOutput.utf8)) as? [String: Any])
        #expect(figures["width"] as? Int == 1000)
        #expect((figures["nonwhite"] as? Double ?? 0) > 0.03)   // text, tiles, charts
        #expect((figures["colours"] as? Int ?? 0) > 50)         // the heat maps' shades, the curve, the bars
    }

    @Test("The console check catches a page that errs")
    func consoleCheckCanFail() throws {
        defer { try? FileManager.default.removeItem(at: directory) }
        let page = directory.appendingPathComponent("bad.html")
        try "<!doctype html><p>x</p><script>console.error('boom'); missing();</script>"
            .write(to: page, atomically: true, encoding: .utf8)
        let run = try Browser.run(["--dump-dom"], page: page)
        #expect(Browser.consoleLines(run.standardError).count == 2)
    }
}
