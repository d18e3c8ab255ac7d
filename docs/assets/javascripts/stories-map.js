/* The maps' loader, on every page: the maps' code (maps.js, beside this file) is fetched only by
 * a page that has a map, so the other pages do not carry it. maps.js starts each map from
 * Material's document$ (a replaying stream: it hands over the current page too), and after
 * instant navigation this loader looks again. */
(function () {
  "use strict";

  var code = new URL("maps.js", document.currentScript.src).href;
  var loading = false;

  function look() {
    if (loading || !document.querySelector("[data-stories-map], [data-story-map]")) return;
    loading = true;
    var script = document.createElement("script");
    script.src = code;
    script.onerror = function () { loading = false; };
    document.head.appendChild(script);
  }

  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(look);
  } else {
    look();
  }
})();
