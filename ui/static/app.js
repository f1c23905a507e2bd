// Makes the search page instant: results follow the typing (debounced, the
// previous request cancelled), the URL keeps the state, "/" focuses the box.
// Without this script the page works with plain form submits.
(function () {
  "use strict";
  var form = document.getElementById("search-form");
  var box = document.getElementById("q");
  var main = document.getElementById("main");
  document.addEventListener("keydown", function (e) {
    if (e.key === "/" && box && document.activeElement !== box && !/input|textarea|select/i.test(document.activeElement.tagName)) {
      e.preventDefault();
      box.focus();
    }
  });
  document.querySelectorAll("[data-filter-list]").forEach(function (input) {
    input.addEventListener("input", function () {
      var needle = input.value.toLowerCase();
      document.querySelectorAll("#" + input.dataset.filterList + " li").forEach(function (li) {
        li.hidden = needle !== "" && li.textContent.toLowerCase().indexOf(needle) < 0;
      });
    });
  });
  if (!form || !box || !main || !window.fetch) return;
  var timer = 0, inflight = null;
  function update() {
    var params = new URLSearchParams(new FormData(form));
    if (!params.get("q")) params.delete("q");
    if (!params.get("sort")) params.delete("sort");
    params.delete("page");
    var url = "/?" + params.toString();
    if (inflight) inflight.abort();
    inflight = new AbortController();
    var started = performance.now();
    fetch(url + (url.length > 2 ? "&" : "") + "partial=1", { signal: inflight.signal })
      .then(function (r) { return r.text(); })
      .then(function (html) {
        main.innerHTML = html;
        history.replaceState(null, "", url === "/?" ? "/" : url);
        performance.mark("results-painted");
        performance.measure("keystroke-to-results", { start: started, end: performance.now() });
      })
      .catch(function () {});
  }
  box.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(update, 150);
  });
  var sort = document.getElementById("sort");
  if (sort) sort.addEventListener("change", update);
})();
