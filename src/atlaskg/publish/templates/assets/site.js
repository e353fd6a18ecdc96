// The models table: sort by any column, filter by developer, input modality, context window and
// price. Without JavaScript the table is a plain table and the filter form stays hidden.
(function () {
  "use strict";
  var table = document.getElementById("models");
  var form = document.getElementById("filters");
  if (!table || !form) { return; }
  var body = table.tBodies[0];
  var rows = Array.prototype.slice.call(body.rows);
  var status = document.getElementById("filter-status");
  form.hidden = false;

  function cellValue(row, index, kind) {
    var cell = row.cells[index];
    var text = cell.hasAttribute("data-value") ? cell.getAttribute("data-value") : cell.textContent.trim();
    if (kind === "number") { return text === "" ? null : parseFloat(text); }
    return text.toLowerCase();
  }

  function sortBy(header) {
    var index = header.cellIndex;
    var kind = header.getAttribute("data-sort");
    var ascending = header.getAttribute("aria-sort") !== "ascending";
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (th) { th.removeAttribute("aria-sort"); });
    header.setAttribute("aria-sort", ascending ? "ascending" : "descending");
    rows.sort(function (a, b) {
      var x = cellValue(a, index, kind), y = cellValue(b, index, kind);
      if (x === null || x === "") { return (y === null || y === "") ? 0 : 1; }  // unknown values last
      if (y === null || y === "") { return -1; }
      return (x < y ? -1 : x > y ? 1 : 0) * (ascending ? 1 : -1);
    });
    rows.forEach(function (row) { body.appendChild(row); });
  }

  Array.prototype.forEach.call(table.tHead.rows[0].cells, function (header) {
    if (!header.hasAttribute("data-sort")) { return; }
    var button = document.createElement("button");
    button.type = "button";
    button.textContent = header.textContent;
    header.textContent = "";
    header.appendChild(button);
    button.addEventListener("click", function () { sortBy(header); });
  });

  function applyFilters() {
    var name = document.getElementById("filter-name").value.trim().toLowerCase();
    var developer = document.getElementById("filter-developer").value;
    var modality = document.getElementById("filter-modality").value;
    var context = parseFloat(document.getElementById("filter-context").value);
    var price = parseFloat(document.getElementById("filter-price").value);
    var shown = 0;
    rows.forEach(function (row) {
      var d = row.dataset;
      var ok = (!name || d.name.indexOf(name) >= 0)
        && (!developer || d.developer.split(", ").indexOf(developer) >= 0)
        && (!modality || d.modalities.indexOf(" " + modality + " ") >= 0)
        && (isNaN(context) || (d.context !== "" && parseFloat(d.context) >= context))
        && (isNaN(price) || (d.price !== "" && parseFloat(d.price) <= price));
      row.hidden = !ok;
      if (ok) { shown += 1; }
    });
    status.textContent = "Showing " + shown + " of " + rows.length + " models.";
  }

  form.addEventListener("input", applyFilters);
  form.addEventListener("change", applyFilters);
  form.addEventListener("submit", function (event) { event.preventDefault(); });
  applyFilters();
}());
