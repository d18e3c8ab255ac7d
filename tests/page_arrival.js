// The page as a browser draws it while it is still arriving, at every point from the first paint:
// the document up to each element or text after the mark the first paint waits for
// (partials/paint-from-content.html), as the HTML parser would have built it. For each such point,
// which boxes a reader could see stand somewhere other than where they stand once the page has
// arrived (a layout shift, which the reader sees as the page jumping).
//
// The page is cut in place: what has not arrived is taken out, measured, and put back. Left out,
// as no CSS can avoid them: a text node arriving in halves (only where the network splits it)
// and inline elements, whose boxes are their lines, reflowing as words arrive.
// Argument: {mark: the mark's id, height: the viewport's height}.
({mark, height}) => {
  const start = document.getElementById(mark);
  if (!start) return {error: `no element #${mark} on the page`};
  const width = innerWidth;
  const nodes = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_ELEMENT | NodeFilter.SHOW_TEXT, {
    acceptNode: n => n.parentElement && n.parentElement.closest("script, style, svg")
      ? NodeFilter.FILTER_REJECT : NodeFilter.FILTER_ACCEPT});
  let after = false;
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    if (after) nodes.push(n);
    else if (n === start) after = true;
  }
  const boxes = [...document.body.querySelectorAll("*")].filter(e =>
    !e.closest("svg *") && getComputedStyle(e).display !== "inline");
  const place = e => {
    const r = e.getBoundingClientRect();
    const seen = r.width > 0 && r.height > 0 && r.bottom > 0 && r.top < height && r.right > 0 &&
      r.left < width && e.checkVisibility({visibilityProperty: true, opacityProperty: true});
    return {x: r.x, y: r.y, seen};
  };
  const final = new Map(boxes.map(e => [e, place(e)]));
  const name = e => e.tagName.toLowerCase() + (e.id ? "#" + e.id : "") +
    (typeof e.className === "string" && e.className.trim() ? "." + e.className.trim().split(/\s+/).join(".") : "");
  const what = n => n.nodeType === Node.ELEMENT_NODE ? `<${name(n)}>` : JSON.stringify(n.data.trim().slice(0, 40));
  const moved = [];
  const reported = new Set();
  let points = 0;
  for (const node of nodes) {
    // Take out this node and everything after it: it has not arrived yet.
    const out = [];
    for (let s = node; s; s = s.nextSibling) out.push([s, node.parentNode]);
    for (let a = node.parentNode; a !== document.body; a = a.parentNode)
      for (let s = a.nextSibling; s; s = s.nextSibling) out.push([s, a.parentNode]);
    for (const [n] of out) n.remove();
    points++;
    for (const e of boxes) {
      if (reported.has(e) || !e.isConnected) continue;
      const now = place(e), then = final.get(e);
      if (now.seen && (Math.abs(now.x - then.x) >= 1 || Math.abs(now.y - then.y) >= 1)) {
        reported.add(e);
        moved.push(`${name(e)} drawn at (${Math.round(now.x)}, ${Math.round(now.y)}) before ` +
          `${what(node)} arrived, then at (${Math.round(then.x)}, ${Math.round(then.y)})`);
      }
    }
    // Put it back, nearest first: each node goes back to the end of its parent, in order.
    for (const [n, parent] of out) parent.appendChild(n);
    // Past the first screen, nothing arriving moves what a reader is looking at.
    if (node.nodeType === Node.ELEMENT_NODE && node.getBoundingClientRect().top > height) break;
  }
  return {points, moved};
}
