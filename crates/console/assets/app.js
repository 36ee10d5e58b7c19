// runlane console: a single-page app over runlane's public JSON API (the same calls the
// CLI makes). It keeps no state beyond the page: every view is fetched and drawn again.

import { CLASS_COLORS, lineChart, revisionColor, shortNumber } from "/console/assets/charts.js";

const K = "/apis/serving.knative.dev/v1";
const ROLLOUTS = "/apis/runlane.dev/v1";
const RANGES = { "15m": [900, 15], "1h": [3600, 60], "6h": [21600, 300], "1d": [86400, 900], "7d": [604800, 3600], "30d": [2592000, 21600] };
const ns = new URLSearchParams(location.search).get("ns") || "default";
const main = document.getElementById("main");
const live = document.getElementById("live");
let refreshTimer = null;
let renderToken = 0;

// === API ===

class ApiError extends Error {
  constructor(message, status) {
    super(message);
    this.status = status;
  }
}

// The console's key: given once in the login redirect's fragment, kept in this origin's
// storage (bound to scheme, host and port, unlike the session cookie, which a browser sends
// to every port of the host) and sent with every API call, which wants both.
const KEY_ITEM = "runlane-console-key";
{
  const given = /^#key=([0-9a-f]+)$/.exec(location.hash);
  if (given) {
    localStorage.setItem(KEY_ITEM, given[1]);
    history.replaceState(history.state, "", location.pathname + location.search);
  }
}

async function api(path, { method = "GET", body } = {}) {
  const headers = { "x-runlane-console": localStorage.getItem(KEY_ITEM) || "" };
  if (body !== undefined) headers["content-type"] = "application/json";
  const res = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), credentials: "same-origin" });
  const text = await res.text();
  let json = null;
  try {
    json = text ? JSON.parse(text) : null;
  } catch {
    json = null;
  }
  if (!res.ok) throw new ApiError((json && json.error && json.error.message) || text || res.statusText, res.status);
  return json;
}

function timeSeries(filter, seconds, step, params) {
  const end = new Date();
  const start = new Date(end.getTime() - seconds * 1000);
  const q = new URLSearchParams({ filter, "interval.startTime": start.toISOString(), "interval.endTime": end.toISOString(), "aggregation.alignmentPeriod": `${step}s` });
  for (const [k, v] of params) q.append(k, v);
  return api(`/v3/projects/${encodeURIComponent(ns)}/timeSeries?${q}`);
}

function pointValue(p) {
  const v = p.value;
  if (v.int64Value !== undefined) return Number(v.int64Value);
  if (v.doubleValue !== undefined) return Number(v.doubleValue);
  return 0;
}

/** timeSeries reply → [{name, points: [[ms, value]]}] keyed by a label getter. */
function seriesBy(reply, name) {
  return (reply.timeSeries || []).map((ts) => ({
    name: name(ts),
    points: (ts.points || []).map((p) => [Date.parse(p.interval.endTime), pointValue(p)]),
  }));
}

const countFilter = (service) => `metric.type="run.googleapis.com/request_count" AND resource.labels.service_name="${service}"`;

// === small DOM helpers ===

function h(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === null || v === false) continue;
    if (k === "class") node.className = v;
    else if (k.startsWith("on")) node.addEventListener(k.slice(2), v);
    else if (k === "text") node.textContent = v;
    else node.setAttribute(k, v === true ? "" : String(v));
  }
  for (const c of children.flat()) if (c !== null && c !== undefined && c !== false) node.append(c instanceof Node ? c : String(c));
  return node;
}

function link(href, text, attrs = {}) {
  return h("a", { href: href + (ns === "default" ? "" : `?ns=${encodeURIComponent(ns)}`), ...attrs }, text);
}

function table(headers, rows, caption) {
  return h("div", { class: "scroll" },
    h("table", {}, caption ? h("caption", {}, caption) : null,
      h("thead", {}, h("tr", {}, headers.map((x) => h("th", { scope: "col" }, x)))),
      h("tbody", {}, rows)));
}

function toast(text, bad = false) {
  const t = document.getElementById("toast");
  t.textContent = text;
  t.className = bad ? "show bad" : "show";
  setTimeout(() => (t.className = ""), 4000);
}

function age(iso) {
  const s = Math.max(0, (Date.now() - Date.parse(iso)) / 1000);
  if (s < 90) return `${Math.round(s)}s`;
  if (s < 5400) return `${Math.round(s / 60)}m`;
  if (s < 129600) return `${Math.round(s / 3600)}h`;
  return `${Math.round(s / 86400)}d`;
}

/** "300s" → "5m", "86400s" → "1d". */
function duration(text) {
  const s = parseInt(text, 10);
  if (s % 86400 === 0) return `${s / 86400}d`;
  if (s % 3600 === 0) return `${s / 3600}h`;
  if (s % 60 === 0) return `${s / 60}m`;
  return `${s}s`;
}

/** A build's time from start to finish ("12.3s"), or "—" while it runs. */
function buildDuration(b) {
  if (!b.startTime || !b.finishTime) return "—";
  return `${((Date.parse(b.finishTime) - Date.parse(b.startTime)) / 1000).toFixed(1)}s`;
}

function buildBadge(b) {
  const cls = b.status === "SUCCESS" ? "ok" : b.status === "FAILURE" ? "bad" : "warn";
  return h("span", { class: `badge ${cls}`, title: b.statusDetail || b.status, "data-build-status": b.status }, b.status);
}

function shortDigest(b) {
  const d = (((b.results || {}).images || [])[0] || {}).digest || "";
  return d ? d.replace("sha256:", "").slice(0, 12) : "—";
}

/** The builds of service `name`: those deployed to it, and source deploys' builds
 * (`runlane deploy NAME --source`, whose image is …/cloud-run-source-deploy/NAME). */
function buildsOfService(builds, name) {
  const sourceDeploy = `/cloud-run-source-deploy/${name}`;
  return builds.filter((b) => (b.substitutions || {})._SERVICE_NAME === name ||
    (b.images || []).some((i) => i.endsWith(sourceDeploy) || i.includes(`${sourceDeploy}:`) || i.includes(`${sourceDeploy}@`)));
}

const pct = (f, digits = 2) => (f === null || f === undefined || Number.isNaN(f) ? "—" : `${(f * 100).toFixed(digits)}%`);

function readyOf(obj) {
  const c = ((obj.status && obj.status.conditions) || []).find((c) => c.type === "Ready");
  return c ? c.status : "Unknown";
}

/** The Ready condition's reason and message ("CrashLoopBackOff: Container failed with: …"). */
function readyMessage(obj) {
  const c = ((obj.status && obj.status.conditions) || []).find((c) => c.type === "Ready");
  return c && c.status !== "True" && c.message ? `${c.reason || ""}${c.reason ? ": " : ""}${c.message}` : undefined;
}

// Who may call a service's URL (its IAM policy, as the API reports it), beside the URL.
function accessBadge(service) {
  const rl = (service.status && service.status.runlane) || {};
  if (rl.public === undefined) return null;
  return rl.public
    ? h("span", { class: "badge", "data-access": "public", title: "anyone may call it (allUsers holds roles/run.invoker)" }, "public")
    : h("span", { class: "badge", "data-access": "private", title: "callers send Authorization: Bearer $(runlane auth print-identity-token); deploy with --allow-unauthenticated to make it public" }, "private");
}

function readyBadge(state, reason) {
  const cls = state === "True" ? "ok" : state === "False" ? "bad" : "warn";
  const word = state === "True" ? "Ready" : state === "False" ? "Failed" : "Pending";
  return h("span", { class: `badge ${cls}`, title: reason || word }, state === "True" ? "✓ " : state === "False" ? "✗ " : "… ", word);
}

/** A confirmation dialog with real buttons; resolves true on confirm. */
function confirmDialog(message, confirmLabel) {
  return new Promise((resolve) => {
    const dialog = h("dialog", { class: "confirm", "aria-labelledby": "confirm-text" });
    const done = (v) => {
      dialog.close();
      dialog.remove();
      resolve(v);
    };
    dialog.append(
      h("p", { id: "confirm-text" }, message),
      h("div", { class: "actions" },
        h("button", { type: "button", class: "secondary", onclick: () => done(false) }, "Cancel"),
        h("button", { type: "button", class: "danger", id: "confirm-yes", onclick: () => done(true) }, confirmLabel)));
    dialog.addEventListener("cancel", () => done(false));
    document.body.appendChild(dialog);
    dialog.showModal();
    dialog.querySelector("#confirm-yes").focus();
  });
}

function showError(e) {
  main.replaceChildren(h("h1", {}, "Something went wrong"), h("p", { class: "error", role: "alert" }, e.message || String(e)));
}

// === routing ===

function route() {
  clearInterval(refreshTimer);
  refreshTimer = null;
  const path = location.pathname.replace(/\/+$/, "") || "/";
  const parts = path.split("/").filter(Boolean).map(decodeURIComponent);
  document.querySelectorAll("[data-nav]").forEach((a) => a.removeAttribute("aria-current"));
  const nav = (name) => document.querySelector(`[data-nav="${name}"]`)?.setAttribute("aria-current", "page");
  const token = ++renderToken;
  let page;
  if (parts.length === 0 || (parts[0] === "services" && parts.length === 1)) {
    nav("services");
    page = () => servicesPage(token);
  } else if (parts[0] === "services") {
    nav("services");
    const tab = parts[2] || "overview";
    page = () => servicePage(token, parts[1], tab);
  } else if (parts[0] === "incidents" && parts.length === 1) {
    nav("incidents");
    page = () => incidentsPage(token);
  } else if (parts[0] === "incidents") {
    nav("incidents");
    page = () => incidentPage(token, parts[1]);
  } else if (parts[0] === "uptime") {
    nav("uptime");
    page = () => uptimePage(token);
  } else if (parts[0] === "logs") {
    nav("logs");
    page = () => logsPage(token, null);
  } else {
    page = async () => main.replaceChildren(h("h1", {}, "Not found"), h("p", {}, "No console page here. ", link("/", "Services")));
  }
  page().catch(showError);
}

/** Redraws every few seconds while Live is on and the page is still current. */
function every(token, seconds, fn) {
  clearInterval(refreshTimer);
  refreshTimer = setInterval(() => {
    if (token !== renderToken) return;
    const editing = document.activeElement && main.contains(document.activeElement) && document.activeElement.closest("form");
    if (live.checked && !document.hidden && !document.querySelector("dialog[open]") && !editing) fn().catch((e) => toast(e.message, true));
  }, seconds * 1000);
}

document.addEventListener("click", (event) => {
  const a = event.target.closest("a");
  if (!a || a.target || event.ctrlKey || event.metaKey || event.shiftKey || event.button !== 0) return;
  const url = new URL(a.href, location.href);
  if (url.origin !== location.origin || url.pathname.startsWith("/console/") || a.hasAttribute("data-external")) return;
  event.preventDefault();
  history.pushState(null, "", url.pathname + url.search);
  route();
  main.focus();
});
window.addEventListener("popstate", route);

// === services list ===

async function servicesPage(token) {
  document.title = "Services · runlane";
  const draw = async () => {
    const [services, rates, slos, incidents, health, platform] = await Promise.all([
      api(`${K}/namespaces/${encodeURIComponent(ns)}/services`),
      timeSeries('metric.type="run.googleapis.com/request_count"', 300, 300, [
        ["aggregation.perSeriesAligner", "ALIGN_RATE"], ["aggregation.crossSeriesReducer", "REDUCE_SUM"],
        ["aggregation.groupByFields", "resource.labels.service_name"], ["aggregation.groupByFields", "metric.labels.response_code_class"]]),
      api(`/v3/projects/${encodeURIComponent(ns)}/services/-/serviceLevelObjectives`),
      api(`/v3/projects/${encodeURIComponent(ns)}/incidents?state=OPEN`),
      // "ok", or "degraded: WHY" when the disk filled up (logs dropped, the reserve used).
      fetch("/healthz", { credentials: "same-origin" }).then((r) => r.text()).catch(() => "ok"),
      // runlane's own disk and its fill forecast, as `runlane status` shows them.
      api("/runlane/v1/status"),
    ]);
    if (token !== renderToken) return;
    const perService = {};
    for (const ts of rates.timeSeries || []) {
      const s = (perService[ts.resource.labels.service_name] ??= { total: 0, bad: 0 });
      const v = ts.points && ts.points.length ? pointValue(ts.points[0]) : 0;
      s.total += v;
      if (ts.metric.labels.response_code_class === "5xx") s.bad += v;
    }
    // Each SLO's state now (SLI against its goal over its period), not just how many there are.
    const sloList = slos.serviceLevelObjectives || [];
    const statuses = await Promise.all(sloList.map((s) => api(`/v3/${s.name}:status?steps=1`).catch(() => null)));
    if (token !== renderToken) return;
    const sloState = {};
    sloList.forEach((slo, i) => {
      const service = slo.name.split("/")[3];
      const st = (sloState[service] ??= { total: 0, below: 0, noData: 0, worst: null });
      st.total += 1;
      const s = statuses[i];
      if (!s || s.sli === null || s.sli === undefined) st.noData += 1;
      else if (s.sli < s.goal) {
        st.below += 1;
        if (!st.worst || s.sli - s.goal < st.worst.sli - st.worst.goal) st.worst = { sli: s.sli, goal: s.goal };
      }
    });
    const burning = new Set((incidents.incidents || []).map((i) => i.service));
    const rows = (services.items || []).map((s) => {
      const name = s.metadata.name;
      const r = perService[name];
      const url = s.status && s.status.url;
      const st = sloState[name];
      const slo = !st ? h("span", { class: "muted" }, "none")
        : st.below > 0 ? h("span", { class: "badge bad", "data-slo": "below", title: `worst: SLI ${pct(st.worst.sli)} against a goal of ${pct(st.worst.goal)}` },
          `${burning.has(name) ? "▲" : "✗"} ${st.below} of ${st.total} below goal (SLI ${pct(st.worst.sli)} < ${pct(st.worst.goal)})`)
        : burning.has(name) ? h("span", { class: "badge bad", "data-slo": "burning" }, "▲ burning")
        : st.noData === st.total ? h("span", { class: "badge", "data-slo": "no-data" }, `${st.total} without data`)
        : h("span", { class: "badge ok", "data-slo": "met" }, `✓ ${st.total - st.noData} met${st.noData ? `, ${st.noData} without data` : ""}`);
      return h("tr", {},
        h("th", { scope: "row" }, link(`/services/${encodeURIComponent(name)}`, name)),
        h("td", {}, url ? h("a", { href: url, "data-external": true, target: "_blank", rel: "noopener" }, url) : "—", " ", accessBadge(s)),
        h("td", {}, readyBadge(readyOf(s), readyMessage(s))),
        h("td", {}, splitBar(s.status && s.status.traffic)),
        h("td", { class: "num" }, r ? `${shortNumber(r.total)}/s` : "0/s"),
        h("td", { class: "num" + (r && r.bad > 0 ? " bad-text" : "") }, r && r.total > 0 ? pct(r.bad / r.total) : "—"),
        h("td", {}, slo));
    });
    const degraded = health.startsWith("degraded") ? [h("p", { class: "badge bad", role: "alert", id: "storage-health" }, health.trim())] : [];
    main.replaceChildren(
      h("h1", {}, "Services"),
      ...degraded,
      rows.length ? table(["Name", "URL", "Ready", "Traffic", "Requests", "Errors (5m)", "SLOs"], rows, `${rows.length} services in namespace ${ns}`)
        : h("p", { class: "empty" }, "No services yet. Deploy one: ", h("code", {}, "runlane deploy hello --image runlane/hello --allow-unauthenticated")),
      h("section", { "aria-labelledby": "platform-h" }, h("h2", { id: "platform-h" }, "runlane"), platformView(platform)));
  };
  await draw();
  every(token, 5, draw);
}

/** The split at a glance: one coloured segment per revision (in its `revisionColor`),
 * with text. */
function splitBar(traffic) {
  const entries = (traffic || []).filter((t) => t.percent > 0);
  const wrap = h("div", { class: "split" });
  const bar = h("div", { class: "bar", "aria-hidden": "true" });
  entries.forEach((t) => {
    const seg = h("span", { class: "seg", title: `${t.revisionName}: ${t.percent}%`, "data-revision": t.revisionName });
    seg.style.width = `${t.percent}%`;
    seg.style.background = revisionColor(t.revisionName);
    bar.appendChild(seg);
  });
  wrap.append(bar, h("span", { class: "split-text" }, entries.map((t) => `${t.revisionName}${t.tag ? " (" + t.tag + ")" : ""} ${t.percent}%`).join(", ") || "—"));
  return wrap;
}

// === service page ===

async function servicePage(token, name, tab) {
  document.title = `${name} · runlane`;
  const base = `/services/${encodeURIComponent(name)}`;
  const tabs = h("nav", { class: "tabs", "aria-label": "Service" },
    [["overview", "Overview", base], ["slos", "SLOs", `${base}/slos`], ["logs", "Logs", `${base}/logs`]].map(([id, label, href]) =>
      link(href, label, { "aria-current": id === tab ? "page" : undefined })));
  const body = h("div", { id: "tab-body" });
  main.replaceChildren(h("p", { class: "crumbs" }, link("/", "Services"), " / "), h("h1", {}, name), tabs, body);
  if (tab === "slos") return slosTab(token, name, body);
  if (tab === "logs") return logsPage(token, name, body);
  return overviewTab(token, name, body);
}

/** The service page's overview: summary, rollout, golden signals, revisions, builds,
 * traffic editor and charts, each redrawn by its own function on every refresh. */
async function overviewTab(token, name, body) {
  const ctx = {
    token, name,
    servicePath: `${K}/namespaces/${encodeURIComponent(ns)}/services/${encodeURIComponent(name)}`,
    revisionsPath: `${K}/namespaces/${encodeURIComponent(ns)}/revisions?labelSelector=${encodeURIComponent(`serving.knative.dev/service=${name}`)}`,
    // Signatures of what the rollout and the editor last showed: they are redrawn only
    // when they change, so the live refresh neither steals a button's focus nor a
    // half-edited form.
    rolloutSignature: null,
    editorSignature: null,
  };
  const s = {
    summary: h("section", { "aria-label": "Summary" }),
    rollout: h("section", { "aria-labelledby": "rollout-h", id: "rollout" }),
    golden: h("section", { "aria-labelledby": "golden-h", id: "golden" }),
    revisions: h("section", { "aria-labelledby": "rev-h" }),
    builds: h("section", { "aria-labelledby": "builds-h", id: "builds" }),
    // Outside the builds table, so the live refresh keeps an opened log.
    buildLog: h("pre", { class: "build-log", hidden: true, "aria-live": "polite" }),
    editor: h("section", { "aria-labelledby": "traffic-h" }),
    ranges: h("div", { class: "ranges", role: "group", "aria-label": "Chart range" }),
    charts: h("div", { class: "charts" }),
  };
  ctx.sections = s;
  ctx.range = sessionStorage.getItem("range") || "15m";
  ctx.drawState = () => drawServiceState(ctx);
  const drawCharts = () => drawServiceCharts(ctx);
  const drawRanges = () => s.ranges.replaceChildren(...Object.keys(RANGES).map((r) =>
    h("button", { type: "button", class: r === ctx.range ? "chip on" : "chip", "aria-pressed": String(r === ctx.range), onclick: () => { ctx.range = r; sessionStorage.setItem("range", r); drawRanges(); drawCharts().catch(showError); } }, r)));
  drawRanges();
  body.replaceChildren(s.summary, s.rollout, s.golden, s.revisions, s.builds, s.buildLog, s.editor,
    h("section", { "aria-labelledby": "charts-h" }, h("h2", { id: "charts-h" }, "Metrics"), s.ranges, s.charts));
  // The panel's failure stays in the panel: the revisions and the traffic editor around
  // it are what an operator needs most when something is wrong.
  const drawGolden = () => drawGoldenSignals(ctx).catch((e) => s.golden.replaceChildren(
    h("h2", { id: "golden-h" }, "Golden signals (last minute)"), h("p", { class: "error", role: "alert" }, e.message || String(e))));
  const drawAll = () => Promise.all([ctx.drawState(), drawGolden(), drawCharts()]);
  await drawAll();
  every(token, 5, drawAll);
}

/** The service's state (summary, rollout, revisions, builds, traffic editor), from the
 * service, its revisions, the rollouts and the builds. */
async function drawServiceState(ctx) {
  const { name, sections: s } = ctx;
  // The rollout comes from the list (the latest of each service), so a service that
  // never had one is an empty answer, not a 404.
  const [service, revisions, rollouts, buildList] = await Promise.all([
    api(ctx.servicePath),
    api(ctx.revisionsPath),
    api(`${ROLLOUTS}/namespaces/${encodeURIComponent(ns)}/rollouts`),
    api(`/v1/projects/${encodeURIComponent(ns)}/builds`),
  ]);
  if (ctx.token !== renderToken) return;
  const builds = buildsOfService((buildList && buildList.builds) || [], name);
  const rollout = (rollouts.items || []).find((r) => r.spec.service === name) || null;
  const signature = JSON.stringify(rollout && [rollout.status.phase, rollout.status.canaryPercent, rollout.status.waitingForApproval, rollout.status.events.length]);
  if (signature !== ctx.rolloutSignature) {
    ctx.rolloutSignature = signature;
    s.rollout.replaceChildren(...rolloutView(rollout, (command) => steerRollout(ctx, command).catch((e) => toast(e.message, true))));
  }
  s.summary.replaceChildren(serviceFacts(service));
  const items = (revisions.items || []).sort((a, b) => b.metadata.name.localeCompare(a.metadata.name));
  s.revisions.replaceChildren(h("h2", { id: "rev-h" }, "Revisions"),
    revisionsTable(items, builds, (revision) => rollback(ctx, revision).catch((e) => toast(e.message, true))));
  const showLog = async (b) => {
    const reply = await api(`/runlane/v1/builds/${encodeURIComponent(b.id)}/log`);
    s.buildLog.hidden = false;
    s.buildLog.dataset.build = b.id;
    s.buildLog.textContent = `Build ${b.id} (${b.status})\n${reply.log || "(no log lines)"}`;
  };
  s.builds.replaceChildren(h("h2", { id: "builds-h" }, "Builds"), buildsTable(name, builds, (b) => showLog(b).catch((e) => toast(e.message, true))));
  const editor = JSON.stringify([service.spec.traffic, items.map((r) => r.metadata.name)]);
  if (editor !== ctx.editorSignature) {
    ctx.editorSignature = editor;
    s.editor.replaceChildren(trafficEditor(ctx, service, items));
  }
}

/** URL, readiness and the split of a service. */
function serviceFacts(service) {
  const url = service.status.url;
  return h("dl", { class: "facts" },
    h("dt", {}, "URL"), h("dd", {}, url ? h("a", { href: url, "data-external": true, target: "_blank", rel: "noopener" }, url) : "—", " ", accessBadge(service)),
    h("dt", {}, "Ready"), h("dd", {}, readyBadge(readyOf(service))),
    h("dt", {}, "Traffic"), h("dd", {}, splitBar(service.status.traffic)));
}

/** One row per revision (newest first): what it runs, its build, tags, share, readiness,
 * instances, and "Send 100% here" (`onRollback(revision)`). */
function revisionsTable(items, builds, onRollback) {
  const buildOf = (rname) => builds.find((b) => (b.substitutions || {})._REVISION_NAME === rname);
  const rows = items.map((r) => {
    const c = (r.spec.containers || [{}])[0];
    const what = c.command ? [...c.command, ...(c.args || [])].join(" ") : c.image;
    const env = (c.env || []).map((e) => `${e.name}=${e.value}`).join(" ");
    const rl = r.status.runlane || {};
    const percent = rl.trafficPercent || 0;
    const rname = r.metadata.name;
    const build = buildOf(rname);
    return h("tr", { "data-revision": rname },
      h("th", { scope: "row" }, revisionLabel(rname)),
      h("td", {}, age(r.metadata.creationTimestamp)),
      h("td", {}, h("code", {}, what), env ? h("div", { class: "muted small" }, env) : null),
      h("td", { "data-build": build ? build.id : "" }, build
        ? [buildBadge(build), " ", buildDuration(build), " ", h("code", { title: build.id }, shortDigest(build))]
        : h("span", { class: "muted" }, "—")),
      h("td", {}, (rl.tags || []).map((t) => h("span", { class: "tag" }, t))),
      h("td", { class: "num" }, `${percent}%`),
      h("td", {}, readyBadge(readyOf(r))),
      h("td", { class: "num" }, String(r.status.actualReplicas ?? 0)),
      h("td", {}, percent === 100 ? h("span", { class: "muted" }, "serving all") :
        h("button", { type: "button", class: "secondary", "data-rollback": rname, onclick: () => onRollback(rname) }, "Send 100% here")));
  });
  return table(["Revision", "Age", "Image / command", "Build", "Tags", "Traffic", "Ready", "Instances", ""], rows);
}

/** A revision's name after a swatch of its colour (`revisionColor`). */
function revisionLabel(revision) {
  const swatch = h("span", { class: "swatch", "aria-hidden": "true", "data-color": revisionColor(revision) });
  swatch.style.background = revisionColor(revision);
  return h("span", { class: "revision" }, swatch, revision);
}

/** The service's builds (those deployed to it and its source deploys'), each with "Log". */
function buildsTable(name, builds, onLog) {
  if (!builds.length) return h("p", { class: "empty" }, `No builds. runlane deploy ${name} --source DIR builds one.`);
  return table(["Build", "Status", "Started", "Duration", "Digest", "Revision", ""], builds.map((b) => h("tr", { "data-build": b.id },
    h("th", { scope: "row" }, h("code", { title: b.id }, b.id.slice(0, 8))),
    h("td", {}, buildBadge(b), b.statusDetail ? h("details", { class: "small" }, h("summary", {}, "why"), h("pre", {}, b.statusDetail)) : null),
    h("td", {}, b.startTime ? age(b.startTime) : "—"),
    h("td", { class: "num" }, buildDuration(b)),
    h("td", {}, h("code", {}, shortDigest(b))),
    h("td", {}, (b.substitutions || {})._REVISION_NAME || "—"),
    h("td", {}, h("button", { type: "button", class: "secondary", "data-build-log": b.id, onclick: () => onLog(b) }, "Log")))));
}

async function steerRollout(ctx, command) {
  const { name } = ctx;
  const question = {
    promote: [`Promote ${name}'s canary to 100% now, skipping the remaining steps and analysis?`, "Promote"],
    abort: [`Abort ${name}'s rollout and send all traffic back to the stable revision?`, "Abort rollout"],
  }[command];
  if (question && !(await confirmDialog(...question))) return;
  const r = await api(`${ROLLOUTS}/namespaces/${encodeURIComponent(ns)}/rollouts/${encodeURIComponent(name)}/${command}`, { method: "POST", body: { by: "console" } });
  toast(`Rollout of ${name}: ${r.status.phase}`);
  await ctx.drawState();
}

/** "Send 100% here": all of the service's traffic to `revision`, tags kept. */
async function rollback(ctx, revision) {
  const { name } = ctx;
  if (!(await confirmDialog(`Send 100% of ${name}'s traffic to ${revision}? Tags stay where they are.`, `Send 100% to ${revision}`))) return;
  const fresh = await api(ctx.servicePath);
  const tagged = (fresh.spec.traffic || []).filter((t) => t.tag).map((t) => ({ ...t, percent: 0 }));
  fresh.spec.traffic = [{ revisionName: revision, percent: 100 }, ...tagged];
  await api(ctx.servicePath, { method: "PUT", body: fresh });
  toast(`100% of ${name} now goes to ${revision}`);
  await ctx.drawState();
}

/** The traffic editor: a percent (and an optional tag) per revision or the latest. */
function trafficEditor(ctx, service, revisions) {
  const names = revisions.map((r) => r.metadata.name);
  const form = h("form", { class: "traffic-editor", "aria-labelledby": "traffic-h" });
  const list = h("div", { class: "rows" });
  const error = h("p", { class: "error", role: "alert" });
  const total = h("output", { class: "total" });
  const addRow = (t) => {
    const row = h("div", { class: "row" });
    const target = h("select", { "aria-label": "Revision" },
      h("option", { value: "" }, "latest ready revision"),
      names.map((n) => h("option", { value: n, selected: t.revisionName === n }, n)));
    const percent = h("input", { type: "number", min: "0", max: "100", step: "0.01", value: t.percent ?? 0, "aria-label": "Percent", class: "percent" });
    const tag = h("input", { type: "text", value: t.tag || "", placeholder: "tag (optional)", "aria-label": "Tag", pattern: "[a-z]([a-z0-9\\-]*[a-z0-9])?", class: "tagname" });
    const remove = h("button", { type: "button", class: "secondary", "aria-label": "Remove this entry", onclick: () => { row.remove(); sum(); } }, "Remove");
    percent.addEventListener("input", sum);
    row.append(target, percent, h("span", {}, "%"), tag, remove);
    list.appendChild(row);
  };
  const rowsOf = () => [...list.querySelectorAll(".row")].map((row) => {
    const [sel, percent, tag] = row.querySelectorAll("select, input");
    const entry = sel.value ? { revisionName: sel.value } : { latestRevision: true };
    entry.percent = Number(percent.value || 0);
    if (tag.value.trim()) entry.tag = tag.value.trim();
    return entry;
  });
  function sum() {
    const s = rowsOf().reduce((a, t) => a + t.percent, 0);
    total.textContent = `Total ${Math.round(s * 100) / 100}%`;
    total.className = Math.abs(s - 100) < 1e-9 ? "total ok-text" : "total bad-text";
  }
  (service.spec.traffic || []).forEach(addRow);
  sum();
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    error.textContent = "";
    const traffic = rowsOf();
    const s = traffic.reduce((a, t) => a + t.percent, 0);
    if (Math.abs(s - 100) > 1e-9) {
      error.textContent = `The percents sum to ${Math.round(s * 100) / 100}; they must sum to 100.`;
      return;
    }
    try {
      const fresh = await api(ctx.servicePath);
      fresh.spec.traffic = traffic;
      await api(ctx.servicePath, { method: "PUT", body: fresh });
      toast("Traffic updated");
      document.activeElement.blur();
      await ctx.drawState();
    } catch (e) {
      error.textContent = e.message;
    }
  });
  form.append(
    h("h2", { id: "traffic-h" }, "Traffic"),
    h("p", { class: "muted" }, "Percent per revision (or the latest ready one), and tags: each tag gets its own URL."),
    list,
    h("div", { class: "actions" },
      h("button", { type: "button", class: "secondary", onclick: () => { addRow({ revisionName: names[0], percent: 0 }); sum(); } }, "Add entry"),
      total,
      h("button", { type: "submit" }, "Save traffic")),
    error);
  return form;
}

/** The service's charts over the chosen range: requests/s by class and by revision,
 * latency of successes and errors, instances, CPU and memory. */
async function drawServiceCharts(ctx) {
  const { name } = ctx;
  const [seconds, step] = RANGES[ctx.range];
  const f = countFilter(name);
  const lat = f.replace("request_count", "request_latencies");
  const rate = [["aggregation.perSeriesAligner", "ALIGN_RATE"], ["aggregation.crossSeriesReducer", "REDUCE_SUM"]];
  // Saturation: each instance's once-a-second sample is one value of its revision's
  // distribution; p50 and p99 per revision, as ratios of the limit.
  const utilization = (metric, p) => timeSeries(f.replace("run.googleapis.com/request_count", `run.googleapis.com/container/${metric}/utilizations`), seconds, step,
    [["aggregation.perSeriesAligner", "ALIGN_DELTA"], ["aggregation.crossSeriesReducer", `REDUCE_PERCENTILE_${p}`], ["aggregation.groupByFields", "resource.labels.revision_name"]]);
  const [byClass, byRevision, p50, p95, p99, instances, cpu50, cpu99, mem50, mem99] = await Promise.all([
    timeSeries(f, seconds, step, [...rate, ["aggregation.groupByFields", "metric.labels.response_code_class"]]),
    timeSeries(f, seconds, step, [...rate, ["aggregation.groupByFields", "resource.labels.revision_name"]]),
    // Successes and errors apart: fast errors would flatter one latency for all.
    ...["50", "95", "99"].map((p) => timeSeries(`${lat} AND metric.labels.response_code_class=one_of("2xx","5xx")`, seconds, step,
      [["aggregation.perSeriesAligner", "ALIGN_DELTA"], ["aggregation.crossSeriesReducer", `REDUCE_PERCENTILE_${p}`], ["aggregation.groupByFields", "metric.labels.response_code_class"]])),
    timeSeries(`metric.type="run.googleapis.com/container/instance_count" AND resource.labels.service_name="${name}"`, seconds, step,
      [["aggregation.perSeriesAligner", "ALIGN_MAX"], ["aggregation.crossSeriesReducer", "REDUCE_SUM"], ["aggregation.groupByFields", "resource.labels.revision_name"]]),
    utilization("cpu", "50"), utilization("cpu", "99"), utilization("memory", "50"), utilization("memory", "99"),
  ]);
  if (ctx.token !== renderToken) return;
  const to = Date.now(), from = to - seconds * 1000;
  const stepMs = step * 1000;
  // "2xx p99" solid, its p95 and p50 dashed, in the class's colour; the same for 5xx.
  const latency = [["p99", p99, false], ["p95", p95, true], ["p50", p50, true]].flatMap(([p, reply, dashed]) =>
    seriesBy(reply, (ts) => ts.metric.labels.response_code_class).map((s) => ({ name: `${s.name} ${p}`, points: s.points, color: CLASS_COLORS[s.name], dashed })))
    .sort((a, b) => a.name.localeCompare(b.name));
  // One colour per revision everywhere; p99 solid, p50 dashed.
  const byRevisionSeries = (reply) => seriesBy(reply, (ts) => ts.resource.labels.revision_name).map((s) => ({ ...s, color: revisionColor(s.name) }));
  const percentiles = (r50, r99) => [["p99", r99, false], ["p50", r50, true]].flatMap(([p, reply, dashed]) =>
    seriesBy(reply, (ts) => ts.resource.labels.revision_name).map((s) => ({ name: `${s.name} ${p}`, points: s.points, color: revisionColor(s.name), dashed })));
  const signal = (chart, name) => {
    chart.dataset.signal = name;
    return chart;
  };
  const saturation = (title, r50, r99) => signal(lineChart({ title, from, to, stepMs, percent: true, yMax: 1, series: percentiles(r50, r99) }), "saturation");
  ctx.sections.charts.replaceChildren(
    lineChart({ title: "Requests/s by response class", unit: "/s", from, to, stepMs, gapIsZero: true, series: seriesBy(byClass, (ts) => ts.metric.labels.response_code_class) }),
    lineChart({ title: "Requests/s by revision", unit: "/s", from, to, stepMs, gapIsZero: true, series: byRevisionSeries(byRevision) }),
    signal(lineChart({ title: "Latency of successes (2xx) and errors (5xx), p50/p95/p99", unit: "ms", from, to, stepMs, series: latency }), "latency"),
    lineChart({ title: "Instances", from, to, stepMs, gapIsZero: true, series: byRevisionSeries(instances) }),
    saturation("CPU utilization (of limit, p50 and p99)", cpu50, cpu99),
    saturation("Memory utilization (of limit, p50 and p99)", mem50, mem99));
}

// === golden signals ===

/** How far back the golden-signals panel reaches, in seconds (`runlane top`'s default). */
const GOLDEN_WINDOW = 60;

/** The four golden signals per revision over the last minute, with the service's SLOs
 * beside them: the same API calls `runlane top` makes. */
async function drawGoldenSignals(ctx) {
  const { name } = ctx;
  const w = GOLDEN_WINDOW;
  const scope = ` AND resource.labels.service_name="${name}"`;
  const perRevision = (metric, aligner, reducer, extra = "", groups = []) => timeSeries(`metric.type="${metric}"${scope}${extra}`, w, w,
    [["aggregation.perSeriesAligner", aligner], ["aggregation.crossSeriesReducer", reducer], ["aggregation.groupByFields", "resource.labels.revision_name"], ...groups.map((g) => ["aggregation.groupByFields", g])]);
  const byClass = ["metric.labels.response_code_class"];
  const latency = (p) => perRevision("run.googleapis.com/request_latencies", "ALIGN_DELTA", `REDUCE_PERCENTILE_${p}`, ' AND metric.labels.response_code_class=one_of("2xx","5xx")', byClass);
  const utilization = (metric, p) => perRevision(`run.googleapis.com/container/${metric}/utilizations`, "ALIGN_DELTA", `REDUCE_PERCENTILE_${p}`);
  const [service, revisions, counts, l50, l95, l99, instances, concurrency, cpu50, cpu99, mem50, mem99, slos] = await Promise.all([
    api(ctx.servicePath),
    api(ctx.revisionsPath),
    perRevision("run.googleapis.com/request_count", "ALIGN_DELTA", "REDUCE_SUM", "", byClass),
    latency("50"), latency("95"), latency("99"),
    perRevision("run.googleapis.com/container/instance_count", "ALIGN_MAX", "REDUCE_SUM", ' AND metric.labels.state="ready"'),
    perRevision("run.googleapis.com/container/max_request_concurrencies", "ALIGN_DELTA", "REDUCE_PERCENTILE_99"),
    utilization("cpu", "50"), utilization("cpu", "99"), utilization("memory", "50"), utilization("memory", "99"),
    sloStates(name),
  ]);
  if (ctx.token !== renderToken) return;
  const rows = goldenRows({ service, revisions: revisions.items || [], counts, latency: [l50, l95, l99], instances, concurrency, cpu: [cpu50, cpu99], memory: [mem50, mem99] }, w);
  ctx.sections.golden.replaceChildren(
    h("h2", { id: "golden-h" }, "Golden signals (last minute)"),
    h("div", { class: "golden" }, sloAside(slos), goldenTable(rows)));
}

/** Each SLO of `service` with its status now (SLI, goal, budget, burn rate, incidents). */
async function sloStates(service) {
  const list = await api(`/v3/projects/${encodeURIComponent(ns)}/services/${encodeURIComponent(service)}/serviceLevelObjectives`);
  return Promise.all((list.serviceLevelObjectives || []).map((s) => api(`/v3/${s.name}:status?steps=1`)));
}

/** The newest point of each series of `reply`, by revision (and `key(ts)` when given). */
function latestBy(reply, key = () => "") {
  const out = new Map();
  for (const ts of reply.timeSeries || []) {
    if (!ts.points || !ts.points.length) continue;
    out.set(ts.resource.labels.revision_name + key(ts), pointValue(ts.points[0]));
  }
  return out;
}

/**
 * One row per revision that has a share of the traffic, a tag or requests in the window
 * (the split's order first): traffic (requests/s), errors (5xx share), latency of 2xx and
 * of 5xx apart (p50/p95/p99 ms), and saturation (instances against maxScale, concurrency
 * p99 against containerConcurrency, requests queued in the router, CPU and memory p50/p99).
 * No DOM and no I/O: the replies in, plain values out.
 */
function goldenRows(r, seconds) {
  const cls = (ts) => ` ${ts.metric.labels.response_code_class}`;
  const counts = latestBy(r.counts, cls);
  const lat = r.latency.map((reply) => latestBy(reply, cls));
  const [instances, concurrency] = [latestBy(r.instances), latestBy(r.concurrency)];
  const [cpu, memory] = [r.cpu.map((x) => latestBy(x)), r.memory.map((x) => latestBy(x))];
  const names = [];
  for (const t of r.service.status.traffic || []) if (t.revisionName && !names.includes(t.revisionName)) names.push(t.revisionName);
  for (const key of counts.keys()) {
    const rev = key.split(" ")[0];
    if (!names.includes(rev)) names.push(rev);
  }
  const template = r.service.spec.template || {};
  return names.map((name) => {
    const rev = r.revisions.find((x) => x.metadata.name === name) || { metadata: { name }, spec: {}, status: {} };
    const annotations = rev.metadata.annotations || (template.metadata || {}).annotations || {};
    const limit = rev.spec.containerConcurrency ?? (template.spec || {}).containerConcurrency;
    let total = 0;
    for (const [key, v] of counts) if (key.startsWith(name + " ")) total += v;
    const errors = counts.get(`${name} 5xx`) || 0;
    const percentiles = (klass) => lat.map((m) => m.get(`${name} ${klass}`) ?? null);
    return {
      name,
      percent: (r.service.status.traffic || []).filter((t) => t.revisionName === name).reduce((a, t) => a + (t.percent || 0), 0),
      tags: (r.service.status.traffic || []).filter((t) => t.revisionName === name && t.tag).map((t) => t.tag),
      rps: total / seconds,
      errorShare: total > 0 ? errors / total : null,
      ok: percentiles("2xx"),
      error: percentiles("5xx"),
      instances: instances.get(name) ?? null,
      maxScale: Number(annotations["autoscaling.knative.dev/maxScale"]) || null,
      concurrency: concurrency.get(name) ?? null,
      concurrencyLimit: limit > 0 ? limit : null,
      queued: ((rev.status.runlane || {}).autoscaler || {}).requestsWaiting ?? null,
      cpu: cpu.map((m) => m.get(name) ?? null),
      memory: memory.map((m) => m.get(name) ?? null),
    };
  });
}

const ms = (v) => (v === null || v === undefined ? "—" : v >= 100 ? String(Math.round(v)) : v.toFixed(1));
const ofLimit = (v, limit) => `${v === null ? "—" : Number.isInteger(v) ? String(v) : shortNumber(v)} / ${limit === null ? "∞" : limit}`;

/** A cell of numbers ("12.0 / 40.1 / 80.3 ms"), each also in a data attribute, so a
 * reader (or a test) sees both. */
function valuesCell(signal, labels, values, show) {
  const attrs = { class: "num", "data-signal": signal };
  labels.forEach((l, i) => (attrs[`data-${l}`] = values[i] === null ? "" : String(values[i])));
  return h("td", attrs, values.every((v) => v === null) ? "—" : values.map(show).join(" / "));
}

function goldenTable(rows) {
  if (!rows.length) return h("p", { class: "empty", id: "golden-empty" }, "No revision has traffic or requests in the last minute.");
  const pcts = (vs) => vs.map((v) => (v === null ? "—" : pct(v, 0)));
  return table(["Revision", "Traffic", "Req/s", "5xx share", "2xx ms p50/95/99", "5xx ms p50/95/99", "Instances / max", "Concurrency p99 / limit", "Queued", "CPU p50/99", "Memory p50/99"],
    rows.map((r) => h("tr", { "data-golden": r.name },
      h("th", { scope: "row" }, revisionLabel(r.name)),
      h("td", { class: "num" }, `${r.percent}%`, ...r.tags.map((t) => [" ", h("span", { class: "tag" }, t)])),
      h("td", { class: "num", "data-signal": "traffic", "data-rps": String(r.rps) }, `${shortNumber(r.rps)}/s`),
      h("td", { class: "num" + (r.errorShare > 0 ? " bad-text" : ""), "data-signal": "errors", "data-share": r.errorShare === null ? "" : String(r.errorShare) }, pct(r.errorShare, 1)),
      valuesCell("latency-2xx", ["p50", "p95", "p99"], r.ok, ms),
      valuesCell("latency-5xx", ["p50", "p95", "p99"], r.error, ms),
      h("td", { class: "num", "data-signal": "instances" }, ofLimit(r.instances, r.maxScale)),
      h("td", { class: "num", "data-signal": "concurrency" }, ofLimit(r.concurrency, r.concurrencyLimit)),
      h("td", { class: "num", "data-signal": "queued" }, r.queued === null ? "—" : String(r.queued)),
      h("td", { class: "num", "data-signal": "cpu" }, pcts(r.cpu).join(" / ")),
      h("td", { class: "num", "data-signal": "memory" }, pcts(r.memory).join(" / ")))),
    "Traffic, errors, latency of successes and of errors apart, and saturation, per revision, as runlane top shows them.");
}

/** The service's SLOs beside its signals: each one's SLI against its goal, budget left and
 * shortest-lookback burn rate, burning while an incident is open. */
function sloAside(states) {
  const items = states.map((st) => {
    const id = st.slo.name.split("/").at(-1);
    const burning = (st.openIncidents || []).length > 0;
    const below = st.sli !== null && st.sli !== undefined && st.sli < st.goal;
    const state = burning ? "burning" : st.sli === null || st.sli === undefined ? "no-data" : below ? "below" : "met";
    const badge = { burning: ["bad", "▲ burning"], below: ["bad", "✗ below goal"], met: ["ok", "✓ met"], "no-data": ["", "no data"] }[state];
    const burn = (st.burnRates || [])[0];
    return h("li", { "data-slo": id, "data-state": state },
      h("strong", {}, st.slo.displayName || id), " ", h("span", { class: `badge ${badge[0]}` }, badge[1]),
      h("div", { class: "small" }, `SLI ${pct(st.sli, 2)} of ${pct(st.goal, 2)} · budget ${st.errorBudget.remainingFraction === null ? "—" : pct(st.errorBudget.remainingFraction, 0)}`,
        burn && burn.burnRate !== null ? ` · burn ${burn.burnRate.toFixed(1)}× (${duration(burn.lookback)})` : ""));
  });
  return h("aside", { class: "slo-state", "aria-label": "SLOs" }, h("h3", {}, "SLOs"),
    items.length ? h("ul", {}, items) : h("p", { class: "muted" }, "No SLO: create one in the SLOs tab."));
}

// === rollouts ===

const ACTIVE_PHASES = ["Advancing", "Analysing", "Paused"];

function phaseBadge(phase, waiting) {
  const cls = phase === "Promoted" ? "ok" : ["RollingBack", "RolledBack", "Aborted"].includes(phase) ? "bad" : "warn";
  return h("span", { class: `badge ${cls}`, "data-phase": phase }, waiting ? `${phase} · waiting for approval` : phase);
}

/** "requests / errors / p99" of one side of a measurement. */
function sampleText(s) {
  if (!s) return "—";
  return `${s.requests} req · ${s.errors} err · ${s.p99Ms === null || s.p99Ms === undefined ? "—" : Math.round(s.p99Ms) + " ms"}`;
}

function limitsText(l) {
  const parts = [`min ${l.minRequests} requests`, `failure limit ${l.failureLimit}`];
  if (l.maxErrorRate !== null && l.maxErrorRate !== undefined) parts.push(`error rate ≤ ${pct(l.maxErrorRate)}`);
  if (l.maxP99Ms !== null && l.maxP99Ms !== undefined) parts.push(`p99 ≤ ${l.maxP99Ms} ms`);
  if (l.slo) parts.push(`SLO ${l.slo} burn rate ≤ ${l.maxBurnRate ?? "—"}`);
  return parts.join(", ");
}

/** The service's latest rollout: phase, revisions, plan, commands and every event. */
function rolloutView(r, steer) {
  const heading = h("h2", { id: "rollout-h" }, "Rollout");
  if (!r) return [heading, h("p", { class: "muted", id: "no-rollout" }, "No rollout. Start one with runlane rollout start.")];
  const st = r.status, spec = r.spec;
  const active = ACTIVE_PHASES.includes(st.phase);
  const gates = (spec.gates || []).length ? ` (approval before ${spec.gates.map((g) => g + "%").join(", ")})` : "";
  const facts = h("dl", { class: "facts" },
    h("dt", {}, "Phase"), h("dd", {}, phaseBadge(st.phase, st.waitingForApproval), st.reason ? h("span", { class: "muted" }, ` ${st.reason}`) : null),
    h("dt", {}, "Canary"), h("dd", {}, h("code", {}, spec.canary), ` at ${st.canaryPercent}%`, st.step !== null && st.step !== undefined && st.step !== st.canaryPercent ? h("span", { class: "muted" }, `, next step ${st.step}%`) : null),
    h("dt", {}, "Stable"), h("dd", {}, h("code", {}, spec.stable)),
    h("dt", {}, "Plan"), h("dd", {}, `${spec.steps.map((x) => x + "%").join(" → ")} every ${spec.intervalSeconds}s${gates}`),
    h("dt", {}, "Limits"), h("dd", {}, limitsText(spec.limits)),
    h("dt", {}, "Started"), h("dd", {}, h("time", { datetime: st.startTime }, `${age(st.startTime)} ago`)));
  const button = (command, label, cls) => h("button", { type: "button", class: cls, "data-rollout": command, onclick: () => steer(command) }, label);
  const actions = active ? h("div", { class: "actions", role: "group", "aria-label": "Rollout commands" },
    st.phase === "Paused" ? button("resume", "Resume", "secondary") : button("pause", "Pause", "secondary"),
    button("promote", st.waitingForApproval ? "Approve and promote" : "Promote"),
    button("abort", "Abort", "danger")) : null;
  const rows = [...st.events].reverse().map((e) => {
    const m = e.measurement, v = e.verdict;
    const outcome = v ? v.outcome : null;
    const cls = outcome === "Pass" ? "ok" : outcome === "Fail" ? "bad" : "warn";
    return h("tr", { "data-event": e.kind },
      h("td", { class: "num" }, h("time", { datetime: e.time, title: e.time }, new Date(e.timeMillis).toLocaleTimeString())),
      h("th", { scope: "row" }, e.kind),
      h("td", { class: "num" }, m ? sampleText(m.canary) : "—"),
      h("td", { class: "num" }, m ? sampleText(m.stable) : "—"),
      h("td", {}, v ? h("span", { class: `badge ${cls}`, title: v.summary }, outcome) : "—"),
      h("td", { class: "msg" }, e.message, v && v.checks.length > 1 ? h("ul", { class: "checks muted small" }, v.checks.map((c) => h("li", {}, `${c.name}: ${c.outcome}${c.detail ? " — " + c.detail : ""}`))) : null));
  });
  return [heading, facts, ...(actions ? [actions] : []),
    h("h3", {}, "History"),
    table(["Time", "Event", "Canary", "Stable", "Verdict", "Detail"], rows, "Newest first: each step, measurement (requests, errors, p99 of canary and stable over the interval) and verdict.")];
}

// === SLOs ===

async function slosTab(token, service, body) {
  const p = `/v3/projects/${encodeURIComponent(ns)}`;
  const list = h("div", { class: "slos" });
  const forms = h("div", { class: "forms" });
  body.replaceChildren(list, forms);
  let formsSignature = null;
  const draw = async () => {
    const slos = (await api(`${p}/services/${encodeURIComponent(service)}/serviceLevelObjectives`)).serviceLevelObjectives || [];
    const statuses = await Promise.all(slos.map((s) => api(`/v3/${s.name}:status?steps=60`)));
    if (token !== renderToken) return;
    list.replaceChildren(h("h2", {}, "Service level objectives"),
      ...(slos.length ? statuses.map(sloCard) : [h("p", { class: "empty" }, "No SLO yet: create one below.")]));
    const channels = (await api(`${p}/notificationChannels`)).notificationChannels || [];
    const signature = JSON.stringify([slos.map((s) => s.name), channels.map((c) => c.name)]);
    if (signature !== formsSignature && token === renderToken) {
      formsSignature = signature;
      forms.replaceChildren(sloForm(service, draw), alertForm(slos, channels, draw));
    }
  };
  await draw();
  every(token, 5, draw);
}

function sloCard(st) {
  const id = st.slo.name.split("/").at(-1);
  const remaining = st.errorBudget.remainingFraction;
  const burning = (st.openIncidents || []).length > 0;
  const burnDown = (st.burnDown || []).filter((b) => b.budgetRemaining !== null).map((b) => [Date.parse(b.endTime), b.budgetRemaining]);
  const burnRate = (st.burnDown || []).filter((b) => b.burnRate !== null).map((b) => [Date.parse(b.endTime), b.burnRate]);
  const from = Date.parse(st.periodStartTime), to = Date.parse(st.dataEndTime);
  const period = st.slo.rollingPeriod ? `rolling ${duration(st.slo.rollingPeriod)}` : `calendar ${st.slo.calendarPeriod}`;
  return h("article", { class: "card" + (burning ? " burning" : ""), "data-slo": id },
    h("h3", {}, st.slo.displayName || id, " ", burning ? h("span", { class: "badge bad" }, "▲ burning") : null),
    h("dl", { class: "facts" },
      h("dt", {}, "SLI"), h("dd", { class: st.sli !== null && st.sli < st.goal ? "bad-text" : "" }, `${pct(st.sli, 3)} against a goal of ${pct(st.goal, 3)} (${period})`),
      h("dt", {}, "Recovery"), h("dd", { "data-recovery": st.recovery ? st.recovery.state : "" }, recoveryText(st.recovery)),
      h("dt", {}, "Error budget left"), h("dd", { class: remaining !== null && remaining < 0.25 ? "bad-text" : "" }, remaining === null ? "no data" : pct(remaining, 1)),
      h("dt", {}, "Burn rate"), h("dd", {}, (st.burnRates || []).map((b) => `${duration(b.lookback)}: ${b.burnRate === null ? "—" : b.burnRate.toFixed(2) + "×"}`).join(" · ")),
      h("dt", {}, "Bad requests by revision"), h("dd", {}, (st.revisions || []).filter((r) => r.events.bad > 0).map((r) => `${r.revision}: ${r.events.bad} (${pct(r.shareOfBad, 0)})`).join(", ") || "none")),
    h("div", { class: "charts" },
      lineChart({ title: "Error budget remaining (burn-down over the period)", from, to, percent: true, series: [{ name: "budget left", points: burnDown }], yMax: 1, lines: [{ value: 0, label: "exhausted" }] }),
      lineChart({ title: "Burn rate", from, to, series: [{ name: "burn rate", points: burnRate, color: "#dc2626" }], lines: [{ value: 1, label: "1× (budget lasts the period)" }] })));
}

// When the SLI is back over its goal if traffic goes on as recently (what the tutorial's
// last step watches after a rollback).
function recoveryText(recovery) {
  if (!recovery) return "—";
  const rate = `the last ${duration(recovery.rateLookback)}'s rate`;
  switch (recovery.state) {
    case "MET": return "at or over the goal";
    case "RECOVERING": {
      const s = Math.max(0, Math.round(recovery.secondsToGoal));
      const about = s < 60 ? `${s}s` : s < 3600 ? `${Math.floor(s / 60)}m ${s % 60}s` : `${Math.floor(s / 3600)}h ${Math.floor((s % 3600) / 60)}m`;
      return `back over the goal in about ${about} at ${rate}`;
    }
    case "NOT_RECOVERING": return `not climbing back within the period at ${rate} (recent traffic is below the goal too)`;
    case "NO_RECENT_DATA": return `no events in the last ${duration(recovery.rateLookback)} to estimate from`;
    default: return recovery.state;
  }
}

function field(label, input, hint) {
  const id = `f-${Math.random().toString(36).slice(2)}`;
  input.id = id;
  return h("div", { class: "field" }, h("label", { for: id }, label), input, hint ? h("small", { class: "muted" }, hint) : null);
}

function sloForm(service, after) {
  const kind = h("select", { name: "kind" }, h("option", { value: "availability" }, "Availability: good 2xx / bad 5xx over request count"), h("option", { value: "latency" }, "Latency: requests faster than a threshold"));
  const id = h("input", { name: "id", type: "text", value: "availability", required: true, pattern: "[a-z0-9][a-z0-9\\-]*" });
  const goal = h("input", { name: "goal", type: "number", value: "99", min: "0", max: "99.999", step: "0.001", required: true });
  const period = h("select", { name: "period" }, [["3600s", "rolling 1 hour"], ["86400s", "rolling 1 day"], ["604800s", "rolling 7 days"], ["2419200s", "rolling 28 days"], ["2592000s", "rolling 30 days"], ["MONTH", "calendar month"], ["WEEK", "calendar week"], ["DAY", "calendar day"]]
    .map(([v, t]) => h("option", { value: v, selected: v === "86400s" }, t)));
  const threshold = h("input", { name: "threshold", type: "number", value: "300", min: "1", step: "1" });
  const thresholdField = field("Latency threshold (ms)", threshold);
  thresholdField.hidden = true;
  // Windows-based (the tutorial's SLO): each window is good when enough of its requests are.
  const counting = h("select", { name: "counting" }, h("option", { value: "requests" }, "Requests: each request is an event"), h("option", { value: "windows" }, "Windows: each window is an event"));
  const windowPeriod = h("select", { name: "window" }, [["60s", "1 minute"], ["300s", "5 minutes"], ["600s", "10 minutes"], ["3600s", "1 hour"]].map(([v, t]) => h("option", { value: v, selected: v === "300s" }, t)));
  const windowGoal = h("input", { name: "windowGoal", type: "number", value: "95", min: "0", max: "100", step: "0.001" });
  const windowFields = [field("Window length", windowPeriod), field("A window is good when this % of its requests are", windowGoal)];
  windowFields.forEach((f) => (f.hidden = true));
  const suggestId = () => {
    const base = kind.value === "latency" ? `latency-${threshold.value}ms` : "availability";
    id.value = counting.value === "windows" ? `${base}-windows` : base;
  };
  kind.addEventListener("change", () => {
    thresholdField.hidden = kind.value !== "latency";
    suggestId();
  });
  counting.addEventListener("change", () => {
    windowFields.forEach((f) => (f.hidden = counting.value !== "windows"));
    suggestId();
  });
  const error = h("p", { class: "error", role: "alert" });
  const form = h("form", { class: "card", "aria-labelledby": "slo-form-h" },
    h("h2", { id: "slo-form-h" }, "Create an SLO"),
    field("Kind", kind), field("Counted in", counting), ...windowFields, field("ID", id), field("Goal (%)", goal), field("Compliance period", period), thresholdField,
    h("button", { type: "submit" }, "Create SLO"), error);
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    error.textContent = "";
    const count = 'metric.type="run.googleapis.com/request_count"';
    const sli = kind.value === "availability"
      ? { requestBased: { goodTotalRatio: { goodServiceFilter: `${count} AND metric.labels.response_code_class="2xx"`, badServiceFilter: `${count} AND metric.labels.response_code_class="5xx"` } } }
      : { requestBased: { distributionCut: { distributionFilter: 'metric.type="run.googleapis.com/request_latencies"', range: { min: 0, max: Number(threshold.value) } } } };
    const indicator = counting.value === "windows"
      ? { windowsBased: { windowPeriod: windowPeriod.value, goodTotalRatioThreshold: { performance: sli.requestBased, threshold: Number(windowGoal.value) / 100 } } }
      : sli;
    const slo = { displayName: id.value, goal: Number(goal.value) / 100, serviceLevelIndicator: indicator };
    if (period.value.endsWith("s")) slo.rollingPeriod = period.value;
    else slo.calendarPeriod = period.value;
    try {
      await api(`/v3/projects/${encodeURIComponent(ns)}/services/${encodeURIComponent(service)}/serviceLevelObjectives?serviceLevelObjectiveId=${encodeURIComponent(id.value)}`, { method: "POST", body: slo });
      toast(`SLO ${id.value} created`);
      document.activeElement.blur();
      await after();
    } catch (e) {
      error.textContent = e.message;
    }
  });
  return form;
}

function alertForm(slos, channels, after) {
  const p = `/v3/projects/${encodeURIComponent(ns)}`;
  const slo = h("select", { name: "slo", required: true }, slos.map((s) => h("option", { value: s.name }, s.displayName || s.name.split("/").at(-1))));
  const mode = h("select", { name: "mode" }, h("option", { value: "workbook" }, "SRE Workbook preset (page at 14.4× and 6×, ticket at 3× and 1×)"), h("option", { value: "single" }, "One burn-rate condition"));
  const lookback = h("select", { name: "lookback" }, [["60s", "1 minute"], ["300s", "5 minutes"], ["3600s", "1 hour"], ["21600s", "6 hours"]].map(([v, t]) => h("option", { value: v, selected: v === "300s" }, t)));
  const threshold = h("input", { name: "threshold", type: "number", value: "10", min: "0.1", step: "0.1" });
  const single = h("div", { class: "group" }, field("Lookback", lookback), field("Burn-rate threshold (×)", threshold));
  single.hidden = true;
  mode.addEventListener("change", () => (single.hidden = mode.value !== "single"));
  const channel = h("select", { name: "channel" }, h("option", { value: "" }, "no notification"), channels.map((c) => h("option", { value: c.name }, `${c.type}: ${c.displayName}`)), h("option", { value: "new" }, "new email address…"));
  const email = h("input", { name: "email", type: "email", placeholder: "oncall@example.com" });
  const emailField = field("Email address", email);
  emailField.hidden = true;
  channel.addEventListener("change", () => (emailField.hidden = channel.value !== "new"));
  const error = h("p", { class: "error", role: "alert" });
  const form = h("form", { class: "card", "aria-labelledby": "alert-form-h" },
    h("h2", { id: "alert-form-h" }, "Create an alert"),
    slos.length ? [field("SLO", slo), field("Policy", mode), single, field("Notification channel", channel), emailField, h("button", { type: "submit" }, "Create alert")]
      : h("p", { class: "muted" }, "Create an SLO first."),
    error);
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    error.textContent = "";
    try {
      let channelName = channel.value;
      if (channelName === "new") {
        const created = await api(`${p}/notificationChannels`, { method: "POST", body: { type: "email", displayName: email.value, labels: { email_address: email.value } } });
        channelName = created.name;
      }
      const channelsList = channelName ? [channelName] : [];
      const sloPath = slo.value;
      if (mode.value === "workbook") {
        const reply = await api(`${p}/alertPolicies:sreWorkbook`, { method: "POST", body: { slo: sloPath, notificationChannels: channelsList } });
        toast(`Created ${reply.alertPolicies.length} alert policies${reply.warnings.length ? ": " + reply.warnings.join("; ") : ""}`);
      } else {
        const rate = Number(threshold.value);
        const text = `burn rate over ${lookback.selectedOptions[0].textContent} > ${rate}`;
        await api(`${p}/alertPolicies`, { method: "POST", body: {
          displayName: `${sloPath.split("/")[3]} ${sloPath.split("/").at(-1)}: ${text}`, combiner: "OR", enabled: true, notificationChannels: channelsList,
          conditions: [{ displayName: text, conditionThreshold: { filter: `select_slo_burn_rate("${sloPath}", "${lookback.value}")`, comparison: "COMPARISON_GT", thresholdValue: rate, duration: "0s" } }] } });
        toast("Alert policy created");
      }
      document.activeElement.blur();
      await after();
    } catch (e) {
      error.textContent = e.message;
    }
  });
  return form;
}

// === incidents ===

async function incidentsPage(token) {
  document.title = "Incidents · runlane";
  const draw = async () => {
    const list = (await api(`/v3/projects/${encodeURIComponent(ns)}/incidents`)).incidents || [];
    if (token !== renderToken) return;
    const rows = list.map((i) => h("tr", { class: i.state === "OPEN" ? "open" : "" },
      h("th", { scope: "row" }, link(`/incidents/${i.id}`, `#${i.id}`)),
      h("td", {}, h("span", { class: `badge ${i.state === "OPEN" ? "bad" : "ok"}` }, i.state === "OPEN" ? "● OPEN" : i.state), i.acknowledged ? h("span", { class: "muted small" }, ` acked by ${i.acknowledged.by}`) : null),
      h("td", {}, link(`/services/${encodeURIComponent(i.service)}`, i.service)),
      h("td", {}, i.policyDisplayName),
      h("td", { class: "num" }, i.peakBurnRate === null ? "—" : `${i.peakBurnRate.toFixed(1)}×`),
      h("td", {}, i.topRevision || "—"),
      h("td", {}, `${age(i.openTime)} ago`)));
    main.replaceChildren(h("h1", {}, "Incidents"),
      rows.length ? table(["Incident", "State", "Service", "Policy", "Peak burn", "Top revision", "Opened"], rows) : h("p", { class: "empty" }, "No incidents."));
  };
  await draw();
  every(token, 5, draw);
}

async function incidentPage(token, id) {
  document.title = `Incident ${id} · runlane`;
  const path = `/v3/projects/${encodeURIComponent(ns)}/incidents/${encodeURIComponent(id)}`;
  const draw = async () => {
    const i = await api(path);
    const opened = Date.parse(i.openTime);
    const end = i.resolveTime ? Date.parse(i.resolveTime) + 15 * 60e3 : Date.now();
    const start = Math.min(opened - 30 * 60e3, end - 60 * 60e3);
    const seconds = Math.ceil((Date.now() - start) / 1000);
    const step = seconds > 6 * 3600 ? 300 : seconds > 3600 ? 60 : 15;
    const counts = await timeSeries(countFilter(i.service), seconds, step, [["aggregation.perSeriesAligner", "ALIGN_DELTA"], ["aggregation.crossSeriesReducer", "REDUCE_SUM"], ["aggregation.groupByFields", "metric.labels.response_code_class"]]);
    if (token !== renderToken) return;
    const totals = new Map(), bad = new Map();
    for (const s of seriesBy(counts, (ts) => ts.metric.labels.response_code_class)) {
      for (const [t, v] of s.points) {
        totals.set(t, (totals.get(t) || 0) + v);
        if (s.name === "5xx") bad.set(t, (bad.get(t) || 0) + v);
      }
    }
    const allowed = 1 - (i.goal || 0.99);
    const burn = [...totals].filter(([, n]) => n > 0).map(([t, n]) => [t, (bad.get(t) || 0) / n / allowed]);
    const open = i.state === "OPEN";
    // A policy on a metric has no SLO: its conditions' values stand in for burn rate and SLI.
    const onMetric = !i.slo && (i.observed || []).some((o) => !o.lookback && (o.filter || "").includes("metric.type"));
    const OPS = { COMPARISON_GT: ">", COMPARISON_GE: "≥", COMPARISON_LT: "<", COMPARISON_LE: "≤" };
    const sloFacts = onMetric
      ? (i.observed || []).flatMap((o) => [h("dt", {}, "Condition"), h("dd", { "data-condition": o.displayName }, `${o.displayName}: ${o.value === null ? "no data" : shortNumber(o.value)} ${OPS[o.comparison] || ">"} ${o.thresholdValue} at open`)])
      : [h("dt", {}, "Burn rate"), h("dd", {}, `${i.burnRateAtOpen === null ? "—" : i.burnRateAtOpen.toFixed(2) + "×"} at open, peak ${i.peakBurnRate === null ? "—" : i.peakBurnRate.toFixed(2) + "×"}`),
        h("dt", {}, "SLI / budget left"), h("dd", {}, `${pct(i.sli, 3)} (goal ${pct(i.goal, 2)}), budget ${pct(i.budgetRemaining, 1)}`)];
    const actions = h("div", { class: "actions" },
      h("button", { type: "button", id: "ack", disabled: !!i.acknowledged || i.state === "CLOSED", onclick: () => act("acknowledge") }, i.acknowledged ? `Acknowledged by ${i.acknowledged.by}` : "Acknowledge"),
      h("button", { type: "button", id: "close", class: "secondary", disabled: i.state === "CLOSED", onclick: () => act("close") }, "Close"));
    main.replaceChildren(
      h("p", { class: "crumbs" }, link("/incidents", "Incidents"), " / "),
      h("h1", { class: open ? "bad-text" : "" }, `Incident #${i.id}: ${i.policyDisplayName}`),
      h("p", {}, h("span", { class: `badge ${open ? "bad" : "ok"}`, id: "state" }, i.state), " ", link(`/services/${encodeURIComponent(i.service)}`, i.service), onMetric ? " · metric condition" : ` · SLO ${i.sloDisplayName || i.slo}`),
      actions,
      h("dl", { class: "facts" },
        h("dt", {}, "Opened"), h("dd", {}, new Date(i.openTime).toLocaleString()),
        ...sloFacts,
        h("dt", {}, "Top offending revision"), h("dd", {}, i.topRevision ? h("strong", {}, i.topRevision) : "—")),
      h("div", { class: "charts" }, onMetric ? null : lineChart({ title: "Burn rate around the incident (5xx ratio ÷ error budget)", from: start, to: Date.now(), series: [{ name: "burn rate", points: burn, color: "#dc2626" }],
        lines: (i.observed || []).filter((o) => o.thresholdValue).slice(0, 1).map((o) => ({ value: o.thresholdValue, label: `threshold ${o.thresholdValue}×` })) })),
      h("h2", {}, `${onMetric ? "Requests the condition selects" : "Bad requests"} by revision (over ${duration(i.breakdownWindow)})`),
      table(["Revision", onMetric ? "Selected" : "Bad", "Total", onMetric ? "Share of selected" : "Share of bad"], (i.breakdown || []).map((r) => h("tr", {}, h("th", { scope: "row" }, r.revision), h("td", { class: "num" }, String(r.bad)), h("td", { class: "num" }, String(r.total)), h("td", { class: "num" }, pct(r.shareOfBad, 1))))),
      h("h2", {}, "Timeline"),
      h("ol", { class: "timeline" }, (i.timeline || []).map((e) => h("li", {}, h("time", { datetime: e.time }, new Date(e.time).toLocaleTimeString()), " ", h("strong", {}, e.kind), " ", e.message || "", e.by && !(e.message || "").includes(e.by) ? ` (by ${e.by})` : ""))));
  };
  const act = async (verb) => {
    try {
      await api(`${path}:${verb}`, { method: "POST", body: { by: "console" } });
      toast(verb === "acknowledge" ? `Incident ${id} acknowledged` : `Incident ${id} closed`);
      await draw();
    } catch (e) {
      toast(e.message, true);
    }
  };
  await draw();
  every(token, 5, draw);
}

// === uptime checks ===

const UPTIME = () => `/v3/projects/${encodeURIComponent(ns)}/uptimeCheckConfigs`;

/** The project's uptime checks (Cloud Monitoring `uptimeCheckConfigs`) with each one's
 * last run as runlane reports it (`runlane.lastRun`), and a form to check a service URL. */
async function uptimePage(token) {
  document.title = "Uptime checks · runlane";
  const list = h("section", { "aria-labelledby": "uptime-h", id: "uptime-checks" });
  const formSection = h("section", { class: "forms" });
  main.replaceChildren(h("h1", {}, "Uptime checks"), list, formSection);
  let servicesSignature = null;
  const draw = async () => {
    const [checks, services] = await Promise.all([api(UPTIME()), api(`${K}/namespaces/${encodeURIComponent(ns)}/services`)]);
    if (token !== renderToken) return;
    list.replaceChildren(h("h2", { id: "uptime-h" }, "Checks"), uptimeTable(checks.uptimeCheckConfigs || [], (c) => deleteCheck(c, draw).catch((e) => toast(e.message, true))));
    const urls = (services.items || []).filter((s) => s.status && s.status.url).map((s) => [s.metadata.name, s.status.url]);
    const signature = JSON.stringify(urls);
    if (signature !== servicesSignature) {
      servicesSignature = signature;
      formSection.replaceChildren(uptimeForm(urls, draw));
    }
  };
  await draw();
  every(token, 5, draw);
}

/** The URL a check requests: scheme, host, port and path. */
function checkUrl(c) {
  const http = c.httpCheck || {};
  const host = ((c.monitoredResource || {}).labels || {}).host || "";
  return `${http.useSsl ? "https" : "http"}://${host}${http.port ? ":" + http.port : ""}${http.path || "/"}`;
}

/** What a check expects: status codes and content ("2xx", "200 · contains "ok""). */
function checkExpectation(c) {
  const codes = ((c.httpCheck || {}).acceptedResponseStatusCodes || [])
    .map((s) => s.statusValue ?? (s.statusClass || "").replace("STATUS_CLASS_", "").toLowerCase());
  const m = (c.contentMatchers || [])[0];
  const content = m ? `${m.matcher === "NOT_CONTAINS_STRING" ? "not containing" : "containing"} "${m.content}"` : null;
  return [codes.length ? codes.join(", ") : "2xx", content].filter(Boolean).join(" · ");
}

function lastRunCell(c) {
  const run = (c.runlane || {}).lastRun;
  if (!run) return h("td", { "data-last-run": "none" }, h("span", { class: "muted" }, "not run yet"));
  const when = h("time", { datetime: run.time, title: run.time }, ` ${age(run.time)} ago`);
  return run.passed
    ? h("td", { "data-last-run": "passed" }, h("span", { class: "badge ok" }, "✓ passed"), ` in ${run.latencyMs} ms,`, when)
    : h("td", { "data-last-run": "failed" }, h("span", { class: "badge bad" }, "✗ failed"), when, h("div", { class: "error small", "data-error": true }, run.error || ""));
}

function uptimeTable(checks, onDelete) {
  if (!checks.length) return h("p", { class: "empty", id: "no-checks" }, "No uptime checks yet: create one below, or with runlane uptime create.");
  return table(["Check", "URL", "Period", "Timeout", "Expects", "Last run", ""], checks.map((c) => {
    const id = c.name.split("/").at(-1);
    return h("tr", { "data-check": id },
      h("th", { scope: "row" }, c.displayName || id, h("div", { class: "muted small" }, id)),
      h("td", {}, h("code", {}, checkUrl(c))),
      h("td", { class: "num" }, duration(c.period || "60s")),
      h("td", { class: "num" }, duration(c.timeout || "10s")),
      h("td", {}, checkExpectation(c)),
      lastRunCell(c),
      h("td", {}, h("button", { type: "button", class: "danger", "data-delete-check": id, onclick: () => onDelete(c) }, "Delete")));
  }), "Checks run from runlane itself, once when created and then every period; their requests are not counted as the service's traffic.");
}

async function deleteCheck(c, after) {
  if (!(await confirmDialog(`Delete the uptime check ${c.displayName || c.name}?`, "Delete check"))) return;
  await api(`/v3/${c.name}`, { method: "DELETE" });
  toast(`Uptime check ${c.displayName || c.name} deleted`);
  await after();
}

/** "2xx" → a status class, "200" → a status value, "" → the default (any 2xx); anything
 * else goes as written, for the API to refuse in its own words. */
function acceptedStatus(text) {
  const t = text.trim();
  if (!t) return undefined;
  return t.split(",").map((s) => s.trim()).map((s) =>
    /^[1-5]xx$/i.test(s) ? { statusClass: `STATUS_CLASS_${s.toUpperCase()}` } : /^\d+$/.test(s) ? { statusValue: Number(s) } : { statusValue: s });
}

/** The create form: a service's URL and a path, period, timeout, expected status and
 * content. No checks of its own: the API's answer (naming the field) is shown as it is. */
function uptimeForm(urls, after) {
  const service = h("select", { name: "service" }, urls.map(([name, url]) => h("option", { value: url }, `${name} (${url})`)));
  const displayName = h("input", { name: "displayName", type: "text", placeholder: "defaults to SERVICE PATH" });
  const path = h("input", { name: "path", type: "text", value: "/" });
  const period = h("input", { name: "period", type: "number", value: "60", inputmode: "numeric" });
  const timeout = h("input", { name: "timeout", type: "number", value: "10", inputmode: "numeric" });
  const status = h("input", { name: "status", type: "text", placeholder: "2xx", inputmode: "numeric" });
  const matcher = h("select", { name: "matcher" }, h("option", { value: "" }, "any content"), h("option", { value: "CONTAINS_STRING" }, "contains"), h("option", { value: "NOT_CONTAINS_STRING" }, "does not contain"));
  const content = h("input", { name: "content", type: "text" });
  const error = h("p", { class: "error", role: "alert", id: "uptime-error" });
  const form = h("form", { class: "card uptime-form", "aria-labelledby": "uptime-form-h", novalidate: true },
    h("h2", { id: "uptime-form-h" }, "Create an uptime check"),
    urls.length ? null : h("p", { class: "muted" }, "No service has a URL yet: deploy one first."),
    field("Service URL", service), field("Path", path), field("Display name", displayName),
    h("div", { class: "row" }, field("Period (s)", period, "10 to 900"), field("Timeout (s)", timeout, "1 to 60")),
    field("Expected status", status, "2xx by default; e.g. 200, or 2xx, 404"),
    h("div", { class: "row" }, field("Body", matcher), field("Text", content)),
    h("button", { type: "submit" }, "Create check"), error);
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    error.textContent = "";
    try {
      const u = new URL(service.value);
      const tls = u.protocol === "https:";
      const body = {
        displayName: displayName.value.trim() || `${u.hostname.split(".")[0]} ${path.value}`,
        monitoredResource: { type: "uptime_url", labels: { host: u.hostname, project_id: ns } },
        httpCheck: { path: path.value, port: Number(u.port || (tls ? 443 : 80)), requestMethod: "GET", useSsl: tls },
        period: `${period.value}s`,
        timeout: `${timeout.value}s`,
      };
      const accepted = acceptedStatus(status.value);
      if (accepted) body.httpCheck.acceptedResponseStatusCodes = accepted;
      if (matcher.value) body.contentMatchers = [{ content: content.value, matcher: matcher.value }];
      const created = await api(UPTIME(), { method: "POST", body });
      toast(`Uptime check ${created.displayName} created`);
      // Out of the form, so the live refresh shows the check's first run.
      document.activeElement.blur();
      await after();
    } catch (e) {
      error.textContent = e.message;
    }
  });
  return form;
}

// === runlane itself ===

/** Bytes as the CLI shows them: 220.0 MiB, 1.0 GiB. */
function bytes(n) {
  const units = ["B", "KiB", "MiB", "GiB", "TiB"];
  let v = Number(n), i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i += 1;
  }
  return i === 0 ? `${v} B` : `${v.toFixed(1)} ${units[i]}`;
}

/** runlane's own data disk (as `runlane status` shows it): free space and the fill
 * forecast, or why there is none. */
function platformView(status) {
  const st = status.storage;
  if (!st) return h("p", { class: "muted", id: "platform-disk" }, "Disk: not measured (telemetry is off).");
  const f = st.fillForecast;
  return h("dl", { class: "facts", id: "platform-disk" },
    h("dt", {}, "Data disk"), h("dd", { "data-free": st.freeBytes }, `${bytes(st.freeBytes)} free of ${bytes(st.totalBytes)} (logs stop below ${bytes(st.logFloorBytes)})`),
    h("dt", {}, "Forecast"), f
      ? h("dd", { class: "bad-text", "data-forecast": String(f.fullInSeconds) }, f.message)
      : h("dd", { "data-forecast": "none" }, "not filling (free space steady or growing over the last hour)"));
}

// === logs ===

const SEVERITY_ICONS = { DEFAULT: "·", DEBUG: "○", INFO: "ℹ", NOTICE: "●", WARNING: "⚠", ERROR: "✖", CRITICAL: "‼", ALERT: "‼", EMERGENCY: "‼" };

async function logsPage(token, service, container) {
  if (!container) {
    document.title = "Logs · runlane";
    container = h("div");
    main.replaceChildren(h("h1", {}, "Logs"), container);
  }
  const params = new URLSearchParams(location.search);
  const input = (label, node) => field(label, node);
  const serviceBox = h("input", { name: "service", type: "text", value: service || params.get("service") || "", placeholder: "all services" });
  const severity = h("select", { name: "severity" }, ["", "INFO", "WARNING", "ERROR"].map((s) => h("option", { value: s, selected: params.get("severity") === s }, s ? `${s} and above` : "any")));
  const revision = h("input", { name: "revision", type: "text", value: params.get("revision") || "", placeholder: "any revision" });
  const status = h("input", { name: "status", type: "text", value: params.get("status") || "", placeholder: "e.g. 500 or 5xx", inputmode: "numeric" });
  const text = h("input", { name: "text", type: "search", value: params.get("text") || "", placeholder: "text in the message" });
  const form = h("form", { class: "filters", role: "search", "aria-label": "Log filters" },
    service ? null : input("Service", serviceBox), input("Severity", severity), input("Revision", revision), input("Status", status), input("Text", text),
    h("button", { type: "submit" }, "Filter"));
  const list = h("ol", { class: "logs", "aria-live": "off" });
  const note = h("p", { class: "muted small" });
  container.replaceChildren(form, note, list);

  const filterText = () => {
    const terms = [];
    const s = service || serviceBox.value.trim();
    if (s) terms.push(`resource.labels.service_name="${s}"`);
    if (severity.value) terms.push(`severity>=${severity.value}`);
    if (revision.value.trim()) terms.push(`resource.labels.revision_name="${revision.value.trim()}"`);
    const st = status.value.trim();
    if (/^[1-5]xx$/i.test(st)) terms.push(`httpRequest.status>=${st[0]}00 AND httpRequest.status<=${st[0]}99`);
    else if (/^\d{3}$/.test(st)) terms.push(`httpRequest.status=${st}`);
    if (text.value.trim()) terms.push(`"${text.value.trim().replaceAll("\\", "\\\\").replaceAll('"', '\\"')}"`);
    return terms.join(" AND ");
  };
  let newest = null;
  const fetchEntries = async (since) => {
    let filter = filterText();
    if (since) filter = filter ? `${filter} AND timestamp>"${since}"` : `timestamp>"${since}"`;
    const reply = await api("/v2/entries:list", { method: "POST", body: { resourceNames: [`projects/${ns}`], filter, orderBy: "timestamp desc", pageSize: 200 } });
    return reply.entries || [];
  };
  const entryItem = (e) => {
    const sev = e.severity || "DEFAULT";
    const http = e.httpRequest;
    const message = http ? `${http.requestMethod} ${http.status} ${http.requestUrl} ${http.latency}` : e.textPayload ?? (e.jsonPayload && (e.jsonPayload.message ?? JSON.stringify(e.jsonPayload))) ?? "";
    const fields = { revision: e.resource.labels.revision_name, service: e.resource.labels.service_name, instance: e.labels && e.labels.instanceId, log: e.logName, ...(http ? { httpRequest: http } : {}), ...(e.jsonPayload ? { jsonPayload: e.jsonPayload } : {}) };
    return h("li", { class: `entry sev-${sev.toLowerCase()}`, "data-revision": e.resource.labels.revision_name },
      h("details", {},
        h("summary", {},
          h("span", { class: "sev", role: "img", "aria-label": sev, title: sev }, SEVERITY_ICONS[sev] || "·"),
          h("time", { datetime: e.timestamp }, e.timestamp.slice(11, 23)),
          h("span", { class: "rev" }, e.resource.labels.revision_name),
          h("span", { class: "msg" }, message)),
        h("pre", { class: "fields" }, JSON.stringify(fields, null, 2))));
  };
  const draw = async () => {
    const entries = await fetchEntries(null);
    if (token !== renderToken) return;
    newest = entries.length ? entries[0].timestamp : newest;
    list.replaceChildren(...entries.map(entryItem));
    note.textContent = `${entries.length} newest entries${filterText() ? " matching " + filterText() : ""}; newest first${live.checked ? ", tailing live" : ""}.`;
  };
  const tail = async () => {
    if (!newest) return draw();
    const entries = await fetchEntries(newest);
    if (token !== renderToken || entries.length === 0) return;
    newest = entries[0].timestamp;
    list.prepend(...entries.map(entryItem));
    while (list.children.length > 500) list.lastElementChild.remove();
  };
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const q = new URLSearchParams();
    if (ns !== "default") q.set("ns", ns);
    for (const [k, node] of [["service", serviceBox], ["severity", severity], ["revision", revision], ["status", status], ["text", text]]) if (node.value && !(k === "service" && service)) q.set(k, node.value);
    history.replaceState(null, "", location.pathname + (q.toString() ? `?${q}` : ""));
    draw().catch((e) => toast(e.message, true));
  });
  await draw();
  every(token, 2, tail);
}

// === project picker ===

/**
 * The gcloud project (runlane's namespace) every page shows, from `?ns=` so that it
 * survives a reload and an email's link names it. The picker lists every project that
 * has a service, and keeps the page kind when switching (a service or an incident of one
 * project is not in another, so those go to their list).
 */
async function projectPicker() {
  const select = document.getElementById("project");
  for (const a of document.querySelectorAll("header.top a")) {
    if (ns !== "default") a.search = `?ns=${encodeURIComponent(ns)}`;
  }
  if (!select) return;
  const names = new Set(["default", ns]);
  try {
    for (const s of (await api(`${K}/services`)).items || []) names.add(s.metadata.namespace);
  } catch (e) {
    toast(`could not list the projects: ${e.message}`, true);
  }
  select.replaceChildren(...[...names].sort().map((n) => h("option", { value: n, selected: n === ns }, n)));
  select.addEventListener("change", () => {
    const parts = location.pathname.split("/").filter(Boolean);
    const path = parts[0] === "services" ? "/" : parts[0] === "incidents" ? "/incidents" : location.pathname;
    location.assign(path + (select.value === "default" ? "" : `?ns=${encodeURIComponent(select.value)}`));
  });
}

projectPicker();
route();
