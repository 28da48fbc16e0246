/* Draws office zones and check-in points with Leaflet. Without Leaflet or tiles the pages keep
   their lists; a note says the base map did not load. Data comes from a JSON block, never from
   inline script. */
"use strict";

(function () {
  function readJson(id) {
    var node = document.getElementById(id);
    return node ? JSON.parse(node.textContent) : null;
  }

  // Names go into the map as text nodes, never as HTML.
  function label(text) {
    var span = document.createElement("span");
    span.textContent = text;
    return span;
  }

  function note(container, text) {
    var box = container.parentNode.querySelector(".map-note");
    if (box) {
      box.textContent = text;
      box.hidden = false;
    }
  }

  function baseMap(container, settings) {
    var map = L.map(container, { scrollWheelZoom: false });
    var failed = false;
    var layer = L.tileLayer(settings.tiles, { maxZoom: 19, attribution: settings.attribution });
    layer.on("tileerror", function () {
      if (!failed) {
        failed = true;
        note(container, "Peta dasar (OpenStreetMap) tidak dapat dimuat; titik dan daftar tetap tersedia.");
      }
    });
    layer.addTo(map);
    return map;
  }

  // Bounds are taken from the data, not from drawn layers: a circle only knows its bounds
  // once the map has a view.
  function zoneBounds(zone) {
    if (zone.shape === "polygon" && zone.polygon) {
      return L.geoJSON(zone.polygon).getBounds();
    }
    if (zone.lat !== null && zone.lng !== null) {
      return L.latLng(zone.lat, zone.lng).toBounds(2 * (zone.radius || 50));
    }
    return null;
  }

  function drawZone(map, zone) {
    var style = { color: zone.office ? "#0b5d3b" : "#175cd3", weight: 2, fillOpacity: 0.15 };
    var shape = null;
    if (zone.shape === "polygon" && zone.polygon) {
      shape = L.geoJSON(zone.polygon, { style: style });
    } else if (zone.lat !== null && zone.lng !== null) {
      shape = L.circle([zone.lat, zone.lng], Object.assign({ radius: zone.radius || 50 }, style));
      L.circleMarker([zone.lat, zone.lng], { radius: 4, color: style.color })
        .bindTooltip(label(zone.village + ": " + zone.name))
        .addTo(map);
    }
    if (shape) {
      shape.bindPopup(label(zone.village + " — " + zone.kind + ": " + zone.name));
      shape.addTo(map);
    }
  }

  function officeMap(container) {
    var data = readJson(container.getAttribute("data-source"));
    if (!data) { return; }
    var map = baseMap(container, data);
    var bounds = L.latLngBounds([]);
    data.zones.forEach(function (zone) {
      var found = zoneBounds(zone);
      if (found) { bounds.extend(found); }
    });
    if (bounds.isValid()) {
      map.fitBounds(bounds, { padding: [20, 20] });
    } else {
      map.setView([-6.7, 111.6], 12);
    }
    data.zones.forEach(function (zone) { drawZone(map, zone); });
  }

  function pointMap(container, settings) {
    var point = JSON.parse(container.getAttribute("data-point"));
    var map = baseMap(container, settings);
    var here = L.latLng(point.lat, point.lng);
    var bounds = here.toBounds(2 * (point.accuracy || 20));
    if (point.office) {
      bounds.extend(L.latLng(point.office.lat, point.office.lng).toBounds(2 * (point.office.radius || 50)));
    }
    map.fitBounds(bounds, { padding: [25, 25], maxZoom: 18 });
    if (point.office) {
      L.circle([point.office.lat, point.office.lng], {
        radius: point.office.radius || 50, color: "#0b5d3b", weight: 2, fillOpacity: 0.15
      }).bindTooltip(label("Area kantor desa")).addTo(map);
    }
    if (point.accuracy) {
      L.circle(here, { radius: point.accuracy, color: "#b42318", weight: 1, fillOpacity: 0.05 }).addTo(map);
    }
    L.circleMarker(here, { radius: 6, color: "#b42318" }).bindTooltip(label("Lokasi absen")).addTo(map);
  }

  document.addEventListener("DOMContentLoaded", function () {
    var maps = document.querySelectorAll("[data-map]");
    if (!maps.length) { return; }
    if (typeof L === "undefined") {
      maps.forEach(function (container) { note(container, "Peta tidak dapat dimuat; gunakan daftar di bawah."); });
      return;
    }
    var settings = readJson("map-settings");
    maps.forEach(function (container) {
      container.hidden = false;
      if (container.getAttribute("data-map") === "offices") {
        officeMap(container);
      } else {
        pointMap(container, settings);
      }
    });
  });
})();
