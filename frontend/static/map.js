// Leaflet glue for the web app (a plain script, loaded after leaflet.js). The map's tile
// address comes from the server's settings; when tiles cannot load, the map stays usable
// (grey background, pin and markers still work).
(function () {
  "use strict";
  function setting(name, fallback) {
    var m = document.querySelector('meta[name="' + name + '"]');
    return (m && m.content) || fallback;
  }
  window.civisMap = {
    create: function (el, lat, lng, zoom) {
      var center = setting("civis-map-center", "45.5017,-73.5673").split(",").map(Number);
      var map = L.map(el, { keyboard: true }).setView(
        [isNaN(lat) ? center[0] : lat, isNaN(lng) ? center[1] : lng], zoom || 14);
      var url = setting("civis-tiles", "");
      if (url) {
        L.tileLayer(url, { maxZoom: 19, attribution: setting("civis-tiles-attribution", "") }).addTo(map);
      }
      map._civisMarkers = L.layerGroup().addTo(map);
      setTimeout(function () { map.invalidateSize(); }, 0);
      return map;
    },
    onClick: function (map, cb) {
      map.on("click", function (e) { cb(e.latlng.lat, e.latlng.lng); });
    },
    setPin: function (map, lat, lng) {
      if (map._civisPin) { map._civisPin.setLatLng([lat, lng]); }
      else { map._civisPin = L.marker([lat, lng], { title: "pin" }).addTo(map); }
      if (!map.getBounds().contains([lat, lng])) { map.panTo([lat, lng]); }
    },
    // items: [{lat, lng, label, href}]
    setMarkers: function (map, items) {
      map._civisMarkers.clearLayers();
      var bounds = [];
      items.forEach(function (it) {
        var m = L.circleMarker([it.lat, it.lng], { radius: 8, color: it.color || "#1d4f91" });
        var a = document.createElement("a");
        a.href = it.href; a.textContent = it.label;
        m.bindPopup(a);
        m.addTo(map._civisMarkers);
        bounds.push([it.lat, it.lng]);
      });
      if (bounds.length && !map._civisPin) { map.fitBounds(bounds, { maxZoom: 16, padding: [20, 20] }); }
    },
    remove: function (map) { map.remove(); }
  };
})();
