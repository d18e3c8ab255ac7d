/* Maps for Stories from Community Britain: loaded by stories-map.js on pages that have a map.
 *
 * - The Map page ([data-stories-map]): every story, clustered at build time for each zoom level
 *   (hooks/storysite/geo/clusters.py) into small JSON files under map/points/. The first view is
 *   the page's own outline of the UK with the overview's clusters put on it, without Leaflet; as
 *   soon as the reader reaches for the map (pointer over it, focus in it), Leaflet loads and takes
 *   over on the same view, fetching the files in view as the reader pans and zooms. A button adds
 *   the street map from the tile server. The map never fetches /stories.geojson (the open data).
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
      script.onload = resolve;
      script.onerror = function () { reject(new Error("could not load " + src)); };
      document.head.appendChild(script);
    });
  }

  /* Leaflet and its style, fetched at once, once per visit. */
  function loadLeaflet() {
    if (!leafletLoading) {
      leafletLoading = Promise.all([
        loadStyle(new URL("leaflet/leaflet.css", VENDOR).href),
        loadScript(new URL("leaflet/leaflet.js", VENDOR).href),
      ]);
      leafletLoading.catch(function () { leafletLoading = null; });
    }
    return leafletLoading;
  }

  var fetched = {}; // url -> promise: each file is fetched once per visit

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
    canvas.textContent = "The map could not be shown (" + error.message + "). The places below the map list every story.";
    canvas.classList.add("stories-map__canvas--failed");
  }

  /* A marker's icon: a dot drawn by CSS, 24px so it is an easy target. Leaflet makes it a
     focusable role=button element; the marker's title option gives it its accessible name. */
  function storyIcon() {
    return L.divIcon({ className: "stories-map__marker", iconSize: [24, 24], html: "" });
  }

  /* Web Mercator in zoom-0 pixels (256 wide), as Leaflet and geo/clusters.py project. */
  function project(longitude, latitude) {
    var sin = Math.sin(latitude * Math.PI / 180);
    return [(longitude + 180) / 360 * 256, (0.5 - Math.log((1 + sin) / (1 - sin)) / (4 * Math.PI)) * 256];
  }

  /* The clustered stories of the page: which level a zoom shows, and the files that hold a box
     of it (a whole level, or the tiles the level's tiles.json says exist). */
  function pointsOf(root) {
    var numbers = root.dataset.levels.split(" ").map(Number);
    var min = numbers[0], overview = numbers[1], deepest = numbers[2], whole = numbers[3], tilePx = numbers[4];
    var base = new URL(root.dataset.points, location.href);
    var b = root.dataset.bounds.split(",").map(Number); // south, west, north, east
    function levelFor(zoom) { return Math.max(min, Math.min(deepest, Math.floor(zoom + 1e-6))); }
    function load(level, box) { // box: [x0, y0, x1, y1] in zoom-0 pixels
      if (level <= whole) return fetchJSON(new URL(level + ".json", base));
      return fetchJSON(new URL(level + "/tiles.json", base)).then(function (present) {
        var scale = Math.pow(2, level) / tilePx;
        var c0 = Math.floor(box[0] * scale), r0 = Math.floor(box[1] * scale);
        var c1 = Math.floor(box[2] * scale), r1 = Math.floor(box[3] * scale);
        var wanted = present.filter(function (t) { return t[0] >= c0 && t[0] <= c1 && t[1] >= r0 && t[1] <= r1; });
        return Promise.all(wanted.map(function (t) {
          return fetchJSON(new URL(level + "/" + t[0] + "/" + t[1] + ".json", base));
        })).then(function (parts) { return [].concat.apply([], parts); });
      });
    }
    return { levelFor: levelFor, load: load, overview: overview, whole: whole,
             nw: project(b[1], b[2]), se: project(b[3], b[0]), bounds: [[b[0], b[1]], [b[2], b[3]]] };
  }

  /* How many of an item's stories the theme filter shows: a cluster counts per theme, a point
     lists its themes. */
  function shownCount(item, theme) {
    if (!theme) return item.n;
    if (Array.isArray(item.themes)) return item.themes.indexOf(theme) === -1 ? 0 : 1;
    return item.themes[theme] || 0;
  }

  /* The items to draw: clusters as they are, points at the same spot as one marker. */
  function drawable(items, theme) {
    var out = [], spots = {};
    items.forEach(function (item) {
      var count = shownCount(item, theme);
      if (!count) return;
      if (!item.url) { out.push({ item: item, count: count }); return; }
      var key = item.at.join(",");
      if (spots[key]) { spots[key].stories.push(item); return; }
      spots[key] = { item: item, count: 1, stories: [item] };
      out.push(spots[key]);
    });
    return out;
  }

  function clusterSize(count) { return count < 10 ? 34 : count < 100 ? 40 : 48; }
  function clusterLabel(count) { return count + " stories here: press Enter to zoom in"; }
  function markerTitle(spot) {
    var more = spot.stories.length - 1;
    return spot.item.title + (more ? " (and " + more + " more " + (more === 1 ? "story" : "stories") + " here)" : "");
  }

  function popupContent(stories, siteRoot) {
    var box = document.createElement("div");
    box.className = "stories-map__popup";
    stories.forEach(function (story) {
      var title = box.appendChild(document.createElement("p"));
      title.className = "stories-map__popup-title";
      var link = title.appendChild(document.createElement("a"));
      link.href = new URL(story.url, siteRoot).href;
      link.textContent = story.title;
      var place = box.appendChild(document.createElement("p"));
      place.className = "stories-map__popup-place";
      place.textContent = story.place;
    });
    return box;
  }

  /* The first view: the page's outline (an SVG fitted as Leaflet's fitBounds fits the UK) with
     the overview's clusters on it, as buttons. Any of them, or any reach for the map, starts
     Leaflet (start(spot) is called with the pressed spot, or nothing). */
  function facade(canvas, points, start) {
    var layer = canvas.appendChild(document.createElement("div"));
    layer.className = "stories-map__facade";
    var items = null, theme = "";
    function view() {
      var width = canvas.clientWidth, height = canvas.clientHeight;
      var zoom = Math.log2(Math.min(width / (points.se[0] - points.nw[0]), height / (points.se[1] - points.nw[1])));
      var scale = Math.pow(2, zoom);
      return { zoom: zoom, scale: scale, left: (points.nw[0] + points.se[0]) / 2 * scale - width / 2,
               top: (points.nw[1] + points.se[1]) / 2 * scale - height / 2 };
    }
    function draw() {
      if (!items) return;
      var v = view();
      layer.textContent = "";
      drawable(items, theme).forEach(function (spot) {
        var xy = project(spot.item.at[0], spot.item.at[1]);
        var button = layer.appendChild(document.createElement("button"));
        button.type = "button";
        var size = spot.item.url ? 24 : clusterSize(spot.count);
        if (spot.item.url) {
          button.className = "stories-map__marker";
          button.title = markerTitle(spot);
        } else {
          button.className = "stories-map__cluster";
          button.setAttribute("aria-label", clusterLabel(spot.count));
          button.appendChild(document.createElement("span")).textContent = spot.count;
        }
        button.style.cssText = "width:" + size + "px;height:" + size + "px;left:" +
          (xy[0] * v.scale - v.left - size / 2) + "px;top:" + (xy[1] * v.scale - v.top - size / 2) + "px";
        button.addEventListener("click", function () { start(spot); });
      });
    }
    function load() {
      var level = Math.min(points.levelFor(view().zoom), points.whole);
      canvas.parentNode.dataset.mapLevel = String(level);
      return points.load(level).then(function (loaded) { items = loaded; draw(); });
    }
    window.addEventListener("resize", draw);
    return {
      load: load,
      show: function (chosen) { theme = chosen; draw(); },
      focusedAt: function () {
        var index = Array.prototype.indexOf.call(layer.children, document.activeElement);
        return index === -1 ? null : drawable(items, theme)[index].item.at;
      },
      remove: function () {
        window.removeEventListener("resize", draw);
        layer.remove();
        var outline = canvas.querySelector("[data-map-outline]");
        if (outline) outline.remove();
      },
    };
  }

  /* The live map's stories: the files in view at the zoom's level, drawn again after each move
     or theme change. A cluster pressed zooms to where it falls apart; from the keyboard, focus
     then lands on what is nearest to where the cluster was. */
  function liveLayer(map, points, root, siteRoot, canvas, theme) {
    var group = L.layerGroup().addTo(map);
    var ticket = 0, items = [], focusAt = null, draws = 0;
    var popupOptions = {
      maxWidth: Math.min(280, canvas.clientWidth - 120), // fits beside the zoom buttons on a phone
      autoPanPaddingTopLeft: [56, 16], // clear of the zoom buttons...
      autoPanPaddingBottomRight: [16, 32], // ...and the attribution
    };
    // How much of the map's top is under Material's sticky header: a popup opened there is panned
    // clear of it, not only clear of the map's edge.
    function underHeader() {
      var header = document.querySelector(".md-header");
      if (!header) return 0;
      var hidden = header.getBoundingClientRect().bottom - canvas.getBoundingClientRect().top;
      return Math.max(0, Math.min(hidden, canvas.clientHeight / 2));
    }
    function popupFor(marker, spot) { // Leaflet asks for the content just before it pans
      var clear = popupOptions.autoPanPaddingTopLeft;
      marker.getPopup().options.autoPanPaddingTopLeft = [clear[0], clear[1] + underHeader()];
      return popupContent(spot.stories, siteRoot);
    }
    function zoomInto(item, fromKeyboard) {
      focusAt = fromKeyboard ? item.at : null;
      map.setView([item.at[1], item.at[0]], Math.min(item.zoom, map.getMaxZoom()));
    }
    var shown = {}; // key -> marker: a marker that stays keeps its open popup and its focus
    function draw() {
      var level = points.levelFor(map.getZoom()), next = {};
      var markers = drawable(items, theme).map(function (spot) {
        var item = spot.item, position = [item.at[1], item.at[0]], marker;
        var key = [level, item.at, item.url || item.zoom, spot.count, spot.stories ? spot.stories.length : 0].join("|");
        if (shown[key]) {
          next[key] = shown[key];
          return shown[key];
        }
        if (item.url) {
          marker = L.marker(position, { icon: storyIcon(), title: markerTitle(spot), riseOnHover: true });
          marker.bindPopup(function (layer) { return popupFor(layer, spot); }, popupOptions);
        } else {
          var size = clusterSize(spot.count);
          marker = L.marker(position, { icon: L.divIcon({ className: "stories-map__cluster", iconSize: [size, size],
                                                          html: "<span>" + spot.count + "</span>" }) });
          marker.on("click", function () { zoomInto(item, false); });
          marker.on("keypress", function (event) {
            if (event.originalEvent.key === "Enter") zoomInto(item, true);
          });
        }
        marker.spot = spot;
        group.addLayer(marker);
        if (!item.url) marker.getElement().setAttribute("aria-label", clusterLabel(spot.count));
        next[key] = marker;
        return marker;
      });
      Object.keys(shown).forEach(function (key) { if (!next[key]) group.removeLayer(shown[key]); });
      shown = next;
      if (focusAt) {
        var from = map.latLngToLayerPoint([focusAt[1], focusAt[0]]), nearest = null, best = Infinity;
        markers.forEach(function (marker) {
          var distance = map.latLngToLayerPoint(marker.getLatLng()).distanceTo(from);
          if (distance < best) { best = distance; nearest = marker; }
        });
        focusAt = null;
        if (nearest) nearest.getElement().focus({ preventScroll: true });
      }
      draws += 1;
      root.dataset.mapLevel = String(points.levelFor(map.getZoom()));
      root.dataset.mapDraws = String(draws); // tests wait for a draw after a zoom
    }
    function refresh() {
      var level = points.levelFor(map.getZoom());
      var view = map.getBounds().pad(0.25);
      var nw = project(view.getWest(), view.getNorth()), se = project(view.getEast(), view.getSouth());
      var mine = ++ticket;
      return points.load(level, [nw[0], nw[1], se[0], se[1]]).then(function (loaded) {
        if (mine !== ticket) return; // the reader has moved on
        items = loaded;
        draw();
      }, function (error) { if (mine === ticket) showFailure(canvas, error); });
    }
    // Tests wait for the map to be still (a popup's pan moves what they would click).
    map.on("movestart", function () { root.dataset.mapMoving = ""; });
    map.on("moveend", function () { delete root.dataset.mapMoving; refresh(); });
    return {
      refresh: refresh,
      show: function (chosen) { theme = chosen; draw(); },
      focus: function (at) { focusAt = at; },
      open: function (spot) { // a facade's pressed spot, once the live map has drawn it
        if (!spot.item.url) return zoomInto(spot.item, false);
        group.eachLayer(function (marker) {
          if (marker.spot && marker.spot.item.at.join() === spot.item.at.join()) marker.openPopup();
        });
      },
    };
  }

  /* Keyboard support beyond Leaflet's own (Tab reaches markers and clusters, Enter opens or
     zooms): focus moves into a popup opened from the keyboard and back to its marker on Escape. */
  function keyboardSupport(map, canvas) {
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
    var points = pointsOf(root);
    var siteRoot = new URL(root.dataset.site, location.href);
    var state = { map: null, live: null, starting: null, gone: false, removeKeys: null, first: null };
    root.hidden = false;

    function theme() { return select.value; }
    function show() {
      var chosen = theme();
      var option = select.options[select.selectedIndex];
      var match = / \((\d+)\)$/.exec(option.text);
      status.textContent = chosen
        ? "Showing " + match[1] + " of " + total + " stories: " + option.text.replace(/ \(\d+\)$/, "") + "."
        : total === 1 ? "Showing the one story." : "Showing all " + total + " stories.";
      (state.live || state.first).show(chosen);
    }

    /* Leaflet, on the first view's exact view (zoomSnap 0 for the fit), then the usual steps. */
    function goLive() {
      if (!state.starting) {
        state.starting = Promise.all([loadLeaflet(), fetchJSON(new URL(root.dataset.outline, location.href))])
          .then(function (loaded) {
            if (state.gone) return;
            var focusedAt = state.first.focusedAt();
            state.first.remove();
            var map = (state.map = L.map(canvas, {
              maxZoom: Number(root.dataset.tileMaxZoom),
              minZoom: points.levelFor(0),
              zoomSnap: 0,
              maxBounds: L.latLngBounds(points.bounds).pad(0.5),
            }));
            map.fitBounds(points.bounds);
            map.options.zoomSnap = 0.25;
            state.land = L.geoJSON(loaded[1], {
              interactive: false,
              style: function (feature) { // the UK's nations, and its neighbours drawn fainter for context
                return { className: feature.properties.nation ? "stories-map__land" : "stories-map__land stories-map__land--abroad" };
              },
            }).addTo(map);
            state.live = liveLayer(map, points, root, siteRoot, canvas, theme());
            if (focusedAt) state.live.focus(focusedAt);
            state.removeKeys = keyboardSupport(map, canvas);
            if (streetMapChosen) showStreetMap();
            return state.live.refresh();
          }).then(function () {
            if (!state.gone) root.dataset.mapLive = "true"; // Leaflet has drawn the first view again
          });
        state.starting.catch(function (error) { state.starting = null; if (!state.gone) showFailure(canvas, error); });
      }
      return state.starting;
    }
    function showStreetMap() {
      streetMapChosen = true;
      state.map.removeLayer(state.land);
      tileLayer(root).addTo(state.map);
      canvas.classList.add("stories-map__canvas--tiles");
      offer.hidden = true;
    }

    state.first = facade(canvas, points, function (spot) {
      goLive().then(function () { state.live.open(spot); });
    });
    cleanups.push(function () {
      state.gone = true;
      if (state.removeKeys) state.removeKeys();
      if (state.map) state.map.remove();
      else state.first.remove();
    });
    // A reader reaching for the map: start Leaflet now, so that it is there for the first drag.
    ["pointerenter", "focusin", "touchstart", "wheel"].forEach(function (type) {
      canvas.addEventListener(type, function () { goLive(); }, { once: true, passive: true });
    });
    select.addEventListener("change", show);
    button.addEventListener("click", function () {
      goLive().then(function () {
        showStreetMap();
        canvas.focus();
      });
    });
    state.first.load().then(function () {
      if (state.gone) return;
      show(); // a theme chosen before the page was ready (or kept by the browser)
      // The first view is drawn and the filter works: tests wait for this, and
      // bench/README.md (first visit, the Map page) has its cost.
      root.dataset.mapReady = "true";
      root.dataset.mapReadyMs = String(Math.round(performance.now()));
    }).catch(function (error) { if (!state.gone) showFailure(canvas, error); });
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
          state.removeKeys = keyboardSupport(map, canvas);
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

  /* On a first page load with the map, fetch the first view's clusters now, while the theme is
     still setting the page up; document$ fires only once that is done. */
  var early = document.querySelector("[data-stories-map]");
  if (early) {
    var levels = early.dataset.levels.split(" ");
    fetchJSON(new URL(levels[1] + ".json", new URL(early.dataset.points, location.href))).catch(function () {});
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
