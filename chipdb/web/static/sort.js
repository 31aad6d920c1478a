// Sorts a table in place when a header link is clicked. Without scripts the same link asks the server for the
// sorted page, so this only saves a round trip. Unknown and n/a (an empty data-sort) stay last in either
// direction and ties keep the server's order, as `chipdb list --sort` does.
"use strict";

(function () {
  function sortRows(table, index, numeric, descending) {
    var body = table.tBodies[0];
    var rows = Array.prototype.slice.call(body.rows);
    var known = [];
    var unknown = [];
    rows.forEach(function (row) {
      var value = row.cells[index] ? row.cells[index].getAttribute("data-sort") || "" : "";
      (value === "" ? unknown : known).push({ row: row, value: numeric ? parseFloat(value) : value });
    });
    known.sort(function (a, b) {
      var order = a.value < b.value ? -1 : a.value > b.value ? 1 : 0;
      if (descending) order = -order;
      return order || Number(a.row.getAttribute("data-order")) - Number(b.row.getAttribute("data-order"));
    });
    unknown.sort(function (a, b) {
      return Number(a.row.getAttribute("data-order")) - Number(b.row.getAttribute("data-order"));
    });
    known.concat(unknown).forEach(function (item) { body.appendChild(item.row); });
  }

  function follow(link, key, descending) {
    // the address and the downloads describe the order shown
    var targets = [window.location];
    document.querySelectorAll("a[data-download]").forEach(function (a) { targets.push(a); });
    targets.forEach(function (target) {
      var url = new URL(target.href);
      url.searchParams.set("sort", key);
      if (descending) url.searchParams.set("desc", "true"); else url.searchParams.delete("desc");
      if (target === window.location) window.history.replaceState(null, "", url.toString());
      else target.href = url.toString();
    });
  }

  function enhance(table) {
    var headers = table.tHead ? table.tHead.rows[0].cells : [];
    Array.prototype.forEach.call(table.tBodies[0].rows, function (row, i) { row.setAttribute("data-order", i); });
    Array.prototype.forEach.call(headers, function (th, index) {
      var link = th.querySelector("a");
      if (!link) return;
      link.addEventListener("click", function (event) {
        event.preventDefault();
        var numeric = th.classList.contains("num");
        var current = th.getAttribute("aria-sort");
        var descending = current ? current === "ascending" : numeric;
        Array.prototype.forEach.call(headers, function (h) { h.removeAttribute("aria-sort"); });
        th.setAttribute("aria-sort", descending ? "descending" : "ascending");
        sortRows(table, index, numeric, descending);
        if (link.getAttribute("data-key")) follow(link, link.getAttribute("data-key"), descending);
      });
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("table[data-sortable]").forEach(enhance);
  });
})();
