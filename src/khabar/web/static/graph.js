/* Khabar network graph (D3 v3 force layout). Reads {nodes, edges} from the URL in data-src of
   #graph; node size is the actor's activity, colour its type; click a node to open its profile.
   Every label is set with .text(): names from articles never become HTML. */
(function () {
  "use strict";
  var el = document.getElementById("graph");
  if (!el) { return; }
  if (!window.d3) { el.textContent = "The graph needs D3, which did not load."; return; }
  var d3 = window.d3;
  var PREDICATES = ["LEADS", "MEMBER_OF", "BACKED_BY", "ALLIED_WITH", "RIVAL_OF"];

  function cls(s) { return String(s || "").toLowerCase().replace(/[^a-z0-9_]/g, ""); }

  function legend(data) {
    var box = document.createElement("div");
    box.className = "graph-legend";
    var types = {};
    data.nodes.forEach(function (n) { types[n.type] = true; });
    Object.keys(types).sort().forEach(function (t) {
      var s = document.createElement("span");
      s.className = "badge t-" + cls(t);
      s.textContent = t.replace(/_/g, " ").toLowerCase();
      box.appendChild(s);
    });
    data.predicates.forEach(function (p) {
      var s = document.createElement("span");
      s.className = "pred-key p-" + cls(p);
      s.textContent = p;
      box.appendChild(s);
    });
    el.parentNode.insertBefore(box, el);
  }

  function draw(data) {
    if (!data.nodes || !data.nodes.length) {
      el.textContent = "No relation to draw.";
      el.className += " empty";
      return;
    }
    legend(data);
    var width = el.clientWidth || 800;
    var height = el.clientHeight || 520;
    var byId = {};
    data.nodes.forEach(function (n) { byId[n.id] = n; });
    var links = data.edges.filter(function (e) { return byId[e.source] && byId[e.target]; }).map(function (e) {
      return { source: byId[e.source], target: byId[e.target], predicate: e.predicate, documents: e.documents };
    });
    var maxA = d3.max(data.nodes, function (n) { return n.activity; }) || 1;
    var radius = d3.scale.sqrt().domain([0, maxA]).range([5, 24]);

    var svg = d3.select(el).append("svg")
      .attr("width", width).attr("height", height).attr("class", "graph-svg")
      .attr("role", "img").attr("aria-label", data.nodes.length + " actors, " + links.length + " relations");
    var defs = svg.append("defs");
    PREDICATES.forEach(function (p) {
      defs.append("marker").attr("id", "arrow-" + cls(p)).attr("viewBox", "0 -5 10 10")
        .attr("refX", 10).attr("refY", 0).attr("markerWidth", 7).attr("markerHeight", 7)
        .attr("orient", "auto").attr("class", "arrow p-" + cls(p))
        .append("path").attr("d", "M0,-5L10,0L0,5");
    });
    var root = svg.append("g");
    var zoom = d3.behavior.zoom().scaleExtent([0.2, 5]).on("zoom", function () {
      root.attr("transform", "translate(" + d3.event.translate + ")scale(" + d3.event.scale + ")");
    });
    svg.call(zoom);

    var force = d3.layout.force().nodes(data.nodes).links(links).size([width, height])
      .linkDistance(function (l) { return 60 + radius(l.source.activity) + radius(l.target.activity); })
      .charge(function (n) { return -250 - 20 * radius(n.activity); }).gravity(0.09);

    var link = root.selectAll(".link").data(links).enter().append("line")
      .attr("class", function (l) { return "link p-" + cls(l.predicate); })
      .attr("stroke-width", function (l) { return 1 + Math.min(l.documents, 6) * 0.7; })
      .attr("marker-end", function (l) { return "url(#arrow-" + cls(l.predicate) + ")"; });
    link.append("title").text(function (l) {
      return l.source.name + " " + l.predicate + " " + l.target.name + " (" + l.documents + " article" +
        (l.documents === 1 ? "" : "s") + ")";
    });

    var drag = force.drag().on("dragstart", function () { d3.event.sourceEvent.stopPropagation(); });
    var node = root.selectAll(".node").data(data.nodes).enter().append("g")
      .attr("class", function (n) { return "node t-" + cls(n.type) + (n.focus ? " focus" : ""); })
      .attr("data-id", function (n) { return n.id; })
      .call(drag);
    node.append("circle").attr("r", function (n) { return radius(n.activity); });
    node.append("text").attr("dx", function (n) { return radius(n.activity) + 3; }).attr("dy", "0.35em")
      .text(function (n) { return n.name; });
    node.append("title").text(function (n) {
      return n.name + " (" + n.type.replace(/_/g, " ").toLowerCase() + "), activity " + n.activity;
    });
    node.on("click", function (n) {
      if (d3.event.defaultPrevented) { return; }
      window.location.href = "/actors/" + encodeURIComponent(n.id);
    });

    function collide() {  // keep nodes (and so their labels) apart: O(n^2), fine for a few hundred nodes
      var ns = data.nodes;
      if (ns.length > 400) { return; }
      for (var a = 0; a < ns.length; a++) {
        for (var b = a + 1; b < ns.length; b++) {
          var p = ns[a], q = ns[b];
          var dx = q.x - p.x, dy = q.y - p.y;
          var d = Math.sqrt(dx * dx + dy * dy) || 0.01;
          var min = radius(p.activity) + radius(q.activity) + 26;
          if (d < min) {
            var push = (min - d) / d * 0.5;
            p.x -= dx * push; p.y -= dy * push; q.x += dx * push; q.y += dy * push;
          }
        }
      }
    }

    function place() {
      link.each(function (l) {
        var dx = l.target.x - l.source.x, dy = l.target.y - l.source.y;
        var dist = Math.sqrt(dx * dx + dy * dy) || 1;
        var rt = radius(l.target.activity) + 2;
        d3.select(this).attr("x1", l.source.x).attr("y1", l.source.y)
          .attr("x2", l.target.x - dx / dist * rt).attr("y2", l.target.y - dy / dist * rt);
      });
      node.attr("transform", function (n) { return "translate(" + n.x + "," + n.y + ")"; });
    }
    function fit() {  // zoom so that every node and label is in view
      var box = root.node().getBBox();
      if (!box.width || !box.height) { return; }
      var pad = 24;
      var k = Math.min(1.6, (width - 2 * pad) / box.width, (height - 2 * pad) / box.height);
      var tx = (width - k * box.width) / 2 - k * box.x, ty = (height - k * box.height) / 2 - k * box.y;
      zoom.scale(k).translate([tx, ty]);
      root.attr("transform", "translate(" + tx + "," + ty + ")scale(" + k + ")");
    }
    force.on("tick", function () { collide(); place(); });
    force.start();
    for (var i = 0; i < 300; i++) { force.tick(); }
    force.stop();
    place();
    fit();
    el.setAttribute("data-ready", "true");
  }

  fetch(el.getAttribute("data-src"), { headers: { Accept: "application/json" }, credentials: "same-origin" })
    .then(function (r) { if (!r.ok) { throw new Error("HTTP " + r.status); } return r.json(); })
    .then(draw)
    .catch(function (err) { el.textContent = "Could not load the graph: " + err.message; });
})();
