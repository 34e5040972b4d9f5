// Leaflet glue for the web app (a plain script, loaded after leaflet.js). The map's tile
// address comes from the server's settings; when tiles cannot load, the map stays usable:
// a scale, the town's outline, the markers and the pin (which the arrow keys move).
(function () {
  "use strict";
  function setting(name, fallback) {
    var m = document.querySelector('meta[name="' + name + '"]');
    return (m && m.content) || fallback;
  }
  // Markers closer than this many pixels are drawn as one numbered cluster.
  var CLUSTER_PX = 60;

  function popup(it) {
    var box = document.createElement("div");
    // A marker without a page (a private request on the duplicate check) names it only.
    var a = document.createElement(it.href ? "a" : "strong");
    if (it.href) { a.href = it.href; }
    a.textContent = it.label;
    box.appendChild(a);
    (it.lines || []).forEach(function (line) {
      var p = document.createElement("div");
      p.textContent = line;
      box.appendChild(p);
    });
    return box;
  }

  function single(it) {
    var m = L.circleMarker([it.lat, it.lng], { radius: 8, color: it.color || "#1d4f91", weight: 3, fillOpacity: 0.5 });
    m.bindPopup(popup(it));
    return m;
  }

  function cluster(map, group) {
    var icon = L.divIcon({ className: "map-cluster", html: "<span>" + group.length + "</span>", iconSize: [36, 36] });
    var bounds = L.latLngBounds(group.map(function (it) { return [it.lat, it.lng]; }));
    var name = group.length + " " + map._civisCluster;
    var m = L.marker(bounds.getCenter(), { icon: icon, keyboard: true, title: name });
    // Its name for a screen reader: what it groups, not the bare number drawn in it.
    m.on("add", function () { var el = m.getElement(); if (el) { el.setAttribute("aria-label", name); } });
    m.on("click", function () {
      if (map.getZoom() >= map.getMaxZoom()) { m.bindPopup(group.map(popup).reduce(function (b, p) { b.appendChild(p); return b; }, document.createElement("div"))).openPopup(); }
      else { map.fitBounds(bounds.pad(0.2), { maxZoom: map.getZoom() + 3 }); }
    });
    return m;
  }

  function draw(map) {
    var items = map._civisItems || [];
    map._civisMarkers.clearLayers();
    if (!map._civisCluster) {
      items.forEach(function (it) { single(it).addTo(map._civisMarkers); });
      return;
    }
    var zoom = map.getZoom(), cells = {};
    items.forEach(function (it) {
      var p = map.project([it.lat, it.lng], zoom);
      var key = Math.floor(p.x / CLUSTER_PX) + ":" + Math.floor(p.y / CLUSTER_PX);
      (cells[key] = cells[key] || []).push(it);
    });
    Object.keys(cells).forEach(function (k) {
      var g = cells[k];
      (g.length === 1 ? single(g[0]) : cluster(map, g)).addTo(map._civisMarkers);
    });
  }

  window.civisMap = {
    create: function (el, lat, lng, zoom) {
      var center = setting("civis-map-center", "45.5017,-73.5673").split(",").map(Number);
      var map = L.map(el, { keyboard: true, maxZoom: 19 }).setView(
        [isNaN(lat) ? center[0] : lat, isNaN(lng) ? center[1] : lng], zoom || 14);
      L.control.scale({ imperial: false }).addTo(map);
      map._civisMarkers = L.layerGroup().addTo(map);
      map.on("zoomend", function () { if (map._civisCluster) { draw(map); } });
      setTimeout(function () { map.invalidateSize(); }, 0);
      return map;
    },
    // cb() once when the background cannot be drawn: no tile address, or tiles that fail
    // before any has loaded.
    onTilesFailed: function (map, cb) {
      var url = setting("civis-tiles", "");
      if (!url) { setTimeout(cb, 0); return; }
      var loaded = false, told = false;
      var layer = L.tileLayer(url, { maxZoom: 19, attribution: setting("civis-tiles-attribution", "") });
      layer.on("tileload", function () { loaded = true; });
      layer.on("tileerror", function () { if (!loaded && !told) { told = true; cb(); } });
      layer.addTo(map);
    },
    onClick: function (map, cb) {
      map.on("click", function (e) { cb(e.latlng.lat, e.latlng.lng); });
    },
    // The arrow keys move the pin (placed in the middle first), Shift for longer steps.
    pinKeys: function (map, cb) {
      var steps = { ArrowUp: [0, -1], ArrowDown: [0, 1], ArrowLeft: [-1, 0], ArrowRight: [1, 0] };
      map.getContainer().addEventListener("keydown", function (e) {
        var d = steps[e.key];
        if (!d) { return; }
        e.preventDefault(); e.stopImmediatePropagation();
        var at = map._civisPin ? map._civisPin.getLatLng() : map.getCenter();
        var step = e.shiftKey ? 50 : 10;
        var p = map.latLngToContainerPoint(at);
        var next = map._civisPin ? map.containerPointToLatLng([p.x + d[0] * step, p.y + d[1] * step]) : at;
        cb(next.lat, next.lng);
      }, true);
    },
    setPin: function (map, lat, lng, title) {
      if (map._civisPin) { map._civisPin.setLatLng([lat, lng]); }
      else { map._civisPin = L.marker([lat, lng], { title: title || "", alt: title || "", keyboard: false }).addTo(map); }
      if (!map.getBounds().pad(-0.1).contains([lat, lng])) { map.panTo([lat, lng]); }
    },
    clearPin: function (map) {
      if (map._civisPin) { map.removeLayer(map._civisPin); map._civisPin = null; }
    },
    // Centres the map on a point (an address chosen from the list).
    flyTo: function (map, lat, lng, zoom) { map._civisFocused = true; map.setView([lat, lng], Math.max(map.getZoom(), zoom || 17)); },
    // The town's outline ([[lat, lng], …]); the map opens on it when nothing else is shown.
    setOutline: function (map, pts) {
      if (map._civisOutline) { map.removeLayer(map._civisOutline); }
      if (!pts.length) { return; }
      map._civisOutline = L.polygon(pts, { color: "#3d4a54", weight: 2, dashArray: "6 4", fill: false, interactive: false }).addTo(map);
      if (!map._civisPin && !map._civisFocused && !(map._civisItems || []).length) { map.fitBounds(map._civisOutline.getBounds(), { padding: [10, 10] }); }
    },
    // items: [{lat, lng, label, lines, href, color}]; clusterWord ("requêtes"): group close
    // markers under that word (none: every marker on its own).
    setMarkers: function (map, items, clusterWord) {
      map._civisItems = items;
      map._civisCluster = clusterWord || "";
      draw(map);
      var bounds = items.map(function (it) { return [it.lat, it.lng]; });
      if (bounds.length && !map._civisPin) { map.fitBounds(bounds, { maxZoom: 16, padding: [20, 20] }); }
    },
    remove: function (map) { map.remove(); }
  };
})();
