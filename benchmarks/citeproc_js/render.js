// citeproc-js, the reference CSL processor (Zotero, Mendeley), over many styles in one
// run, for benchmarks/csl_sweep.py. Usage: node render.js JOB.json > OUT.jsonl
//   job  = {"records": {"plain": {...}, "online": {...}}, "locales": "DIR",
//           "units": [{"key": "id", "style": "FILE.csl", "lang": "en-GB"}, ...]}
//   out  = one JSON line per unit: {"key": "id", "plain": CELLS, "online": CELLS}
//          CELLS = {"bibliography": {"text": s, "html": s}, "citation": {...}},
//          a string "error: ..." in place of a value citeproc-js could not render.
// The unit's lang is forced over the style's default-locale (the sweep decides it as
// reprint does: a dependent style's default-locale, else its parent's, else en-US).
"use strict";
const fs = require("fs");
const path = require("path");
const CSL = require("citeproc");

const job = JSON.parse(fs.readFileSync(process.argv[2], "utf8"));
const localeCache = new Map();

function retrieveLocale(lang) {
  if (!localeCache.has(lang)) {
    const file = path.join(job.locales, `locales-${lang}.xml`);
    localeCache.set(lang, fs.existsSync(file) ? fs.readFileSync(file, "utf8") : false);
  }
  return localeCache.get(lang);
}

// Each record under its own id, so one engine renders them all.
const items = new Map(
  Object.entries(job.records).map(([variant, record]) => [
    `${record.id}-${variant}`,
    { ...record, id: `${record.id}-${variant}` },
  ]),
);

function engine(styleXml, lang) {
  const sys = { retrieveLocale, retrieveItem: (id) => items.get(id) };
  return new CSL.Engine(sys, styleXml, lang, true);
}

function attempt(render) {
  try {
    return render();
  } catch (err) {
    return `error: ${String(err && err.message ? err.message : err).split("\n")[0]}`;
  }
}

// One engine per style (building one is most of the cost), for each record the
// bibliography in each format, then the first cite in each format, the processor's
// citation state reset before each so every cite is the document's first.
function render(eng, id) {
  const cells = { bibliography: {}, citation: {} };
  const isNote = eng.cslXml.dataObj.attrs.class === "note";
  for (const format of ["text", "html"]) {
    cells.bibliography[format] = attempt(() => {
      if (!eng.bibliography) return "error: no bibliography";
      eng.setOutputFormat(format);
      eng.updateItems([id]);
      const [, entries] = eng.makeBibliography();
      return entries[0].trim();
    });
  }
  for (const format of ["text", "html"]) {
    cells.citation[format] = attempt(() => {
      eng.setOutputFormat(format);
      eng.restoreProcessorState([]);
      // The first cite of the work: a note style prints its first (full) note.
      const cluster = {
        citationItems: [{ id }],
        properties: { noteIndex: isNote ? 1 : 0 },
      };
      const [, rendered] = eng.processCitationCluster(cluster, [], []);
      return rendered[0][1];
    });
  }
  return cells;
}

for (const unit of job.units) {
  const styleXml = fs.readFileSync(unit.style, "utf8");
  const out = { key: unit.key };
  let eng;
  try {
    eng = engine(styleXml, unit.lang);
  } catch (err) {
    eng = String(err && err.message ? err.message : err).split("\n")[0];
  }
  for (const variant of Object.keys(job.records)) {
    const id = `${job.records[variant].id}-${variant}`;
    if (typeof eng === "string") {
      const failed = `error: ${eng}`;
      const both = { text: failed, html: failed };
      out[variant] = { bibliography: both, citation: both };
    } else {
      out[variant] = render(eng, id);
    }
  }
  process.stdout.write(JSON.stringify(out) + "\n");
}
