/* Document view: hovering a highlighted piece (or a statement in the side list) lights up every piece
   of the same statements; the statement named in the URL's #st-N is lit on arrival. */
(function () {
  "use strict";
  var text = document.getElementById("doc-text");
  if (!text) { return; }
  function ids(node) { return (node.getAttribute("data-st") || "").split(" ").filter(Boolean); }
  function light(list, on) {
    list.forEach(function (id) {
      document.querySelectorAll("[data-st]").forEach(function (n) {
        if (ids(n).indexOf(id) >= 0) { n.classList.toggle("lit", on); }
      });
    });
  }
  document.querySelectorAll("[data-st]").forEach(function (n) {
    n.addEventListener("mouseenter", function () { light(ids(n), true); });
    n.addEventListener("mouseleave", function () { light(ids(n), false); });
  });
  function fromHash() {
    document.querySelectorAll(".target").forEach(function (n) { n.classList.remove("target"); });
    var m = /^#st-(\d+)$/.exec(window.location.hash);
    if (!m) { return; }
    document.querySelectorAll("[data-st]").forEach(function (n) {
      if (ids(n).indexOf(m[1]) >= 0) { n.classList.add("target"); }
    });
  }
  window.addEventListener("hashchange", fromHash);
  fromHash();
})();
