/* The district map: Leaflet with configurable tiles; the district shapes come from the API as GeoJSON.
 * Progressive enhancement only: every page has the same information (and links) without JavaScript.
 * data-highlight: a district code to emphasise and zoom to; data-pick: a URL to send a clicked point to (?lat&lon);
 * data-pick-lat/data-pick-lon: selectors of two form fields to write a clicked point into (a staff form's map
 * point; the typed fields stay the way without JavaScript);
 * data-markers: a selector of elements with data-lat/data-lon/data-url/data-title (e.g. the item list beside the
 * map) to show as points — the list itself stays the accessible way to reach them.
 * The box is `hidden` in the HTML (no empty grey box without JavaScript); it is shown here, before Leaflet measures it.
 *
 * Keyboard. A map of districts is one Tab stop (a roving tabindex: one shape at a time has tabindex 0): the arrow
 * keys move to the nearest district in that direction, Enter or Space opens the focused one. A map that picks a
 * point is itself the Tab stop: the arrow keys move the map (Leaflet's keyboard handler), + and − zoom, and Enter or
 * Space picks the point under the cross in the middle. Markers stay out of the tab order (the list beside them is
 * the way to reach them): Chromium makes an SVG path with Leaflet's tooltip listeners focusable.
 */
(function () {
  "use strict";
  var KEYS = { ArrowLeft: [-1, 0], ArrowRight: [1, 0], ArrowUp: [0, 1], ArrowDown: [0, -1] };

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
  function isActivation(event) {
    return event.key === "Enter" || event.key === " " || event.key === "Spacebar";
  }

  /* The district to move to from `from` with an arrow key: the nearest centre in that direction, where a centre
   * off to the side counts double (so "right" stays on roughly the same row). Null when there is none. */
  function neighbour(shapes, from, direction) {
    var best = null, bestScore = Infinity;
    var a = from.centre;
    shapes.forEach(function (shape) {
      if (shape === from) { return; }
      var dx = shape.centre.lng - a.lng, dy = shape.centre.lat - a.lat;
      var along = dx * direction[0] + dy * direction[1];
      if (along <= 0) { return; }
      var across = Math.abs(dx * direction[1] - dy * direction[0]);
      var score = along + 2 * across;
      if (score < bestScore) { bestScore = score; best = shape; }
    });
    return best;
  }

  /* Roving focus over the district shapes: one tab stop, arrows move, Enter/Space open the district's page. */
  function keyboardDistricts(map, layer, highlight) {
    var shapes = [];
    layer.eachLayer(function (shape) {
      var path = shape.getElement && shape.getElement();
      var p = shape.feature.properties;
      if (!path || !p.url) { return; }
      shape.centre = shape.getBounds().getCenter();
      shape.path = path;
      path.setAttribute("role", "link");
      path.setAttribute("aria-label", p.name + (p.alderman ? " — " + p.alderman : ""));
      path.setAttribute("tabindex", "-1");
      path.addEventListener("focus", function () {
        shape.setStyle({ weight: 4, color: "#000", dashArray: null });
        if (!map.getBounds().contains(shape.centre)) { map.panTo(shape.centre); }
        shape.openTooltip(shape.centre);
      });
      path.addEventListener("blur", function () {
        layer.resetStyle(shape);
        shape.closeTooltip();
      });
      path.addEventListener("keydown", function (event) {
        if (isActivation(event)) {
          event.preventDefault();
          window.location.href = p.url;
          return;
        }
        var direction = KEYS[event.key];
        if (!direction) { return; }
        event.preventDefault();
        var next = neighbour(shapes, shape, direction);
        if (next) {
          shape.path.setAttribute("tabindex", "-1");
          next.path.setAttribute("tabindex", "0");
          next.bringToFront();  // drawn on top of its neighbours; moved in the DOM before it gets focus, not after
          next.path.focus();
        }
      });
      shapes.push(shape);
    });
    if (!shapes.length) { return; }
    shapes.sort(function (x, y) { return x.feature.properties.name.localeCompare(y.feature.properties.name); });
    var first = shapes.filter(function (s) { return s.feature.properties.code === highlight; })[0] || shapes[0];
    first.path.setAttribute("tabindex", "0");
  }

  /* A map that picks a point: a click, or Enter/Space on the focused map (the point under the cross). */
  function pickPoints(map, el) {
    var pick = el.dataset.pick;
    var latField = el.dataset.pickLat && document.querySelector(el.dataset.pickLat);
    var lonField = el.dataset.pickLon && document.querySelector(el.dataset.pickLon);
    var status = document.getElementById(el.id + "-gekozen");
    var marker = null;
    function show(latlng) {
      if (!marker) {
        marker = L.circleMarker(latlng, { radius: 8, color: "#000", weight: 3, fillColor: "#ffd21f", fillOpacity: 1,
                                          interactive: false }).addTo(map);
      } else {
        marker.setLatLng(latlng);
      }
    }
    function choose(latlng) {
      var lat = latlng.lat.toFixed(6), lon = latlng.lng.toFixed(6);
      if (latField && lonField) {
        latField.value = lat;
        lonField.value = lon;
        show(latlng);
        if (status) { status.textContent = (el.dataset.pickedText || "") + ": " + lat + ", " + lon; }
        return;
      }
      var url = new URL(pick, window.location.href);
      url.searchParams.set("lat", lat);
      url.searchParams.set("lon", lon);
      window.location.href = url.toString();
    }
    map.on("click", function (e) { choose(e.latlng); });
    el.addEventListener("keydown", function (event) {
      if (event.target === el && isActivation(event)) {
        event.preventDefault();
        choose(map.getCenter());
      }
    });
    if (latField && lonField && latField.value && lonField.value) {
      var lat = parseFloat(latField.value.replace(",", ".")), lon = parseFloat(lonField.value.replace(",", "."));
      if (isFinite(lat) && isFinite(lon)) {
        show(L.latLng(lat, lon));
        return L.latLng(lat, lon);
      }
    }
    return null;
  }

  function initMap(el) {
    el.hidden = false;
    var hint = document.getElementById(el.id + "-toetsen");
    if (hint) { hint.hidden = false; }
    var picks = !!(el.dataset.pick || el.dataset.pickLat);
    // Leaflet's keyboard handler makes the box a tab stop that pans with the arrows: only where a point is picked.
    var map = L.map(el, { scrollWheelZoom: false, keyboard: picks });
    var tiles = el.dataset.tiles;
    if (tiles) {
      // Without network the tiles fail quietly and the shapes still show on the plain background.
      L.tileLayer(tiles, { maxZoom: 19, attribution: el.dataset.attribution || "" }).addTo(map);
    }
    var highlight = el.dataset.highlight;
    var start = picks ? pickPoints(map, el) : null;
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
            if (!picks) {
              shape.on("click", function () { window.location.href = p.url; });
            }
          }
        }).addTo(map);
        if (start) {
          map.setView(start, 16);
        } else {
          map.fitBounds((target || layer).getBounds(), { padding: [10, 10] });
        }
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
        if (!picks) {
          layer.eachLayer(function (shape) {
            var path = shape.getElement && shape.getElement();
            if (path) { path.removeAttribute("aria-hidden"); }
          });
          keyboardDistricts(map, layer, highlight);
        }
        el.setAttribute("data-ready", "true");
      })
      .catch(function () {
        el.textContent = el.dataset.error || "De kaart kon niet worden geladen.";
      });
  }
  if (typeof L !== "undefined") {
    document.querySelectorAll(".district-map").forEach(initMap);
  }
})();
