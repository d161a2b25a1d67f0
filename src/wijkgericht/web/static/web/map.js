/* The district map: Leaflet with configurable tiles; the district shapes come from the API as GeoJSON.
 * Progressive enhancement only: every page has the same information (and links) without JavaScript.
 * data-highlight: a district code to emphasise and zoom to; data-pick: a URL to send a clicked point to (?lat&lon);
 * data-markers: a selector of elements with data-lat/data-lon/data-url/data-title (e.g. the item list beside the
 * map) to show as points — the list itself stays the accessible way to reach them.
 * The box is `hidden` in the HTML (no empty grey box without JavaScript); it is shown here, before Leaflet measures it.
 * Shapes and markers are no keyboard stops: Chromium makes an SVG path with focus listeners (Leaflet's tooltips)
 * focusable, which added one useless tab stop per district; keyboard users have the list or select beside the map.
 */
(function () {
  "use strict";
  function asText(value) {
    // Leaflet puts a string tooltip in as HTML; titles come from residents, so they go in as text.
    var span = document.createElement("span");
    span.textContent = value;
    return span;
  }
  function outOfTabOrder(layer) {
    var node = layer.getElement && layer.getElement();
    if (node) {
      node.setAttribute("tabindex", "-1");
      node.setAttribute("aria-hidden", "true");
    }
  }
  function initMap(el) {
    el.hidden = false;
    var map = L.map(el, { scrollWheelZoom: false });
    var tiles = el.dataset.tiles;
    if (tiles) {
      // Without network the tiles fail quietly and the shapes still show on the plain background.
      L.tileLayer(tiles, { maxZoom: 19, attribution: el.dataset.attribution || "" }).addTo(map);
    }
    var highlight = el.dataset.highlight;
    var pick = el.dataset.pick;
    fetch(el.dataset.geojson, { headers: { Accept: "application/geo+json" } })
      .then(function (r) { return r.json(); })
      .then(function (data) {
        var target = null;
        var layer = L.geoJSON(data, {
          style: function (feature) {
            var on = feature.properties.code === highlight;
            return { color: "#7a0000", weight: on ? 3 : 1.5, fillColor: on ? "#cc0000" : "#e07070",
                     fillOpacity: highlight ? (on ? 0.45 : 0.08) : 0.25 };
          },
          onEachFeature: function (feature, shape) {
            var p = feature.properties;
            shape.bindTooltip(asText(p.name + (p.alderman ? " — " + p.alderman : "")), { sticky: true });
            if (p.code === highlight) { target = shape; }
            if (!pick) {
              shape.on("click", function () { window.location.href = p.url; });
            }
          }
        }).addTo(map);
        map.fitBounds((target || layer).getBounds(), { padding: [10, 10] });
        if (el.dataset.markers) {
          document.querySelectorAll(el.dataset.markers + " [data-lat]").forEach(function (row) {
            var marker = L.circleMarker([parseFloat(row.dataset.lat), parseFloat(row.dataset.lon)],
              { radius: 7, color: "#222", weight: 2, fillColor: "#ffd21f", fillOpacity: 1 });
            marker.bindTooltip(asText(row.dataset.title));
            if (row.dataset.url) {
              marker.on("click", function () { window.location.href = row.dataset.url; });
            }
            marker.addTo(map);
            outOfTabOrder(marker);
          });
        }
        // Hooks for tests and styling: each shape's SVG path carries its district code (paths exist once the
        // map has a view, i.e. after fitBounds).
        layer.eachLayer(function (shape) {
          var path = shape.getElement && shape.getElement();
          if (path) { path.setAttribute("data-code", shape.feature.properties.code); }
          outOfTabOrder(shape);
        });
        el.setAttribute("data-ready", "true");
      })
      .catch(function () {
        el.textContent = el.dataset.error || "De kaart kon niet worden geladen.";
      });
    if (pick) {
      map.on("click", function (e) {
        var url = new URL(pick, window.location.href);
        url.searchParams.set("lat", e.latlng.lat.toFixed(6));
        url.searchParams.set("lon", e.latlng.lng.toFixed(6));
        window.location.href = url.toString();
      });
    }
  }
  if (typeof L !== "undefined") {
    document.querySelectorAll(".district-map").forEach(initMap);
  }
})();
