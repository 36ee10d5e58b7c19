// runlane console: hand-drawn SVG line charts (no library). A chart is a <figure> with a
// caption, an SVG whose viewBox scales to the page width, a legend, and a text summary
// for screen readers.

const SVG = "http://www.w3.org/2000/svg";
const COLORS = ["#2563eb", "#dc2626", "#16a34a", "#d97706", "#7c3aed", "#0891b2", "#db2777", "#4b5563"];
const CLASS_COLORS = { "2xx": "#16a34a", "3xx": "#0891b2", "4xx": "#d97706", "5xx": "#dc2626" };
// Revisions get these, never red or green: those say "failing" and "healthy" on a page
// where a revision's colour must not.
const REVISION_COLORS = ["#2563eb", "#d97706", "#7c3aed", "#0891b2", "#db2777", "#4b5563"];

/** A revision's colour, the same on every page, chart, legend, bar and table of the
 * console: the one place that decides it. A revision named as runlane names them
 * (`SERVICE-00007-abc`) takes its generation's place in the palette, so a service's
 * consecutive revisions differ; a named one (`--revision-suffix`) a hash of its name. */
export function revisionColor(name) {
  const generation = /-(\d+)-[a-z0-9]+$/.exec(name || "");
  let i;
  if (generation) i = Number(generation[1]) - 1;
  else {
    i = 0;
    for (const c of name || "") i = (i * 31 + c.charCodeAt(0)) >>> 0;
  }
  return REVISION_COLORS[((i % REVISION_COLORS.length) + REVISION_COLORS.length) % REVISION_COLORS.length];
}

function el(name, attrs = {}, parent) {
  const node = document.createElementNS(SVG, name);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, String(v));
  if (parent) parent.appendChild(node);
  return node;
}

/** A readable number for an axis: 0, 0.5, 12, 1.2k, 3.4M. */
export function shortNumber(v) {
  const a = Math.abs(v);
  if (a >= 1e6) return (v / 1e6).toFixed(a >= 1e7 ? 0 : 1) + "M";
  if (a >= 1e3) return (v / 1e3).toFixed(a >= 1e4 ? 0 : 1) + "k";
  if (a >= 10 || v === 0) return String(Math.round(v));
  if (a >= 1) return v.toFixed(1);
  return v.toPrecision(2);
}

function niceMax(v) {
  if (!(v > 0)) return 1;
  const p = Math.pow(10, Math.floor(Math.log10(v)));
  for (const m of [1, 2, 2.5, 5, 10]) if (m * p >= v) return m * p;
  return 10 * p;
}

function timeLabel(ms, spanMs) {
  const d = new Date(ms);
  const hm = d.toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" });
  return spanMs > 36 * 3600e3 ? `${d.getMonth() + 1}/${d.getDate()} ${hm}` : hm;
}

/**
 * Draws series of [timeMs, value] points.
 * options: title, unit, series [{name, points, color?, dashed?}], lines [{value, label}],
 * yMax (fixed top), yMin (default 0), percent (values are fractions shown as %), from/to (ms),
 * stepMs (the points' spacing) and gapIsZero (a rate or a count: no point means none).
 * The legend shows each series' value at the end of the range: a series whose last point
 * is more than two steps before `to` shows 0 when gapIsZero (a revision that lost its
 * traffic serves 0/s, not the rate it had), else "no recent data".
 */
export function lineChart(options) {
  const { title, unit = "", series = [], lines = [], percent = false } = options;
  const W = 640, H = 220, L = 48, R = 12, T = 10, B = 26;
  const figure = document.createElement("figure");
  figure.className = "chart";
  const caption = document.createElement("figcaption");
  caption.textContent = title;
  figure.appendChild(caption);

  const all = series.flatMap((s) => s.points);
  const from = options.from ?? Math.min(...all.map((p) => p[0]), Date.now() - 3600e3);
  const to = options.to ?? Math.max(...all.map((p) => p[0]), from + 60e3);
  const span = Math.max(to - from, 1);
  const yMin = options.yMin ?? Math.min(0, ...all.map((p) => p[1]));
  const top = options.yMax ?? niceMax(Math.max(...all.map((p) => p[1]), ...lines.map((l) => l.value), 0) * 1.05);
  const x = (t) => L + ((t - from) / span) * (W - L - R);
  const y = (v) => T + (1 - (v - yMin) / Math.max(top - yMin, 1e-12)) * (H - T - B);
  const fmt = (v) => (percent ? shortNumber(v * 100) + "%" : shortNumber(v) + (unit ? " " + unit : ""));

  const svg = el("svg", { viewBox: `0 0 ${W} ${H}`, role: "img", "aria-label": `${title} chart` });
  for (let i = 0; i <= 4; i++) {
    const v = yMin + ((top - yMin) * i) / 4;
    el("line", { x1: L, x2: W - R, y1: y(v), y2: y(v), class: "grid" }, svg);
    el("text", { x: L - 6, y: y(v) + 4, class: "axis", "text-anchor": "end" }, svg).textContent = fmt(v);
  }
  for (let i = 0; i <= 4; i++) {
    const t = from + (span * i) / 4;
    el("text", { x: x(t), y: H - 8, class: "axis", "text-anchor": i === 0 ? "start" : i === 4 ? "end" : "middle" }, svg).textContent = timeLabel(t, span);
  }
  for (const line of lines) {
    el("line", { x1: L, x2: W - R, y1: y(line.value), y2: y(line.value), class: "threshold" }, svg);
    el("text", { x: W - R - 4, y: y(line.value) - 4, class: "axis threshold-label", "text-anchor": "end" }, svg).textContent = line.label;
  }
  series.forEach((s, i) => {
    const color = s.color || CLASS_COLORS[s.name] || COLORS[i % COLORS.length];
    const points = [...s.points].sort((a, b) => a[0] - b[0]);
    if (points.length === 0) return;
    const d = points.map((p, j) => `${j ? "L" : "M"}${x(p[0]).toFixed(1)},${y(p[1]).toFixed(1)}`).join("");
    el("path", { d, fill: "none", stroke: color, "stroke-width": 2, "stroke-dasharray": s.dashed ? "5 4" : "none", "vector-effect": "non-scaling-stroke" }, svg);
    if (points.length === 1) el("circle", { cx: x(points[0][0]), cy: y(points[0][1]), r: 3, fill: color }, svg);
    s.color = color;
  });
  figure.appendChild(svg);

  const legend = document.createElement("ul");
  legend.className = "legend";
  for (const s of series) {
    const li = document.createElement("li");
    const swatch = document.createElement("span");
    swatch.className = "swatch";
    swatch.style.background = s.color || "#888";
    li.appendChild(swatch);
    const lastPoint = s.points.length ? [...s.points].sort((a, b) => a[0] - b[0]).at(-1) : null;
    const stale = lastPoint && options.stepMs && to - lastPoint[0] > 2 * options.stepMs;
    const shown = lastPoint === null ? "" : !stale ? ": " + fmt(lastPoint[1]) : options.gapIsZero ? ": " + fmt(0) : ": no recent data";
    li.append(`${s.name}${shown}`);
    if (stale) li.dataset.stale = "true";
    legend.appendChild(li);
  }
  if (series.length === 0 || all.length === 0) {
    const li = document.createElement("li");
    li.className = "muted";
    li.textContent = "no data in this range";
    legend.appendChild(li);
  }
  figure.appendChild(legend);
  return figure;
}

export { CLASS_COLORS, COLORS, REVISION_COLORS };
