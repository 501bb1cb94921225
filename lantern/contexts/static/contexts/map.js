// Locations of concern on a Leaflet map, clustered. The table below the map lists the same
// places, so the page works without tiles or JavaScript.
(function () {
  "use strict";
  var container = document.getElementById("context-map");
  if (!container || typeof L === "undefined") { return; }
  var config = JSON.parse(document.getElementById("map-config").textContent);
  var map = L.map(container, { scrollWheelZoom: false, maxZoom: 19 }).setView([54.0, -2.0], 6);
  if (config.tiles) {
    L.tileLayer(config.tiles, { attribution: config.attribution, maxZoom: 19 }).addTo(map);
  } else {
    container.classList.add("lantern-map--no-tiles");
  }
  var cluster = L.markerClusterGroup ? L.markerClusterGroup() : L.layerGroup();
  fetch(container.getAttribute("data-source"), { credentials: "same-origin", headers: { Accept: "application/json" } })
    .then(function (response) { return response.json(); })
    .then(function (data) {
      var bounds = [];
      data.places.forEach(function (place) {
        if (place.lat === null || place.lng === null) { return; }
        var marker = L.circleMarker([place.lat, place.lng], { radius: 9, className: "lantern-map__marker lantern-map__marker--" + (place.risk || "none") });
        var popup = document.createElement("div");
        var link = document.createElement("a");
        link.href = place.url;
        link.className = "govuk-link";
        link.textContent = place.name;
        popup.appendChild(link);
        popup.appendChild(document.createTextNode(" (" + place.type + ", risk: " + place.risk_label + ")"));
        marker.bindPopup(popup);
        marker.bindTooltip(place.name);
        cluster.addLayer(marker);
        bounds.push([place.lat, place.lng]);
      });
      map.addLayer(cluster);
      container.setAttribute("data-markers", String(bounds.length));
      if (bounds.length) { map.fitBounds(bounds, { padding: [30, 30], maxZoom: 15 }); }
    });
})();
