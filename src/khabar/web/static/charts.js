/* Khabar conflict/cooperation trend (D3 v3). Reads [{period, events, conflict, cooperation, mean}]
   from the URL in data-src of #trend: cooperation (positive PLOVER weights) above the line, conflict
   (negative weights) below it; click a bar to see that period's events in the timeline. */
(function () {
  "use strict";
  var el = document.getElementById("trend");
  if (!el) { return; }
  if (!window.d3) { el.textContent = "The chart needs D3, which did not load."; return; }
  var d3 = window.d3;

  function range(period) {
    if (/^\d{4}-\d{2}-\d{2}$/.test(period)) { return [period, period]; }
    if (/^\d{4}-\d{2}$/.test(period)) { return [period + "-01", period + "-31"]; }
    if (/^\d{4}$/.test(period)) { return [period + "-01-01", period + "-12-31"]; }
    return null;
  }

  function draw(points) {
    if (!points.length) { el.textContent = "No dated event yet."; el.className += " empty"; return; }
    var margin = { top: 12, right: 12, bottom: 36, left: 44 };
    var width = (el.clientWidth || 800) - margin.left - margin.right;
    var height = (el.clientHeight || 220) - margin.top - margin.bottom;
    var x = d3.scale.ordinal().domain(points.map(function (p) { return p.period; })).rangeBands([0, width], 0.15);
    var lo = d3.min(points, function (p) { return p.conflict; }) || 0;
    var hi = d3.max(points, function (p) { return p.cooperation; }) || 0;
    var y = d3.scale.linear().domain([Math.min(lo, -1), Math.max(hi, 1)]).nice().range([height, 0]);
    var svg = d3.select(el).append("svg")
      .attr("width", width + margin.left + margin.right).attr("height", height + margin.top + margin.bottom)
      .attr("class", "trend-svg").attr("role", "img").attr("aria-label", "conflict and cooperation per period")
      .append("g").attr("transform", "translate(" + margin.left + "," + margin.top + ")");
    var every = Math.max(1, Math.ceil(points.length / Math.max(1, Math.floor(width / 70))));
    var xAxis = d3.svg.axis().scale(x).orient("bottom")
      .tickValues(x.domain().filter(function (d, i) { return i % every === 0; }));
    svg.append("g").attr("class", "axis x").attr("transform", "translate(0," + height + ")").call(xAxis);
    svg.append("g").attr("class", "axis y").call(d3.svg.axis().scale(y).orient("left").ticks(5));
    function bars(key, klass) {
      svg.selectAll("." + klass).data(points.filter(function (p) { return p[key] !== 0; })).enter()
        .append("rect").attr("class", "bar " + klass)
        .attr("x", function (p) { return x(p.period); }).attr("width", x.rangeBand())
        .attr("y", function (p) { return y(Math.max(0, p[key])); })
        .attr("height", function (p) { return Math.abs(y(p[key]) - y(0)); })
        .on("click", function (p) {
          var r = range(p.period);
          if (r) { window.location.href = "/timeline?since=" + r[0] + "&until=" + r[1]; }
        })
        .append("title").text(function (p) {
          return p.period + ": " + p.events + " event" + (p.events === 1 ? "" : "s") + ", conflict " +
            p.conflict + ", cooperation " + p.cooperation + ", mean weight " + p.mean;
        });
    }
    bars("cooperation", "coop");
    bars("conflict", "conflict");
    svg.append("line").attr("class", "zero").attr("x1", 0).attr("x2", width).attr("y1", y(0)).attr("y2", y(0));
    el.setAttribute("data-ready", "true");
  }

  fetch(el.getAttribute("data-src"), { headers: { Accept: "application/json" }, credentials: "same-origin" })
    .then(function (r) { if (!r.ok) { throw new Error("HTTP " + r.status); } return r.json(); })
    .then(draw)
    .catch(function (err) { el.textContent = "Could not load the chart: " + err.message; });
})();
