// What Chromium paints of the loaded page, text node by text node: evaluated by
// reprint.formats.html.browser after the page has run its scripts. The argument
// holds the tables and thresholds shared with the static reader; the result is
// plain JSON: visible blocks, hidden runs with their reason, and the metadata.
(args) => {
  const TAG_REGIONS = args.tagRegions;
  const ROLE_REGIONS = args.roleRegions;
  const WEAK_REGIONS = new Set(args.weakRegions);
  const TAG_REASONS = args.tagReasons;
  const INLINE = new Set(["inline", "inline-block", "inline-flex", "inline-grid",
    "contents", "ruby", "ruby-text", "inline-table"]);
  const PRE = new Set(["pre", "pre-wrap", "pre-line", "break-spaces"]);
  const NOTE = /(foot|end)note/i;
  const BREAK = "\u0000";
  const DEPTH = 3;
  const view = document.defaultView;
  const scrollX = view.scrollX, scrollY = view.scrollY;
  const root = document.documentElement;
  // The document's scrollable area, in viewport coordinates: nothing left of or
  // above the origin can be scrolled to.
  const area = root ? {
    left: -scrollX, top: -scrollY,
    right: Math.max(root.scrollWidth, view.innerWidth) - scrollX,
    bottom: Math.max(root.scrollHeight, view.innerHeight) - scrollY,
  } : null;

  const blocks = [];
  const hidden = [];
  let pieces = [];
  let hiddenPieces = [];
  let hiddenOwner = null;  // {key, region, detail, reason}

  const describe = (el) => {
    if (el.id) return `${el.localName}#${el.id}`;
    const cls = (el.getAttribute("class") || "").trim().split(/\s+/)[0];
    return cls ? `${el.localName}.${cls}` : el.localName;
  };
  const regionOf = (el, parent) => {
    let region = TAG_REGIONS[el.localName] || null;
    const role = el.getAttribute("role");
    if (role !== null) region = ROLE_REGIONS[role.trim().toLowerCase()] || region;
    if (region === null) {
      const m = NOTE.exec(`${el.getAttribute("class") || ""} ${el.id || ""}`);
      if (m) region = m[1].toLowerCase() === "end" ? "endnote" : "footnote";
    }
    if (region === null || (WEAK_REGIONS.has(region) && parent !== "body")) {
      return parent;
    }
    return region;
  };
  const collapse = (text) => text.replace(/[ \t\n\r\f]+/g, " ").trim();
  const flushVisible = (ctx) => {
    if (!pieces.length) return;
    let text = pieces.join("");
    pieces = [];
    if (ctx.pre) {
      text = text.split(BREAK).join("\n").replace(/^\n+|\s+$/g, "");
    } else {
      text = text.split(BREAK).map(collapse).join("\n").replace(/^\n+|\n+$/g, "");
    }
    if (text) blocks.push({text, region: ctx.region, detail: ctx.detail});
  };
  const flushHidden = () => {
    if (hiddenOwner && hiddenPieces.length) {
      const text = collapse(hiddenPieces.join(""));
      if (text) {
        hidden.push({text, region: hiddenOwner.region, detail: hiddenOwner.detail,
          reason: hiddenOwner.reason});
      }
    }
    hiddenPieces = [];
    hiddenOwner = null;
  };
  const addHidden = (owner, text) => {
    if (!hiddenOwner || hiddenOwner.key !== owner.key
        || hiddenOwner.reason !== owner.reason) {
      flushHidden();
      hiddenOwner = owner;
    }
    hiddenPieces.push(text);
  };

  // --- colour: WCAG 2.x relative luminance and contrast ratio ----------------
  const parseColour = (value) => {
    const m = /rgba?\(([^)]*)\)/.exec(value || "");
    if (!m) return null;
    const parts = m[1].split(/[\s,/]+/).filter(Boolean).map(parseFloat);
    if (parts.length < 3 || parts.some(Number.isNaN)) return null;
    return [parts[0], parts[1], parts[2], parts.length > 3 ? parts[3] : 1];
  };
  const over = (top, under) => {  // top (with alpha) composited over opaque under
    const a = top[3];
    return [0, 1, 2].map((i) => top[i] * a + under[i] * (1 - a)).concat([1]);
  };
  const channel = (c) => {
    const s = c / 255;
    return s <= 0.04045 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  };
  const luminance = (c) =>
    0.2126 * channel(c[0]) + 0.7152 * channel(c[1]) + 0.0722 * channel(c[2]);
  const contrast = (a, b) => {
    const la = luminance(a), lb = luminance(b);
    return (Math.max(la, lb) + 0.05) / (Math.min(la, lb) + 0.05);
  };
  const filterOpacity = (filter) => {
    let factor = 1;
    for (const m of (filter || "").matchAll(/opacity\(\s*([\d.]+)(%?)\s*\)/g)) {
      factor *= parseFloat(m[1]) / (m[2] ? 100 : 1);
    }
    return factor;
  };
  const intersect = (a, b) => ({
    left: Math.max(a.left, b.left), top: Math.max(a.top, b.top),
    right: Math.min(a.right, b.right), bottom: Math.min(a.bottom, b.bottom),
  });
  const paddingBox = (el, cs) => {
    const r = el.getBoundingClientRect();
    return {
      left: r.left + (parseFloat(cs.borderLeftWidth) || 0),
      top: r.top + (parseFloat(cs.borderTopWidth) || 0),
      right: r.right - (parseFloat(cs.borderRightWidth) || 0),
      bottom: r.bottom - (parseFloat(cs.borderBottomWidth) || 0),
    };
  };
  const length = (value, size) => {
    const m = /^(-?[\d.]+)(px|%)?$/.exec(value.trim());
    if (!m) return 0;
    return m[2] === "%" ? parseFloat(m[1]) * size / 100 : parseFloat(m[1]);
  };
  // The part of the border box that clip-path (inset, circle, ellipse) or clip
  // leaves; other shapes are taken as the whole box.
  const clipOf = (el, cs) => {
    let box = null;
    const path = cs.clipPath;
    if (path && path !== "none") {
      const r = el.getBoundingClientRect();
      box = {left: r.left, top: r.top, right: r.right, bottom: r.bottom};
      const inset = /^inset\(([^)]*)\)/.exec(path);
      const round = /^(circle|ellipse)\(\s*(0(px|%)?)(\s|\)|$)/.exec(path);
      if (inset) {
        const v = inset[1].split(" round ")[0].trim().split(/\s+/);
        const [t, rt, b, l] = [v[0], v[1] || v[0], v[2] || v[0], v[3] || v[1] || v[0]];
        box = {left: r.left + length(l, r.width), right: r.right - length(rt, r.width),
          top: r.top + length(t, r.height), bottom: r.bottom - length(b, r.height)};
      } else if (round) {
        box = {left: 0, top: 0, right: 0, bottom: 0};
      }
    }
    if (cs.clip && cs.clip !== "auto" && /absolute|fixed/.test(cs.position)) {
      const m = /rect\(([^)]*)\)/.exec(cs.clip);
      if (m) {
        const r = el.getBoundingClientRect();
        const v = m[1].split(/[\s,]+/).map((x) => (x === "auto" ? null : parseFloat(x)));
        const c = {top: r.top + (v[0] ?? 0), right: r.left + (v[1] ?? r.width),
          bottom: r.top + (v[2] ?? r.height), left: r.left + (v[3] ?? 0)};
        box = box ? intersect(box, c) : c;
      }
    }
    return box;
  };
  // Why an element checkVisibility() refuses is hidden: the first cause found.
  const reasonOf = (el) => {
    for (let a = el; a; a = a.parentElement) {
      const tagReason = TAG_REASONS[a.localName];
      if (tagReason) return {reason: tagReason, owner: a};
      const s = view.getComputedStyle(a);
      if (s.display === "none") {
        return {reason: a.hasAttribute("hidden") ? "hidden-attribute" : "display-none",
          owner: a};
      }
    }
    if (view.getComputedStyle(el).visibility !== "visible") {
      let owner = el;
      while (owner.parentElement
          && view.getComputedStyle(owner.parentElement).visibility !== "visible") {
        owner = owner.parentElement;
      }
      return {reason: "visibility-hidden", owner};
    }
    for (let a = el; a; a = a.parentElement) {
      if (parseFloat(view.getComputedStyle(a).opacity) === 0) {
        return {reason: "transparent", owner: a};
      }
    }
    let owner = el;
    for (let a = el; a; a = a.parentElement) {
      const cv = view.getComputedStyle(a).contentVisibility;
      if (cv === "hidden" || a.localName === "details") { owner = a; break; }
    }
    return {reason: "not-rendered", owner};
  };
  // The hidden text of a markup string (noscript content is raw text with
  // scripting on), as the static reader reads it.
  const markupText = (text) => {
    const doc = document.implementation.createHTMLDocument("");
    doc.body.innerHTML = text;
    return doc.body.textContent || "";
  };
  const cssString = (content) => {
    // A computed content value: "..." strings, counters and attr() resolved
    // to strings already; keep only the quoted strings.
    const out = [];
    for (const m of content.matchAll(/"((?:[^"\\]|\\.)*)"/g)) {
      out.push(m[1].replace(/\\([0-9a-fA-F]{1,6})\s?/g,
        (_, h) => String.fromCodePoint(parseInt(h, 16))).replace(/\\(.)/g, "$1"));
    }
    return out.join("");
  };

  let masked = 0;  // text runs under a CSS mask
  // Whether one text node (of a visible element) is painted, and if not why.
  const textVerdict = (node, ctx) => {
    const range = document.createRange();
    range.selectNodeContents(node);
    const rects = [...range.getClientRects()].filter((r) => r.width > 0 && r.height > 0);
    if (!rects.length) {
      return node.parentElement.getClientRects().length ? "clipped" : "not-rendered";
    }
    if (ctx.fontSize < args.tinyPx || Math.max(...rects.map((r) => r.height)) < args.tinyPx) {
      return "tiny-text";
    }
    let seen = false, inArea = false;
    for (const r of rects) {
      const inside = intersect(r, area);
      if (inside.right - inside.left <= 0 || inside.bottom - inside.top <= 0) continue;
      inArea = true;
      const shown = ctx.clip ? intersect(inside, ctx.clip) : inside;
      if (shown.right - shown.left > args.clippedPx && shown.bottom - shown.top > args.clippedPx) {
        seen = true;
        break;
      }
    }
    if (!seen) return inArea ? "clipped" : "off-page";
    if (ctx.opacity * ctx.colour[3] < args.minOpacity) return "transparent";
    // A mask paints through an image's alpha, which no computed style tells:
    // its text is taken as unpainted, and the page says so.
    if (ctx.masked) {
      masked += 1;
      return "not-painted";
    }
    if (!ctx.bgUnknown && !ctx.outlined) {
      const painted = over([ctx.colour[0], ctx.colour[1], ctx.colour[2],
        ctx.colour[3] * ctx.opacity], ctx.bg);
      if (contrast(painted, ctx.bg) < args.minContrast) return "same-colour-as-background";
    }
    return null;
  };

  // A painted <img> or CSS background image at least args.minImagePx in its
  // shown box may carry text (a credit set as a logo or a banner): noted, after
  // the text run it stands in, for OCR.
  const images = [];
  window.__reprintImages = [];
  const noteImage = (el, ctx, background) => {
    // One that did not load or decode paints a broken-image box, not the image.
    if (!background && (!el.complete || !el.naturalWidth)) return;
    const r = el.getBoundingClientRect();
    const inside = intersect(r, area);
    const shown = ctx.clip ? intersect(inside, ctx.clip) : inside;
    if (shown.right - shown.left < args.minImagePx[0]
        || shown.bottom - shown.top < args.minImagePx[1]) return;
    const pending = pieces.some((p) => /[^ \t\n\r\f\u0000]/.test(p));
    images.push({after: blocks.length + (pending ? 1 : 0), region: ctx.region,
      detail: ctx.detail, background});
    window.__reprintImages.push(el);
  };

  const visit = (el, parent) => {
    const tag = el.localName;
    const cs = view.getComputedStyle(el);
    const isBlock = !INLINE.has(cs.display) && cs.display !== "none";
    const ctx = Object.assign({}, parent);
    ctx.el = el;
    if (tag in TAG_REGIONS || (isBlock && el.attributes.length)) {
      ctx.region = regionOf(el, parent.region);
    }
    if (isBlock && tag !== "html" && tag !== "body") {
      ctx.path = parent.path.slice(1 - DEPTH).concat([describe(el)]);
      ctx.detail = ctx.path.join(" > ");
    }
    ctx.pre = PRE.has(cs.whiteSpace) || tag === "textarea";
    // checkVisibility() judges display, content-visibility, visibility and opacity
    // through the ancestors; visibility: visible shows a child of a hidden parent.
    const canShow = parent.visible || parent.hiddenReason === "visibility-hidden";
    ctx.visible = canShow && el.checkVisibility({opacityProperty: true,
      visibilityProperty: true, contentVisibilityAuto: true});
    if (!ctx.visible && canShow) {
      const why = reasonOf(el);
      ctx.hiddenReason = why.reason;
      ctx.hiddenOwner = {key: why.owner, reason: why.reason, region: ctx.region,
        detail: describe(why.owner)};
    } else if (ctx.visible) {
      ctx.hiddenReason = null;
      ctx.hiddenOwner = null;
    } else if (TAG_REASONS[tag]) {  // a <title> in <head>: its own reason
      ctx.hiddenReason = TAG_REASONS[tag];
      ctx.hiddenOwner = {key: el, reason: ctx.hiddenReason, region: ctx.region,
        detail: describe(el)};
    }
    {
      ctx.fontSize = parseFloat(cs.fontSize);
      ctx.opacity = parent.opacity * parseFloat(cs.opacity) * filterOpacity(cs.filter);
      ctx.colour = parseColour(cs.webkitTextFillColor) || parseColour(cs.color) || [0, 0, 0, 1];
      ctx.outlined = cs.textShadow !== "none" || parseFloat(cs.webkitTextStrokeWidth) > 0;
      const mask = cs.maskImage || cs.webkitMaskImage || "none";
      ctx.masked = parent.masked || (mask !== "none" && mask !== "");
      const bg = parseColour(cs.backgroundColor);
      if (cs.backgroundImage && cs.backgroundImage !== "none") ctx.bgUnknown = true;
      if (bg && bg[3] > 0) {
        ctx.bg = over(bg, parent.bg);
        if (bg[3] >= 1) ctx.bgUnknown = cs.backgroundImage !== "none";
      }
      if (cs.position === "fixed") ctx.clip = null;
      // Overflow is clipped at the padding box: inside the borders, which a
      // box-sizing: border-box height includes.
      const own = cs.overflowX !== "visible" || cs.overflowY !== "visible"
        ? paddingBox(el, cs) : null;
      const shape = clipOf(el, cs);
      for (const box of [own, shape]) {
        if (box) ctx.clip = ctx.clip ? intersect(ctx.clip, box) : box;
      }
    }
    if (isBlock && ctx.visible) flushVisible(parent);
    if (isBlock) flushHidden();
    if (tag === "img" && ctx.visible) {
      noteImage(el, ctx, false);
    } else if (ctx.visible && !ctx.masked && tag !== "html" && tag !== "body"
        && /\burl\(/i.test(cs.backgroundImage)) {
      // A background image may carry text as an <img> does (a credit banner);
      // the root's and the body's paint the canvas, a texture, not a banner.
      noteImage(el, ctx, true);
    }
    const generated = (which) => {
      if (!ctx.visible) return;
      const ps = view.getComputedStyle(el, which);
      if (ps.display === "none" || ps.visibility !== "visible") return;
      const text = ps.content && ps.content !== "none" && ps.content !== "normal"
        ? cssString(ps.content) : "";
      if (text && parseFloat(ps.fontSize) >= args.tinyPx) pieces.push(text);
    };
    generated("::before");
    // content-visibility: hidden skips the element's contents, not its box.
    const inner = ctx.visible && cs.contentVisibility === "hidden"
      ? Object.assign({}, ctx, {visible: false, hiddenReason: "not-rendered",
        hiddenOwner: {key: el, reason: "not-rendered", region: ctx.region,
          detail: describe(el)}})
      : ctx;
    const children = tag === "template" ? el.content.childNodes : el.childNodes;
    // A closed drop-down paints its chosen option's text in its own box; the
    // option elements are laid out only in the pop-up, which no reader opened.
    const isDropDown = tag === "select" && !el.multiple && el.size <= 1;
    if (isDropDown && inner.visible && el.selectedIndex >= 0) {
      pieces.push(BREAK, el.options[el.selectedIndex].text, BREAK);
    }
    const options = isDropDown
      ? Object.assign({}, inner, {visible: false, hiddenReason: "not-rendered",
        hiddenOwner: {key: el, reason: "not-rendered", region: inner.region,
          detail: describe(el)}})
      : inner;
    for (const child of children) {
      if (child.nodeType === Node.ELEMENT_NODE) {
        if (child.localName === "br") {
          if (inner.visible) pieces.push(BREAK);
          continue;
        }
        visit(child, options);
      } else if (child.nodeType === Node.TEXT_NODE) {
        let text = child.data;
        if (!text) continue;
        if (tag === "noscript") text = markupText(text);
        const blank = !/[^ \t\n\r\f]/.test(text);
        const verdict = !inner.visible ? inner.hiddenReason
          : blank ? null : textVerdict(child, inner);
        if (verdict === null) {
          pieces.push(text);
        } else if (!blank) {
          const owner = inner.visible
            ? {key: el, reason: verdict, region: inner.region, detail: describe(el)}
            : inner.hiddenOwner;
          addHidden(owner, text);
        }
      } else if (child.nodeType === Node.COMMENT_NODE) {
        const text = collapse(child.data);
        if (text) {
          hidden.push({text, region: inner.region, detail: "comment", reason: "html-comment"});
        }
      }
    }
    generated("::after");
    if (isBlock && ctx.visible) flushVisible(ctx);
    if (isBlock) flushHidden();
  };

  const top = {region: "body", path: [], detail: "", pre: false, visible: true,
    opacity: 1, colour: [0, 0, 0, 1], bg: [255, 255, 255, 1], bgUnknown: false,
    clip: null, fontSize: 16, hiddenOwner: null, hiddenReason: null, masked: false};
  for (const node of document.childNodes) {
    if (node.nodeType === Node.COMMENT_NODE) {
      const text = collapse(node.data);
      if (text) hidden.push({text, region: "body", detail: "comment", reason: "html-comment"});
    }
  }
  if (root) {
    // The canvas: the root's background, else the body's, propagates to it.
    const body = document.body;
    for (const el of [root, body]) {
      if (!el) continue;
      const bg = parseColour(view.getComputedStyle(el).backgroundColor);
      if (bg && bg[3] > 0) { top.bg = over(bg, top.bg); break; }
    }
    visit(root, top);
    flushVisible(top);
    flushHidden();
  }

  const meta = [];
  for (const el of document.querySelectorAll("meta")) {
    const key = el.getAttribute("property") || el.getAttribute("name") || "";
    const content = el.getAttribute("content");
    if (content !== null) {
      meta.push([key.trim().toLowerCase(), content.trim(),
        el.hasAttribute("property") ? "property" : "name"]);
    }
  }
  for (const el of document.querySelectorAll("input")) {
    if ((el.getAttribute("type") || "").trim().toLowerCase() === "hidden") {
      const text = collapse(el.getAttribute("value") || "");
      if (text) {
        hidden.push({text, region: "body", detail: describe(el), reason: "hidden-input"});
      }
    }
  }
  const titleEl = document.querySelector("title");
  const canonical = [...document.querySelectorAll("link")].find((el) =>
    (el.getAttribute("rel") || "").toLowerCase().split(/\s+/).includes("canonical"));
  return {
    blocks, hidden, meta,
    title: titleEl ? collapse(titleEl.textContent) || null : null,
    canonical: canonical ? (canonical.getAttribute("href") || "").trim() || null : null,
    images,
    masked,
    jsonLd: [...document.querySelectorAll("script")]
      .filter((el) => (el.getAttribute("type") || "").includes("ld+json"))
      .map((el) => el.textContent || ""),
  };
}
