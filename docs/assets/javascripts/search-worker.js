/* Material's search box, answered by Pagefind.

   Material's bundle runs its search in a web worker and talks to it with four messages (see
   Material's src/templates/assets/javascripts/integrations/search/worker/message/index.ts):
     SETUP (0)  page -> worker  { config, docs, options: { suggest } }   the reader reached for search
     READY (1)  worker -> page                                           the box may send queries
     QUERY (2)  page -> worker  "the query as typed"
     RESULT (3) worker -> page  { items: SearchItem[][], suggest?: string[] }
   mkdocs.yml's __config "search" key names this file instead of Material's worker (overrides/
   main.html), so Material's dialog, keyboard handling and result list stay exactly as they are
   while the index is Pagefind's: a small entry file, then only the chunks a query needs.

   The page sends SETUP only once the reader focuses or opens search (partials/search-defer.html
   holds back the tiny search/search_index.json that SETUP waits for), so nothing of Pagefind
   is fetched before that. pagefind.js is an ES module: it is loaded with import(), and inside a
   worker it searches in this thread (it starts its own worker only on a page). */

var SETUP = 0, READY = 1, QUERY = 2, RESULT = 3;
var SHOWN = 20;        // results whose text is fetched and listed (one small fragment file each)
var EXCERPT = 24;      // words of text under each result, about as much as Material showed
var SECTIONS = 3;      // headings inside a page listed under it, as Material lists sections
var pagefind = null;   // a promise of the Pagefind module, started by SETUP
var suggest = false;   // search.suggest in mkdocs.yml's theme features
var latest = 0;        // the newest query's number: answers to older queries are dropped
var PAUSE = 250;       // ms without a keystroke before searching: Material sends a query per key,
                       // and each search fetches index chunks and fragments (Pagefind's UI waits 300)

function load() {
  var url = new URL("../../pagefind/pagefind.js", self.location.href).href;
  return import(url).then(function (module) {
    return module.options({ excerptLength: EXCERPT }).then(function () { return module.init(); })
      .then(function () { return module; });
  });
}

function escapeText(text) {
  return String(text).replace(/[&<>"']/g, function (c) {
    return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c];
  });
}

// Pagefind's URLs start at the site's root ("/stories/x/"); Material resolves a result's
// location against the site's base, so the site may live under a sub-path (GitHub Pages).
function sitePath(url) {
  return url.replace(/^\//, "");
}

function words(query) {
  return query.toLowerCase().split(/[\s\-]+/).filter(Boolean);
}

function item(loc, title, excerpt, score, terms) {
  // Material prints title and text as HTML: the title is escaped here, Pagefind's excerpt is
  // escaped text with <mark> around the matches already.
  return { location: loc, title: escapeText(title), text: excerpt ? "<p>" + excerpt + "</p>" : "",
           score: score, terms: terms };
}

// Pagefind's excerpt often starts inside the page's <h1>, which Material's result shows just
// above it. So the words shown start after the title: at the first match in the text, or, when
// only the title matched, at the summary that follows it (as Material's teaser did).
function teaser(data) {
  var title = (data.meta.title || "").trim(), words = (data.raw_content || "").split(/[\r\n\s]+/g);
  var skip = title ? title.split(/\s+/).length : 0;
  if (!skip || words.slice(0, skip).join(" ").indexOf(title) !== 0) return data.excerpt;
  var marked = (data.locations || []).filter(function (at) { return at >= skip; });
  var start = marked.length ? Math.max(skip, marked[0] - 4) : skip;
  var shown = words.slice(start, start + EXCERPT).map(function (word, i) {
    return marked.indexOf(start + i) >= 0 ? "<mark>" + word + "</mark>" : word;
  });
  return shown.join(" ");
}

function group(data, score, terms) {
  var page = sitePath(data.url);
  var items = [item(page, data.meta.title || page, teaser(data), score, terms)];
  (data.sub_results || []).filter(function (sub) { return sub.url.indexOf("#") > 0; })
    .slice(0, SECTIONS).forEach(function (sub, i) {
      // Lower than the page's own score: Material folds them into "N more on this page".
      items.push(item(sitePath(sub.url), sub.title, sub.excerpt, score * (0.5 - i * 0.01), terms));
    });
  return items;
}

// The word Material's box would complete the last typed word with: the first marked word in
// the best result that begins with it (Pagefind matches the last word as a prefix).
function suggestion(query, groups) {
  var last = words(query).pop();
  if (!last || !groups.length) return [];
  var marked = (groups[0][0].title + " " + groups[0][0].text).match(/<mark>[^<]*<\/mark>/g) || [];
  for (var i = 0; i < marked.length; i++) {
    var word = marked[i].slice(6, -7).toLowerCase().replace(/[^\p{L}\p{N}'’]+/gu, "");
    if (word.length > last.length && word.indexOf(last) === 0) return [word];
  }
  return [];
}

function answer(query, number) {
  if (!query.trim()) return Promise.resolve({ items: [] });
  return pagefind.then(function (module) {
    return module.search(query);
  }).then(function (search) {
    if (number !== latest) return null;
    var found = search.results.slice(0, SHOWN);
    return Promise.all(found.map(function (result) { return result.data(); })).then(function (pages) {
      var terms = {};
      words(query).forEach(function (word) { terms[word] = true; });  // Pagefind needs every word
      var groups = pages.map(function (data, i) {
        // Material's Enter opens the highest score: keep Pagefind's order however it scores.
        return group(data, Math.max(found[i].score, 0) + (found.length - i), terms);
      });
      var result = { items: groups };
      if (suggest) result.suggest = suggestion(query, groups);
      return result;
    });
  });
}

self.addEventListener("message", function (event) {
  var message = event.data;
  if (message.type === SETUP) {
    suggest = !!(message.data.options && message.data.options.suggest);
    if (!pagefind) pagefind = load();
    pagefind.then(function () { self.postMessage({ type: READY }); },
                  function (error) { console.error("Search could not load its index:", error); });
  } else if (message.type === QUERY) {
    var number = ++latest, query = String(message.data);
    setTimeout(function () {
      if (number !== latest) return;  // the reader typed on
      answer(query, number).then(function (result) {
        if (result && number === latest) self.postMessage({ type: RESULT, data: result });
      }, function (error) { console.error("Search failed:", error); });
    }, query.trim() ? PAUSE : 0);
  }
});
