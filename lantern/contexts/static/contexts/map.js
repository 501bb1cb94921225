// Locations of concern on a Leaflet map, clustered. The table below the map lists the same
// places a page at a time, so the page works without tiles or JavaScript.
//
// The map asks only for the places in its view (bbox=west,south,east,north), again each time it
// is moved or zoomed (debounced); the server sends at most a few hundred and says how many are
// in view, and the status line says when some are not shown.
(function () {
  "use strict";
  var container = document.getElementById("context-map");
  if (!container || typeof L === "undefined") { return; }
  var config = JSON.parse(document.getElementById("map-config").textContent);
  var status = document.getElementById("context-map-status");
  var source = container.getAttribute("data-source");
  var map = L.map(container, { scrollWheelZoom: false, maxZoom: 19 }).setView([54.0, -2.0], 6);
  if (config.tiles) {
    L.tileLayer(config.tiles, { attribution: config.attribution, maxZoom: 19 }).addTo(map);
  } else {
    container.classList.add("lantern-map--no-tiles");
  }
  var cluster = L.markerClusterGroup ? L.markerClusterGroup() : L.layerGroup();
  map.addLayer(cluster);
  var latest = 0;
  var timer = null;

  function clamp(value, low, high) { return Math.min(Math.max(value, low), high); }

  function viewBox() {
    var bounds = map.getBounds();
    return [
      clamp(bounds.getWest(), -180, 180), clamp(bounds.getSouth(), -90, 90),
      clamp(bounds.getEast(), -180, 180), clamp(bounds.getNorth(), -90, 90)
    ].map(function (value) { return value.toFixed(6); }).join(",");
  }

  function marker(place) {
    var point = L.circleMarker([place.lat, place.lng], { radius: 9, className: "lantern-map__marker lantern-map__marker--" + (place.risk || "none") });
    var popup = document.createElement("div");
    var link = document.createElement("a");
    link.href = place.url;
    link.className = "govuk-link";
    link.textContent = place.name;
    popup.appendChild(link);
    popup.appendChild(document.createTextNode(" (" + place.type + ", risk: " + place.risk_label + ")"));
    point.bindPopup(popup);
    point.bindTooltip(place.name);
    return point;
  }

  function say(text) { if (status) { status.textContent = text; } }

  function show(data) {
    cluster.clearLayers();
    var shown = 0;
    data.places.forEach(function (place) {
      if (place.lat === null || place.lng === null) { return; }
      cluster.addLayer(marker(place));
      shown += 1;
    });
    container.setAttribute("data-markers", String(shown));
    if (data.truncated) {
      say("Showing " + shown + " of the " + data.in_view + " places in this part of the map. Zoom in or filter to see the others.");
    } else {
      say(data.in_view === 1 ? "1 place in this part of the map." : data.in_view + " places in this part of the map.");
    }
  }

  function load() {
    var request = ++latest;
    var separator = source.indexOf("?") === -1 ? "?" : "&";
    fetch(source + separator + "bbox=" + encodeURIComponent(viewBox()), { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) {
        if (!response.ok) { throw new Error("status " + response.status); }
        return response.json();
      })
      .then(function (data) { if (request === latest) { show(data); } })
      .catch(function () { if (request === latest) { say("The places could not be loaded onto the map. The table below lists them."); } });
  }

  function loadSoon() {
    window.clearTimeout(timer);
    timer = window.setTimeout(load, 300);
  }

  if (config.extent) {
    var extent = config.extent;  // [west, south, east, north]
    if (extent[0] === extent[2] && extent[1] === extent[3]) {
      map.setView([extent[1], extent[0]], 15);
    } else {
      map.fitBounds([[extent[1], extent[0]], [extent[3], extent[2]]], { padding: [30, 30], maxZoom: 15 });
    }
  }
  load();
  map.on("moveend", loadSoon);
})();
