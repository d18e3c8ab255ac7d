/* Maps for Stories from Community Britain.
 *
 * - The Map page ([data-stories-map]): every story from /stories.geojson, clustered, on a plain
 *   outline of the UK served by this site; a button adds the street map from the tile server.
 * - A story page ([data-story-map]): a "Show map" button; nothing is fetched from the tile
 *   server until it is pressed.
 *
 * The tile server's address and attribution come from the page (data-tile-* attributes, from
 * mkdocs.yml), never from this file. Leaflet is loaded only on pages with a map, from the copies
 * in assets/vendor/ (scripts/vendor_assets.py), never from a CDN.
 *
 * Material's instant navigation swaps pages without reloading this script, so everything starts
 * from Material's document$ and the previous page's maps are removed first.
 */
(function () {
  "use strict";

  var VENDOR = new URL("../vendor/", document.currentScript.src);
  var STYLES = ["leaflet/leaflet.css", "leaflet.markercluster/MarkerCluster.css"];
  var SCRIPTS = ["leaflet/leaflet.js", "leaflet.markercluster/leaflet.markercluster.js"];
  // The UK, Channel Islands excluded (as storysite.geography bounds it).
  var UK_BOUNDS = [[49.8, -8.7], [60.9, 1.8]];

  var cleanups = []; // one per map on the current page
  var streetMapChosen = false; // the reader's choice on the Map page, for this visit (never stored)
  var leafletLoading = null;

  function loadStyle(href) {
    return new Promise(function (resolve, reject) {
      var link = document.createElement("link");
      link.rel = "stylesheet";
      link.href = href;
      link.onload = resolve;
      link.onerror = function () { reject(new Error("could not load " + href)); };
      document.head.appendChild(link);
    });
  }

  function loadScript(src) {
    return new Promise(function (resolve, reject) {
      var script = document.createElement("script");
      script.src = src;
      script.async = false; // download in parallel, run in the order added (the plugin needs Leaflet)
      script.onload = resolve;
      script.onerror = function () { reject(new Error("could not load " + src)); };
      document.head.appendChild(script);
    });
  }

  /* Leaflet and the cluster plugin with their styles, all fetched at once, once per visit. */
  function loadLeaflet() {
    if (!leafletLoading) {
      leafletLoading = Promise.all(
        STYLES.map(function (path) { return loadStyle(new URL(path, VENDOR).href); })
          .concat(SCRIPTS.map(function (path) { return loadScript(new URL(path, VENDOR).href); }))
      );
      leafletLoading.catch(function () { leafletLoading = null; });
    }
    return leafletLoading;
  }

  var fetched = {}; // url -> promise: the map data is fetched once per visit

  function fetchJSON(url) {
    var key = String(url);
    if (!fetched[key]) {
      fetched[key] = fetch(key).then(function (response) {
        if (!response.ok) throw new Error(key + ": " + response.status);
        return response.json();
      });
      fetched[key].catch(function () { delete fetched[key]; });
    }
    return fetched[key];
  }

  function tileLayer(element) {
    return L.tileLayer(element.dataset.tileUrl, {
      attribution: element.dataset.tileAttribution,
      maxZoom: Number(element.dataset.tileMaxZoom),
    });
  }

  function showFailure(canvas, error) {
    canvas.textContent = "The map could not be shown (" + error.message + "). Every story is in the list below.";
    canvas.classList.add("stories-map__canvas--failed");
  }

  /* A marker's icon: a dot drawn by CSS, 24px so it is an easy target. Leaflet makes it a
     focusable role=button element; the marker's title option gives it its accessible name. */
  function storyIcon() {
    return L.divIcon({ className: "stories-map__marker", iconSize: [24, 24], html: "" });
  }

  /* Cluster icons carry an aria-label, so a screen reader says what pressing one does. */
  function clusterIconClass() {
    return L.DivIcon.extend({
      createIcon: function (oldIcon) {
        var element = L.DivIcon.prototype.createIcon.call(this, oldIcon);
        element.setAttribute("aria-label", this.options.label);
        return element;
      },
    });
  }

  function clusterIcon(ClusterIcon, cluster) {
    var count = cluster.getChildCount();
    var size = count < 10 ? 34 : count < 100 ? 40 : 48;
    return new ClusterIcon({
      html: "<span>" + count + "</span>",
      className: "stories-map__cluster",
      iconSize: [size, size],
      label: count + " stories here: press Enter to zoom in",
    });
  }

  /* The story's link in the data is absolute (the published site's address); on any other copy
     of the site (a preview, a test) point it at the same page on this copy. */
  function localHref(url, siteUrl, siteRoot) {
    if (siteUrl && url.indexOf(siteUrl) === 0) return new URL(url.slice(siteUrl.length), siteRoot).href;
    return url;
  }

  function popupContent(properties, href) {
    var box = document.createElement("div");
    box.className = "stories-map__popup";
    var title = box.appendChild(document.createElement("p"));
    title.className = "stories-map__popup-title";
    var link = title.appendChild(document.createElement("a"));
    link.href = href;
    link.textContent = properties.title;
    var place = box.appendChild(document.createElement("p"));
    place.className = "stories-map__popup-place";
    place.textContent = [properties.place, properties.region, properties.nation].filter(Boolean).join(", ");
    var summary = box.appendChild(document.createElement("p"));
    summary.textContent = properties.summary;
    return box;
  }

  /* Keyboard support beyond Leaflet's own (Tab reaches markers and clusters, Enter opens or
     zooms): focus moves into a popup opened from the keyboard and back to its marker on Escape,
     and after zooming into a cluster it lands on the first of that cluster's stories. */
  function keyboardSupport(map, clusters, canvas) {
    var fromKeyboard = false;
    var opener = null;
    function onKeyDown(event) {
      if (event.key === "Enter" || event.key === " ") fromKeyboard = true;
      if (event.key === "Escape" && map.getContainer().querySelector(".leaflet-popup")) {
        map.closePopup();
        if (opener && opener.isConnected) opener.focus();
      }
    }
    function onPointer() { fromKeyboard = false; }
    canvas.addEventListener("keydown", onKeyDown);
    canvas.addEventListener("pointerdown", onPointer);
    map.on("popupopen", function (event) {
      opener = document.activeElement && canvas.contains(document.activeElement) ? document.activeElement : null;
      if (!fromKeyboard) return;
      var link = event.popup.getElement().querySelector("a[href]:not(.leaflet-popup-close-button)");
      if (link) link.focus({ preventScroll: true });
    });
    if (clusters) {
      clusters.on("clusterkeypress", function (event) {
        if (event.originalEvent.key !== "Enter") return;
        var first = event.layer.getAllChildMarkers()[0];
        function focusFirst() {
          var parent = clusters.getVisibleParent(first);
          var element = parent && parent.getElement();
          if (element) element.focus({ preventScroll: true });
        }
        clusters.once("animationend", focusFirst);
        clusters.once("spiderfied", focusFirst);
      });
    }
    return function () {
      canvas.removeEventListener("keydown", onKeyDown);
      canvas.removeEventListener("pointerdown", onPointer);
    };
  }

  /* The Map page. */
  function startStoriesMap(root) {
    var canvas = root.querySelector("[data-map-canvas]");
    var select = root.querySelector("[data-map-theme]");
    var status = root.querySelector("[data-map-count]");
    var offer = root.querySelector("[data-map-tiles-offer]");
    var button = root.querySelector("[data-map-tiles-button]");
    var total = Number(root.dataset.total);
    var state = { map: null, gone: false, removeKeys: null };
    root.hidden = false;
    cleanups.push(function () {
      state.gone = true;
      if (state.removeKeys) state.removeKeys();
      if (state.map) state.map.remove();
    });

    var geojsonUrl = new URL(root.dataset.geojson, location.href);
    Promise.all([loadLeaflet(), fetchJSON(geojsonUrl), fetchJSON(new URL(root.dataset.outline, location.href))])
      .then(function (loaded) {
        if (state.gone) return;
        var stories = loaded[1];
        var outline = loaded[2];
        var map = (state.map = L.map(canvas, {
          maxZoom: Number(root.dataset.tileMaxZoom),
          minZoom: 4,
          zoomSnap: 0.25,
          maxBounds: L.latLngBounds(UK_BOUNDS).pad(0.5),
        }));
        map.fitBounds(UK_BOUNDS);
        var land = L.geoJSON(outline, {
          interactive: false,
          style: function (feature) { // the UK's nations, and its neighbours drawn fainter for context
            return { className: feature.properties.nation ? "stories-map__land" : "stories-map__land stories-map__land--abroad" };
          },
        }).addTo(map);

        var ClusterIcon = clusterIconClass();
        var clusters = L.markerClusterGroup({
          // Not chunkedLoading: 3000 stories go in at once in a fraction of a second, and a chunk
          // still pending when the reader changes theme would put the old theme's markers back.
          showCoverageOnHover: false,
          maxClusterRadius: 48,
          iconCreateFunction: function (cluster) { return clusterIcon(ClusterIcon, cluster); },
        });
        var icon = storyIcon();
        var siteRoot = new URL(".", geojsonUrl);
        var markers = stories.features.map(function (feature) {
          var p = feature.properties;
          var position = feature.geometry.coordinates; // [longitude, latitude]
          var marker = L.marker([position[1], position[0]], { icon: icon, title: p.title, riseOnHover: true });
          marker.themes = p.themes;
          marker.bindPopup(function () {
            return popupContent(p, localHref(p.url, root.dataset.siteUrl, siteRoot));
          }, {
            maxWidth: Math.min(280, canvas.clientWidth - 120), // fits beside the zoom buttons on a phone
            autoPanPaddingTopLeft: [56, 16], // clear of the zoom buttons...
            autoPanPaddingBottomRight: [16, 32], // ...and the attribution
          });
          return marker;
        });
        map.addLayer(clusters);
        state.removeKeys = keyboardSupport(map, clusters, canvas);

        function show(theme) {
          var chosen = theme ? markers.filter(function (m) { return m.themes.indexOf(theme) !== -1; }) : markers;
          clusters.clearLayers();
          clusters.addLayers(chosen, true);
          var name = theme ? select.options[select.selectedIndex].text.replace(/ \(\d+\)$/, "") : "";
          status.textContent = theme
            ? "Showing " + chosen.length + " of " + total + " stories: " + name + "."
            : total === 1 ? "Showing the one story." : "Showing all " + total + " stories.";
          filterList(theme);
        }
        select.addEventListener("change", function () { show(select.value); });
        show(select.value); // a theme chosen before the page was ready (or kept by the browser)

        function showStreetMap() {
          streetMapChosen = true;
          map.removeLayer(land);
          tileLayer(root).addTo(map);
          canvas.classList.add("stories-map__canvas--tiles");
          offer.hidden = true;
        }
        button.addEventListener("click", function () {
          showStreetMap();
          canvas.focus();
        });
        if (streetMapChosen) showStreetMap();
        // Every marker is on the map and the filter works: tests wait for this, and
        // scripts/benchmark_map.py times it.
        root.dataset.mapReady = "true";
        root.dataset.mapReadyMs = String(Math.round(performance.now()));
      })
      .catch(function (error) { if (!state.gone) showFailure(canvas, error); });
  }

  /* The text list below the map follows the theme filter, and hides empty places. */
  function filterList(theme) {
    var lists = document.querySelectorAll("[data-map-list]");
    var shownPerNation = {};
    lists.forEach(function (list) {
      var shown = 0;
      list.querySelectorAll("li").forEach(function (item) {
        var match = !theme || (" " + item.dataset.themes + " ").indexOf(" " + theme + " ") !== -1;
        item.hidden = !match;
        if (match) shown += 1;
      });
      list.hidden = shown === 0;
      var heading = list.previousElementSibling;
      if (heading && heading.hasAttribute("data-map-region")) heading.hidden = shown === 0;
      shownPerNation[list.dataset.nation] = (shownPerNation[list.dataset.nation] || 0) + shown;
    });
    document.querySelectorAll("[data-map-nation]").forEach(function (heading) {
      heading.hidden = !shownPerNation[heading.dataset.mapNation];
    });
  }

  /* A story page: a button first; the map and its tiles only when pressed. */
  function startStoryMap(root) {
    var button = root.querySelector("[data-story-map-button]");
    var canvas = root.querySelector("[data-map-canvas]");
    var state = { map: null, gone: false, removeKeys: null };
    root.hidden = false;
    function show() {
      button.disabled = true;
      loadLeaflet()
        .then(function () {
          if (state.gone) return;
          var position = [Number(root.dataset.latitude), Number(root.dataset.longitude)];
          canvas.hidden = false;
          var map = (state.map = L.map(canvas, { maxZoom: Number(root.dataset.tileMaxZoom), scrollWheelZoom: false }));
          map.setView(position, Number(root.dataset.zoom));
          tileLayer(root).addTo(map);
          L.marker(position, { icon: storyIcon(), interactive: false, keyboard: false }).addTo(map);
          state.removeKeys = keyboardSupport(map, null, canvas);
          button.closest("p").hidden = true;
          canvas.focus();
        })
        .catch(function (error) {
          button.disabled = false;
          canvas.hidden = false;
          showFailure(canvas, error);
        });
    }
    button.addEventListener("click", show);
    cleanups.push(function () {
      state.gone = true;
      button.removeEventListener("click", show);
      if (state.removeKeys) state.removeKeys();
      if (state.map) state.map.remove();
    });
  }

  /* On a first page load with the map, start fetching the map's code and data now, while the
     theme is still setting the page up; document$ fires only once that is done. */
  var early = document.querySelector("[data-stories-map]");
  if (early) {
    loadLeaflet().catch(function () {});
    fetchJSON(new URL(early.dataset.geojson, location.href)).catch(function () {});
    fetchJSON(new URL(early.dataset.outline, location.href)).catch(function () {});
  }

  function start() {
    cleanups.splice(0).forEach(function (cleanup) { cleanup(); });
    document.querySelectorAll("[data-stories-map]").forEach(startStoriesMap);
    document.querySelectorAll("[data-story-map]").forEach(startStoryMap);
  }

  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(start); // every page, including the first, and after instant navigation
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start); // the theme without instant navigation
  } else {
    start();
  }
})();
