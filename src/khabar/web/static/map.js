/* Khabar map (Leaflet). The basemap is the country outlines served by this server (no tile server:
   it works offline); events are grouped by place, one circle per place sized by its number of events,
   red for conflict, green for cooperation. Popups are built from DOM nodes with textContent. */
(function () {
  "use strict";
  var el = document.getElementById("map");
  if (!el) { return; }
  if (!window.L) { el.textContent = "The map needs Leaflet, which did not load."; return; }
  var L = window.L;
  var map = L.map(el, { worldCopyJump: true, minZoom: 2, maxZoom: 12 }).setView([31, 45], 4);
  map.attributionControl.setPrefix("Leaflet");
  map.attributionControl.addAttribution("Countries: Natural Earth");

  function getJSON(url) {
    return fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then(function (r) { if (!r.ok) { throw new Error("HTTP " + r.status); } return r.json(); });
  }

  function popup(place, features) {
    var box = document.createElement("div");
    var h = document.createElement("strong");
    h.textContent = place + " (" + features.length + " event" + (features.length === 1 ? "" : "s") + ")";
    box.appendChild(h);
    var ul = document.createElement("ul");
    features.forEach(function (f) {
      var p = f.properties;
      var li = document.createElement("li");
      var a = document.createElement("a");
      a.href = "/events/" + encodeURIComponent(p.event);
      a.textContent = (p.date || "undated") + " " + p.type;
      li.appendChild(a);
      var who = (p.actors || []).join(", ");
      if (p.targets && p.targets.length) { who += " → " + p.targets.join(", "); }
      if (who) { li.appendChild(document.createTextNode(": " + who)); }
      ul.appendChild(li);
    });
    box.appendChild(ul);
    return box;
  }

  var conflictTypes = { REQUEST: 1, ACCUSE: 1, REJECT: 1, THREATEN: 1, PROTEST: 1, SANCTION: 1, MOBILIZE: 1,
                        COERCE: 1, ASSAULT: 1 };

  getJSON(el.getAttribute("data-basemap")).then(function (gj) {
    L.geoJSON(gj, { interactive: false, style: { color: "#8a8a80", weight: 0.6, fillColor: "#f4f1e8", fillOpacity: 1 } })
      .addTo(map).bringToBack();
  }).catch(function () { /* the events still show without outlines */ });

  getJSON(el.getAttribute("data-src")).then(function (data) {
    var groups = {};
    data.features.forEach(function (f) {
      var k = f.properties.place_id;
      (groups[k] = groups[k] || []).push(f);
    });
    var layer = L.featureGroup();
    Object.keys(groups).forEach(function (k) {
      var fs = groups[k];
      var c = fs[0].geometry.coordinates;
      var conflict = fs.filter(function (f) { return conflictTypes[f.properties.type]; }).length;
      var color = conflict >= fs.length / 2 ? "#c0392b" : "#1e8449";
      L.circleMarker([c[1], c[0]], { radius: 6 + 3 * Math.sqrt(fs.length), color: color, weight: 1.5,
                                     fillColor: color, fillOpacity: 0.55, className: "event-marker" })
        .bindPopup(popup(fs[0].properties.place, fs)).addTo(layer);
    });
    layer.addTo(map);
    if (data.features.length) { map.fitBounds(layer.getBounds().pad(0.4), { maxZoom: 7 }); }
    el.setAttribute("data-ready", "true");
    el.setAttribute("data-markers", String(Object.keys(groups).length));
  }).catch(function (err) { el.setAttribute("data-error", err.message); });
})();
