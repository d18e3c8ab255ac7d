/* Copy buttons on the Subscribe page: feed addresses, and the embed code blocks.
   The buttons are `hidden` in the HTML, so without JavaScript readers see only the plain links,
   which they can copy from the browser's own menu. Material's instant navigation swaps pages
   without reloading, so the buttons are wired on every page change through `document$`. */
(function () {
  "use strict";

  function statusRegion() {
    var status = document.querySelector(".feeds-copy-status");
    if (!status) {
      status = document.createElement("p");
      status.className = "feeds-copy-status feeds-visually-hidden";
      status.setAttribute("role", "status");
      var content = document.querySelector(".md-content__inner") || document.body;
      content.appendChild(status);
    }
    return status;
  }

  function copyText(text) {
    if (navigator.clipboard && window.isSecureContext) {
      return navigator.clipboard.writeText(text);
    }
    // Older browsers and plain-http pages: copy from a temporary, off-screen text field.
    return new Promise(function (resolve, reject) {
      var field = document.createElement("textarea");
      field.value = text;
      field.setAttribute("readonly", "");
      field.style.position = "fixed";
      field.style.left = "-9999px";
      document.body.appendChild(field);
      field.select();
      var copied = false;
      try { copied = document.execCommand("copy"); } catch (error) { copied = false; }
      document.body.removeChild(field);
      if (copied) { resolve(); } else { reject(new Error("copy refused")); }
    });
  }

  function wire() {
    var buttons = document.querySelectorAll("button[data-feed-copy]");
    if (!buttons.length) { return; }
    var status = statusRegion();
    buttons.forEach(function (button) {
      if (button.dataset.feedCopyReady) { return; }
      var row = document.getElementById(button.dataset.feedCopy);
      var link = row && row.querySelector('a[data-feed-format="rss"]');
      if (!link) { return; }
      button.dataset.feedCopyReady = "yes";
      button.hidden = false;
      button.addEventListener("click", function () {
        var address = link.href;  // the browser has already made it absolute
        var name = row.querySelector(".feeds-list__name").textContent;
        copyText(address).then(function () {
          status.textContent = "Copied the RSS feed address for " + name + ". Paste it into your feed reader.";
          button.classList.add("feeds-copy--done");
        }, function () {
          status.textContent = "Your browser did not allow copying. The address is " + address;
        });
      });
    });
  }

  function wireCodeButtons() {
    document.querySelectorAll("button[data-copy-code]").forEach(function (button) {
      if (button.dataset.copyReady) { return; }
      var block = document.getElementById(button.dataset.copyCode);
      if (!block) { return; }
      var status = statusRegion();
      button.dataset.copyReady = "yes";
      button.hidden = false;
      button.addEventListener("click", function () {
        var code = block.querySelector("code").textContent.trim();
        copyText(code).then(function () {
          status.textContent = "Copied the embed code. Paste it into your page's HTML.";
          button.classList.add("feeds-copy--done");
        }, function () {
          status.textContent = "Your browser did not allow copying. Select the code and copy it by hand.";
        });
      });
    });
  }

  function wireAll() { wire(); wireCodeButtons(); }

  if (typeof document$ !== "undefined") {
    document$.subscribe(wireAll);
  } else {
    document.addEventListener("DOMContentLoaded", wireAll);
  }
})();
