/* Shared behaviour: "/" focuses the search box. */
(function () {
  "use strict";
  document.addEventListener("keydown", function (e) {
    var t = e.target;
    if (e.key !== "/" || (t && (t.tagName === "INPUT" || t.tagName === "TEXTAREA" || t.isContentEditable))) { return; }
    var box = document.querySelector(".quick-search input");
    if (box) { e.preventDefault(); box.focus(); }
  });
})();
