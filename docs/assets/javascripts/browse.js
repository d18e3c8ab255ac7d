/* Browsing and sharing in the page: the theme and nation filter and the Mastodon share form.
 *
 * Material's instant navigation swaps pages without reloading, so everything starts from its
 * document$ observable, which emits once for every page shown. Without JavaScript, the filter's
 * choices are plain links to theme and place pages and the Mastodon form gives text to copy
 * (see overrides/partials/story-filter.html and story-share.html). */

(function () {
  "use strict";

  /* Theme and nation filter ------------------------------------------------------------------ */

  // Listings are paginated, so the filter cannot hide cards in place: each choice is a static page
  // holding exactly its stories (a theme's, a nation's, or a theme in a nation), and "Show
  // stories" goes there. The form's data-targets maps 'theme|nation' ('' for any) to
  // [that page's address relative to this one, or '' when there is none; its number of stories].

  function setUpFilter(root) {
    var form = root.querySelector("form");
    var selects = { theme: form.elements.theme, nation: form.elements.nation };
    var status = root.querySelector("[data-filter-status]");
    var targets = JSON.parse(form.getAttribute("data-targets"));

    function target(theme, nation) {
      return targets[theme + "|" + nation] || ["", 0];
    }

    function nameOf(select) {
      return select.options[select.selectedIndex].getAttribute("data-name");
    }

    // The counts in each list follow the choice in the other: how many stories a choice would show.
    function updateCounts() {
      Array.prototype.forEach.call(selects.theme.options, function (option) {
        option.textContent = option.getAttribute("data-name") + " (" +
          target(option.value, selects.nation.value)[1].toLocaleString("en-GB") + ")";
      });
      Array.prototype.forEach.call(selects.nation.options, function (option) {
        option.textContent = option.getAttribute("data-name") + " (" +
          target(selects.theme.value, option.value)[1].toLocaleString("en-GB") + ")";
      });
    }

    // Only a theme in a nation can be empty (every theme and nation has its page); say so and stay.
    function go(replace) {
      var found = target(selects.theme.value, selects.nation.value);
      if (!found[0]) {
        status.textContent = "No stories about " + nameOf(selects.theme) + " from " + nameOf(selects.nation) +
          " yet. Choose another theme or nation.";
        return;
      }
      var url = new URL(found[0], location.href).href;
      if (replace) location.replace(url);
      else location.assign(url);
    }

    selects.theme.addEventListener("change", updateCounts);
    selects.nation.addEventListener("change", updateCounts);
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      go(false);
    });

    // Old shared links (/stories/?theme=energy&nation=wales, from when the filter hid cards in
    // place) lead to the page that now lists those stories. Unknown values are ignored.
    var params = new URLSearchParams(location.search);
    var asked = false;
    Object.keys(selects).forEach(function (name) {
      var wanted = params.get(name);
      if (!wanted) return;
      var known = Array.prototype.some.call(selects[name].options, function (o) { return o.value === wanted; });
      if (known) {
        selects[name].value = wanted;
        asked = true;
      }
    });
    updateCounts();
    if (asked) go(true);
  }

  /* Mastodon: ask for the reader's server, then open its share page ------------------------- */

  // "mastodon.social", "https://mastodon.social/", "@me@mastodon.social" -> "mastodon.social"
  function serverHost(text) {
    var value = text.trim().replace(/^[a-z]+:\/\//i, "");
    var at = value.lastIndexOf("@");
    if (at !== -1) value = value.slice(at + 1);
    value = value.split(/[\/?#\s]/)[0];
    if (!/^[^.\s]+(\.[^.\s]+)+(:\d+)?$/.test(value)) return null;
    try {
      return new URL("https://" + value).host;
    } catch (error) {
      return null;
    }
  }

  function setUpMastodon(details) {
    var form = details.querySelector("form");
    var input = form.elements.server;
    var error = form.querySelector("[data-mastodon-error]");
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var host = serverHost(input.value);
      if (!host) {
        error.textContent = "Type your server's address, such as mastodon.social.";
        input.setAttribute("aria-invalid", "true");
        input.focus();
        return;
      }
      error.textContent = "";
      input.removeAttribute("aria-invalid");
      var text = form.getAttribute("data-share-text");
      location.assign("https://" + host + "/share?text=" + encodeURIComponent(text));
    });
    details.addEventListener("toggle", function () {
      if (details.open) input.focus();
    });
  }

  /* Start on every page Material shows -------------------------------------------------------- */

  function start() {
    // Material's "Copied to clipboard" message (used by the copy-link button) is not announced
    // by screen readers unless its box is a live region.
    var dialog = document.querySelector(".md-dialog .md-dialog__inner");
    if (dialog) dialog.setAttribute("role", "status");
    var filter = document.querySelector("[data-story-filter]");
    if (filter) setUpFilter(filter);
    var mastodon = document.querySelector("[data-mastodon-share]");
    if (mastodon) setUpMastodon(mastodon);
  }

  if (typeof document$ !== "undefined") document$.subscribe(start);
  else document.addEventListener("DOMContentLoaded", start);
})();
