// Injected at the end of a copy of the HTML report by
// Tests/abcxyzCLITests/ReportLayoutBrowserTests.swift, run by headless Chromium with
// --dump-dom: measures every figure and writes what it found into <pre id="measured">.
// With ?media=print in the URL it first turns the page's @media print rules on
// for the screen, so the window width stands for the printed page's width.
(function () {
  "use strict";
  const print = new URLSearchParams(location.search).get("media") === "print";
  if (print) {
    for (const sheet of document.styleSheets) {
      for (const rule of sheet.cssRules) {
        if (rule instanceof CSSMediaRule && rule.media.mediaText.includes("print")) rule.media.mediaText = "all";
      }
    }
  }
  const problems = [];
  const name = (element) => `${element.tagName.toLowerCase()}.${element.getAttribute("class") || ""} '${element.textContent.slice(0, 60)}'`;
  const slack = 0.5;

  // Lines an element's text takes: distinct tops of its text boxes.
  const lines = (element) => {
    const range = document.createRange();
    range.selectNodeContents(element);
    const tops = new Set();
    for (const box of range.getClientRects()) if (box.width > 0) tops.add(Math.round(box.top));
    return tops.size;
  };

  // HTML figures: one line each; block ones show all of their text.
  const figures = [...document.querySelectorAll(".fig, .tile .value, td:not(.name)")].filter((e) => !(e instanceof SVGElement));
  for (const element of figures) {
    if (element.textContent.trim() === "") continue;
    if (lines(element) !== 1) problems.push(`wraps: ${name(element)} (${lines(element)} lines)`);
    if (getComputedStyle(element).display !== "inline" && element.scrollWidth > element.clientWidth) {
      problems.push(`cut: ${name(element)} (${element.scrollWidth} > ${element.clientWidth})`);
    }
  }

  // SVG labels: inside the chart; a heat-map figure inside its cell; bar names left of the bars.
  let svgTexts = 0;
  for (const svg of document.querySelectorAll("svg[data-chart]")) {
    const view = svg.viewBox.baseVal;
    const bars = [...svg.querySelectorAll("rect.bar")].map((bar) => bar.getBBox());
    const barsStart = Math.min(...bars.map((box) => box.x));
    for (const text of svg.querySelectorAll("text")) {
      svgTexts += 1;
      const box = text.getBBox();
      const where = `${svg.dataset.chart}: ${name(text)}`;
      if (box.x < view.x - slack || box.x + box.width > view.x + view.width + slack
          || box.y < view.y - slack || box.y + box.height > view.y + view.height + slack) {
        problems.push(`outside the chart: ${where} (${box.x.toFixed(1)}..${(box.x + box.width).toFixed(1)} of ${view.width})`);
      }
      const cell = text.dataset.cell && svg.querySelector(`rect.cell[data-cell="${text.dataset.cell}"]`);
      if (cell) {
        const area = cell.getBBox();
        if (box.x < area.x - slack || box.x + box.width > area.x + area.width + slack) {
          problems.push(`outside its cell: ${where} (${box.width.toFixed(1)} wide, cell ${area.width})`);
        }
      }
      if (text.classList.contains("name") && bars.length && box.x + box.width > barsStart + slack) {
        problems.push(`name over the bars: ${where}`);
      }
    }
  }

  // The page itself never scrolls sideways; on paper (no scrolling) every table fits the page.
  const root = document.documentElement;
  if (root.scrollWidth > root.clientWidth) problems.push(`page scrolls sideways: ${root.scrollWidth} > ${root.clientWidth}`);
  const wrappers = [...document.querySelectorAll(".scroll")];
  const scrolling = wrappers.filter((wrapper) => wrapper.scrollWidth > wrapper.clientWidth)
    .map((wrapper) => `${wrapper.closest("section").id} ${wrapper.scrollWidth}/${wrapper.clientWidth}`);
  if (print) {
    for (const table of document.querySelectorAll("table")) {
      if (table.getBoundingClientRect().right > root.clientWidth + slack) problems.push(`table wider than the page: ${table.closest("section").id}`);
    }
  }

  const result = document.createElement("pre");
  result.id = "measured";
  result.textContent = JSON.stringify({
    width: window.innerWidth, print, figures: figures.length, svgTexts, scrolling, problems,
  });
  document.body.appendChild(result);
  // Inside the narrow frame of the test's wrapper page: tell the page around it.
  if (window.parent !== window) window.parent.postMessage(result.textContent, "*");
})();
