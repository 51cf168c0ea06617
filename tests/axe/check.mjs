// Runs axe-core over HTML pages in Debian's Chromium at 1280 CSS px, then measures each
// page at 320 CSS px, and prints, as JSON, each page's violations of WCAG 2.0, 2.1 and
// 2.2 at levels A and AA, and what of it is wider than 320 px (WCAG 2.2 SC 1.4.10,
// Reflow, which axe-core does not test).
// Usage: node check.mjs PAGE.html...   (exit 0 whatever it finds; the test judges)
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { pathToFileURL } from "node:url";
import { chromium } from "playwright-core";

const require = createRequire(import.meta.url);
const axeSource = readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");
const TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"];
const NARROW = 320;

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
});
const wide = await browser.newPage({ viewport: { width: 1280, height: 800 } });
const narrow = await browser.newPage({ viewport: { width: NARROW, height: 640 } });
const report = {};
for (const file of process.argv.slice(2)) {
  await wide.goto(pathToFileURL(file).href);
  await wide.addScriptTag({ content: axeSource });
  const result = await wide.evaluate((tags) => window.axe.run(document, { runOnly: { type: "tag", values: tags } }), TAGS);
  await narrow.goto(pathToFileURL(file).href);
  // The page's width, and the outermost elements that reach past the viewport, outside
  // any scroll container of their own (which is how a wide table may stay readable).
  const reflow = await narrow.evaluate((limit) => {
    const name = (el) => el.tagName.toLowerCase() + (el.id ? `#${el.id}` : "") + (el.className && typeof el.className === "string" ? `.${el.className.trim().split(/\s+/).join(".")}` : "");
    const inScroller = (el) => {
      for (let up = el.parentElement; up; up = up.parentElement) {
        const overflow = getComputedStyle(up).overflowX;
        if (overflow === "auto" || overflow === "scroll") return true;
      }
      return false;
    };
    const wider = [...document.body.querySelectorAll("*")].filter((el) => el.getBoundingClientRect().right > limit + 0.5 && !inScroller(el));
    const outermost = wider.filter((el) => !wider.includes(el.parentElement));
    return { width: document.documentElement.scrollWidth, wider: outermost.slice(0, 5).map(name) };
  }, NARROW);
  report[file] = { violations: result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => n.target.join(" ")) })), reflow };
}
await browser.close();
console.log(JSON.stringify(report));
