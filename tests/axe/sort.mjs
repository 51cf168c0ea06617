// Presses the first heading of the first sortable table of a page (assets/sort.js) in
// Debian's Chromium, twice, and prints as JSON the first column's sort keys and the
// heading's aria-sort before and after each press.
// Usage: node sort.mjs PAGE.html
import { pathToFileURL } from "node:url";
import { chromium } from "playwright-core";

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
});
const page = await browser.newPage();
await page.goto(pathToFileURL(process.argv[2]).href);
const state = () => page.evaluate(() => {
  const table = document.querySelector("table[data-sortable]");
  const heading = table.tHead.rows[0].cells[0];
  return { sort: heading.getAttribute("aria-sort"), button: heading.querySelector("button.sort") !== null, keys: [...table.tBodies[0].rows].map((row) => row.cells[0].dataset.sort) };
});
const seen = [await state()];
for (const _ of [1, 2]) {
  await page.click("table[data-sortable] thead th:first-child button.sort");
  seen.push(await state());
}
await browser.close();
console.log(JSON.stringify(seen));
