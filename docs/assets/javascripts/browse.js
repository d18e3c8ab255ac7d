/* Browsing and sharing in the page: the Stories page filter and the Mastodon share form.
 *
 * Material's instant navigation swaps pages without reloading, so everything starts from its
 * document$ observable, which emits once for every page shown. Without JavaScript, the filter's
 * choices are plain links to theme and place pages and the Mastodon form gives text to copy
 * (see storysite/browse_pages.py and overrides/partials/story-share.html). */

(function () {
  "use strict";

  /* Stories page filter ----------------------------------------------------------------------- */

  function setUpFilter(root) {
    var form = root.querySelector("form");
    var selects = { theme: form.elements.theme, nation: form.elements.nation };
    var status = root.querySelector("[data-filter-status]");
    var empty = root.querySelector("[data-filter-empty]");
    var cards = Array.prototype.slice.call(document.querySelectorAll(".story-cards .story-card"));

    function matches(card, theme, nation) {
      return (!theme || (card.getAttribute("data-themes") || "").split(" ").indexOf(theme) !== -1) &&
             (!nation || card.getAttribute("data-nation") === nation);
    }

    function apply() {
      var theme = selects.theme.value, nation = selects.nation.value, shown = 0;
      cards.forEach(function (card) {
        var show = matches(card, theme, nation);
        card.hidden = !show;
        if (show) shown += 1;
      });
      var noun = cards.length === 1 ? "story" : "stories";
      status.textContent = theme || nation
        ? "Showing " + shown + " of " + cards.length + " " + noun
        : "Showing all " + cards.length + " " + noun;
      empty.hidden = shown !== 0;
    }

    function writeUrl() {
      var url = new URL(location.href);
      Object.keys(selects).forEach(function (name) {
        if (selects[name].value) url.searchParams.set(name, selects[name].value);
        else url.searchParams.delete(name);
      });
      // Keep Material's own history state: instant navigation stores scroll positions in it.
      history.replaceState(history.state, "", url.pathname + url.search + url.hash);
    }

    function readUrl() {
      var params = new URLSearchParams(location.search);
      Object.keys(selects).forEach(function (name) {
        var wanted = params.get(name) || "";
        var known = Array.prototype.some.call(selects[name].options, function (o) { return o.value === wanted; });
        selects[name].value = known ? wanted : "";
      });
    }

    form.addEventListener("change", function () { apply(); writeUrl(); });
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    root.querySelector("[data-filter-reset]").addEventListener("click", function () {
      selects.theme.value = "";
      selects.nation.value = "";
      apply();
      writeUrl();
    });
    readUrl();
    apply();
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
