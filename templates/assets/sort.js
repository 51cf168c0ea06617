// Sorts a table marked data-sortable by one of its columns when that column's heading
// is pressed, as the WAI-ARIA Authoring Practices' sortable table does: each heading
// becomes a button, and aria-sort on it says which way the table is sorted. A cell's
// data-sort (an ISO date) sorts it where its text would not. Without the script, the
// table stays in the order it was printed in, and the note that says how to sort is
// left hidden.
for (const note of document.querySelectorAll(".sort-note")) note.hidden = false;
for (const table of document.querySelectorAll("table[data-sortable]")) {
  const headings = [...table.tHead.rows[0].cells];
  headings.forEach((heading, column) => {
    const button = document.createElement("button");
    button.type = "button";
    button.className = "sort";
    button.append(...heading.childNodes);
    heading.append(button);
    button.addEventListener("click", () => {
      const ascending = heading.getAttribute("aria-sort") !== "ascending";
      for (const other of headings) other.removeAttribute("aria-sort");
      heading.setAttribute("aria-sort", ascending ? "ascending" : "descending");
      const key = (row) => row.cells[column].dataset.sort ?? row.cells[column].textContent.trim();
      const rows = [...table.tBodies[0].rows];
      rows.sort((a, b) => key(a).localeCompare(key(b), document.documentElement.lang, { numeric: true }) * (ascending ? 1 : -1));
      table.tBodies[0].append(...rows);
    });
  });
}
