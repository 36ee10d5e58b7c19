// The console's release loop in a real headless Chromium, driven over the DevTools
// Protocol: log in with the token URL, see the 10% canary, create an SLO and an alert,
// watch the SLO burn and the incident open, acknowledge it, filter the logs to the
// canary, roll back with one click, then check the phone width and keyboard focus.
// Fails (exit 1) on any missing content and on any browser console error or uncaught
// exception. crates/runlane/tests/console.rs runs it against a real `runlane up`.
//
// Environment: CONSOLE_URL (http://API/?token=…), SERVICE, GOOD_REVISION, NEXT_REVISION,
// SHOTS (a directory for screenshots; optional).

import { launch } from "./cdp.mjs";
import { mkdirSync } from "node:fs";
import { join } from "node:path";

const { CONSOLE_URL, SERVICE, GOOD_REVISION, NEXT_REVISION, SHOTS } = process.env;
for (const [k, v] of Object.entries({ CONSOLE_URL, SERVICE, GOOD_REVISION, NEXT_REVISION })) {
  if (!v) throw new Error(`walk.mjs needs ${k} in its environment`);
}
if (SHOTS) mkdirSync(SHOTS, { recursive: true });
const q = JSON.stringify;
const step = (name) => console.log(`step: ${name}`);
const timings = {};

const browser = await launch();
let failed = null;
try {
  const page = await browser.newPage({ width: 1280, height: 900 });
  const shot = async (name) => SHOTS && page.screenshot(join(SHOTS, `${name}.png`));
  /** Sets a form control's value as a user would, firing input and change. */
  const setValue = (selector, value) => page.eval(`(() => { const e = document.querySelector(${q(selector)}); e.focus(); e.value = ${q(value)}; e.dispatchEvent(new Event("input", {bubbles: true})); e.dispatchEvent(new Event("change", {bubbles: true})); e.blur(); return true; })()`);
  const text = (selector) => `(document.querySelector(${q(selector)})?.innerText || "")`;
  const timePage = async (name, ready) => {
    const start = Date.now();
    await page.waitFor(ready, `${name} to render`);
    timings[name] = Date.now() - start;
  };

  step("log in with the token URL");
  await page.goto(CONSOLE_URL);
  await timePage("services", `location.search === "" && location.pathname === "/" && ${text("main table")}.includes(${q(SERVICE)})`);
  if (await page.eval(`document.cookie.includes("runlane_session")`)) throw new Error("the session cookie is readable by scripts; it must be HttpOnly");
  await page.waitFor(`${text("main table")}.includes("10%")`, "the services list to show the 10% canary split");
  await page.waitFor(`document.querySelector('main table [data-access="public"]')?.innerText === "public"`, "the services list to say the service is public, beside its URL");
  await shot("services");

  step("open the service: revisions, split, charts");
  await page.click(`main table a[href="/services/${SERVICE}"]`);
  await timePage("service", `document.querySelectorAll("tr[data-revision]").length === 2 && document.querySelectorAll("figure.chart").length === 6`);
  // Saturation, the fourth golden signal beside latency, traffic and errors: CPU and memory charts.
  await page.waitFor(`(() => { const c = [...document.querySelectorAll('figure.chart[data-signal="saturation"] figcaption')].map((e) => e.innerText); return c.length === 2 && c[0].startsWith("CPU utilization") && c[1].startsWith("Memory utilization"); })()`, "the CPU and memory utilization charts");
  // Latency of successes apart from errors': the 2xx percentiles at least.
  await page.waitFor(`(() => { const c = document.querySelector('figure.chart[data-signal="latency"]'); return !!c && c.querySelector("figcaption").innerText.startsWith("Latency of successes (2xx) and errors (5xx)") && [...c.querySelectorAll(".legend li")].some((li) => li.innerText.startsWith("2xx p99")); })()`, "the latency chart with successes and errors apart");
  const canaryRow = `tr[data-revision=${q(NEXT_REVISION)}]`;
  await page.waitFor(`${text(canaryRow)}.includes("10%") && ${text(canaryRow)}.includes("next")`, "the canary row to show 10% and its tag");
  await page.waitFor(`${text(".traffic-editor")}.includes("Total 100%")`, "the traffic editor");
  await page.click(`.ranges button:nth-child(2)`);
  await page.waitFor(`document.querySelector(".ranges button:nth-child(2)").getAttribute("aria-pressed") === "true"`, "the 1h range to be selected");
  await page.click(`.ranges button:nth-child(1)`);
  // A revision is one colour in the split bar and the charts, and never red or green.
  await page.waitFor(`(() => {
    const revs = [${q(GOOD_REVISION)}, ${q(NEXT_REVISION)}];
    const seg = (rev) => document.querySelector(".split .seg[data-revision=" + JSON.stringify(rev) + "]");
    const chart = [...document.querySelectorAll("figure.chart")].find((f) => f.querySelector("figcaption").innerText === "Requests/s by revision");
    const swatch = (rev) => chart && [...chart.querySelectorAll(".legend li")].find((li) => li.innerText.startsWith(rev + ":"))?.querySelector(".swatch");
    if (!revs.every((rev) => seg(rev) && swatch(rev))) return false;
    const colors = revs.map((rev) => seg(rev).style.background);
    return revs.every((rev, i) => swatch(rev).style.background === colors[i]) && colors[0] !== colors[1]
      && colors.every((c) => c !== "rgb(220, 38, 38)" && c !== "rgb(22, 163, 74)");
  })()`, "each revision in one colour, neither red nor green, in the split bar and the by-revision chart");
  await shot("service-canary");

  step("create an availability SLO from the SLOs tab");
  await page.click(`.tabs a[href$="/slos"]`);
  await timePage("slos", `${text("main")}.includes("Create an SLO")`);
  await setValue("form[aria-labelledby=slo-form-h] [name=goal]", "99");
  await page.click(`form[aria-labelledby=slo-form-h] button[type=submit]`);
  await page.waitFor(`document.querySelector('[data-slo="availability"]')`, "the new SLO's card");
  await page.waitFor(`${text('[data-slo="availability"]')}.includes("against a goal of 99.000%")`, "the SLI against its goal");

  step("create the tutorial's windows-based SLO in the same form");
  await setValue("form[aria-labelledby=slo-form-h] [name=counting]", "windows");
  await page.waitFor(`document.querySelector("form[aria-labelledby=slo-form-h] [name=id]").value === "availability-windows"`, "the windows SLO's suggested id");
  await setValue("form[aria-labelledby=slo-form-h] [name=windowGoal]", "95");
  await setValue("form[aria-labelledby=slo-form-h] [name=goal]", "95");
  await page.click(`form[aria-labelledby=slo-form-h] button[type=submit]`);
  await page.waitFor(`document.querySelector('[data-slo="availability-windows"]')`, "the windows-based SLO's card");

  step("create a burn-rate alert with a new email channel");
  await page.waitFor(`document.querySelector("form[aria-labelledby=alert-form-h] select")`, "the alert form");
  const alertForm = "form[aria-labelledby=alert-form-h]";
  await setValue(`${alertForm} [name=slo]`, `projects/default/services/${SERVICE}/serviceLevelObjectives/availability`);
  await setValue(`${alertForm} [name=mode]`, "single");
  await setValue(`${alertForm} [name=lookback]`, "60s");
  await setValue(`${alertForm} [name=threshold]`, "5");
  await setValue(`${alertForm} [name=channel]`, "new");
  await setValue(`${alertForm} [name=email]`, "oncall@example.com");
  await page.click(`${alertForm} button[type=submit]`);
  await page.waitFor(`document.getElementById("toast").innerText.includes("Alert policy created")`, "the alert to be created");

  step("watch the SLO burn");
  await page.waitFor(`document.querySelector('[data-slo="availability"].burning')`, "the SLO card to show it is burning", 60000);
  await page.waitFor(`${text('[data-slo="availability"]')}.includes(${q(NEXT_REVISION)})`, "bad requests attributed to the canary");
  // The card says whether, and when, the SLI is back over its goal at the recent rate.
  await page.waitFor(`(() => {
    const d = document.querySelector('[data-slo="availability"] dd[data-recovery]');
    const says = { MET: /^at or over the goal$/, RECOVERING: /^back over the goal in about \\d/, NOT_RECOVERING: /^not climbing back/, NO_RECENT_DATA: /^no events/ };
    return d && says[d.dataset.recovery]?.test(d.innerText);
  })()`, "the SLO card's recovery estimate");
  await shot("slo-burning");

  step("the services list tells the SLO's real state");
  await page.click(`header nav a[data-nav="services"]`);
  // The availability SLO is below its goal; the windows-based one is too once its first
  // whole window (aligned to the clock) has ended, which may or may not have happened yet.
  await page.waitFor(`/\\b[12] of 2 below goal/.test(document.querySelector('main table [data-slo="below"]')?.innerText || "")`, "the services list to show the SLOs below their goal, not met");

  step("the incident is listed in red and opens");
  await page.click(`header nav a[href="/incidents"]`);
  await timePage("incidents", `document.querySelector("tr.open a")`);
  await shot("incidents");
  await page.click("tr.open a");
  await timePage("incident", `${text("main h1")}.includes("Incident #") && document.getElementById("ack")`);
  await page.waitFor(`${text("main")}.includes("Top offending revision") && ${text("main dl")}.includes(${q(NEXT_REVISION)})`, "the canary as the top offending revision");
  await page.waitFor(`${text("main")}.includes("Timeline") && ${text(".timeline")}.includes("opened")`, "the timeline");
  const incidentPath = await page.eval("location.pathname");

  step("acknowledge it");
  await page.click("#ack");
  await page.waitFor(`${text("#ack")}.includes("Acknowledged by console")`, "the incident to be acknowledged");
  await page.waitFor(`${text(".timeline")}.includes("acknowledged")`, "the acknowledgement on the timeline");
  await shot("incident");

  step("logs filtered to the canary");
  await page.click(`main a[href="/services/${SERVICE}"]`);
  await page.waitFor(`document.querySelector('.tabs a[href$="/logs"]')`, "the service tabs");
  await page.click(`.tabs a[href$="/logs"]`);
  await timePage("logs", `document.querySelectorAll("li.entry").length > 0`);
  await setValue("form.filters [name=revision]", NEXT_REVISION);
  await page.click("form.filters button[type=submit]");
  await page.waitFor(`(() => { const e = [...document.querySelectorAll("li.entry")]; return e.length > 0 && e.every((x) => x.dataset.revision === ${q(NEXT_REVISION)}); })()`, "only the canary's entries");
  await page.waitFor(`document.querySelector("li.entry .sev[aria-label=ERROR]")`, "an ERROR entry with its icon");
  await page.click("li.entry summary");
  await page.waitFor(`document.querySelector("li.entry details[open] .fields")?.innerText.includes(${q(`"revision": "${NEXT_REVISION}"`)})`, "the expanded entry's structured fields");
  await page.waitFor(`document.querySelector("li.entry details[open] .fields")?.innerText.includes('"instance"')`, "the instance label");
  await shot("logs-next");

  step("roll back: send 100% to the good revision");
  await page.click(`.tabs a[href="/services/${SERVICE}"]`);
  await page.waitFor(`document.querySelector('button[data-rollback=${q(GOOD_REVISION)}]')`, "the rollback button");
  await page.click(`button[data-rollback=${q(GOOD_REVISION)}]`);
  await page.waitFor(`document.querySelector("dialog[open] #confirm-yes")`, "the confirmation dialog");
  await shot("rollback-confirm");
  await page.click("dialog[open] #confirm-yes");
  await page.waitFor(`${text(`tr[data-revision=${q(GOOD_REVISION)}]`)}.includes("100%") && ${text(canaryRow)}.includes("0%")`, "the revisions table to show the new split", 15000);
  await shot("service-after-rollback");

  step("phone width");
  await page.setViewport({ width: 390, height: 844, mobile: true });
  await page.goto(new URL(`/services/${SERVICE}`, CONSOLE_URL).href);
  await page.waitFor(`document.querySelectorAll("figure.chart").length === 6`, "the service page at phone width");
  const overflow = await page.eval("document.documentElement.scrollWidth - window.innerWidth");
  if (overflow > 1) throw new Error(`at 390 px the page is ${overflow} px wider than the screen`);
  await shot("phone-service");

  step("keyboard: the first Tab reaches the skip link, then real links and buttons");
  await page.setViewport({ width: 1280, height: 900, mobile: false });
  await page.goto(new URL(incidentPath, CONSOLE_URL).href);
  await page.waitFor(`document.getElementById("close")`, "the incident page");
  await page.key("Tab");
  const first = await page.eval("document.activeElement.className + ':' + document.activeElement.tagName");
  if (first !== "skip:A") throw new Error(`the first Tab focused ${first}, not the skip link`);
  const focusable = await page.eval(`[...document.querySelectorAll("main button, main a")].every((e) => e.tabIndex >= 0)`);
  if (!focusable) throw new Error("a button or link in the page is not reachable with Tab");

  if (page.errors.length) throw new Error(`the browser reported errors:\n${page.errors.join("\n")}`);
  console.log(JSON.stringify({ ok: true, incident: incidentPath.split("/").at(-1), timings }));
} catch (e) {
  failed = e;
} finally {
  await browser.close();
}
if (failed) {
  console.error(`console walk failed: ${failed.stack || failed}`);
  process.exit(1);
}
