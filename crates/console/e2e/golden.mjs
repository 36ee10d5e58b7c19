// The golden signals and uptime checks in the console, in a real headless Chromium over
// the DevTools Protocol: the service page's panel shows, per revision, the latency of
// successes and of errors apart (the canary's errors fast, its successes slow), its
// error share, traffic and saturation, with the SLO beside it, each revision in the
// same colour in the panel, the split bar and the charts; the Uptime page refuses a
// too-short period in the API's own words, creates a check of the service's URL that
// then shows a passing last run, and deletes another; the services page shows
// runlane's own disk and its fill forecast. Fails (exit 1) on missing content and on
// any browser console error. crates/runlane/tests/console.rs runs it.
//
// Environment: API (http://HOST:PORT), TOKEN, SERVICE, STABLE and CANARY (revisions),
// DELAY_MS (the successes' added latency), CHECKED (a service that never fails, to
// check), DOOMED_CHECK (a check's id to delete); SHOTS (optional: a directory for
// screenshots of the panel and the Uptime page).

import { launch } from "./cdp.mjs";

const { API, TOKEN, SERVICE, STABLE, CANARY, DELAY_MS, CHECKED, DOOMED_CHECK } = process.env;
for (const [k, v] of Object.entries({ API, TOKEN, SERVICE, STABLE, CANARY, DELAY_MS, CHECKED, DOOMED_CHECK })) {
  if (!v) throw new Error(`golden.mjs needs ${k} in its environment`);
}
const q = JSON.stringify;
const step = (name) => console.log(`step: ${name}`);
const cell = (rev, signal) => `document.querySelector(${q(`tr[data-golden="${rev}"] td[data-signal="${signal}"]`)})`;
const num = (rev, signal, attr) => `Number(${cell(rev, signal)}?.dataset[${q(attr)}] || NaN)`;
const text = (selector) => `(document.querySelector(${q(selector)})?.innerText || "")`;

const browser = await launch();
let failed = null;
const seen = {};
let page = null;
try {
  page = await browser.newPage({ width: 1400, height: 1000 });
  const setValue = (selector, value) => page.eval(`(() => { const e = document.querySelector(${q(selector)}); e.value = ${q(value)}; e.dispatchEvent(new Event("input", {bubbles: true})); e.dispatchEvent(new Event("change", {bubbles: true})); return true; })()`);

  step("the service page: both revisions' latencies, successes and errors apart");
  await page.goto(`${API}/services/${SERVICE}?token=${TOKEN}`);
  // At least 50 errors in the panel's minute, so the first requests (to an instance just
  // started) do not make the percentiles.
  await page.waitFor(`${num(CANARY, "latency-5xx", "p50")} >= 0 && ${num(CANARY, "latency-2xx", "p50")} > 0 && ${num(STABLE, "latency-2xx", "p50")} > 0 && ${num(CANARY, "errors", "share")} * ${num(CANARY, "traffic", "rps")} * 60 >= 50`,
    "the canary's success and error latencies and 50 errors", 60000);
  for (const [rev, klass] of [[CANARY, "latency-2xx"], [CANARY, "latency-5xx"], [STABLE, "latency-2xx"]]) {
    seen[`${rev} ${klass}`] = await page.eval(`[${["p50", "p95", "p99"].map((p) => num(rev, klass, p)).join(", ")}]`);
  }
  const [okP50, , okP99] = seen[`${CANARY} latency-2xx`];
  const [errP50, , errP99] = seen[`${CANARY} latency-5xx`];
  if (!(okP50 >= Number(DELAY_MS))) throw new Error(`the canary's successes take DELAY_MS=${DELAY_MS}, the panel says p50 ${okP50} ms`);
  // The medians: a tail on two busy cores queues errors and successes alike.
  if (!(errP50 < Number(DELAY_MS) / 2)) throw new Error(`the canary's errors (p50 ${errP50} ms) must show faster than its successes (p50 ${okP50} ms)`);
  if (!(errP50 <= errP99 && okP50 <= okP99)) throw new Error(`percentiles out of order: ${q(seen)}`);
  const share = await page.eval(num(CANARY, "errors", "share"));
  if (!(share > 0.2 && share < 0.8)) throw new Error(`the canary fails half its requests; the panel's error share is ${share}`);
  if ((await page.eval(num(STABLE, "errors", "share"))) !== 0) throw new Error("the stable revision does not fail");
  if ((await page.eval(`${cell(STABLE, "latency-5xx")}.innerText`)) !== "—") throw new Error("the stable revision has no error latency");
  seen.rps = await page.eval(num(CANARY, "traffic", "rps"));
  if (!(seen.rps > 0)) throw new Error(`the canary's requests/s: ${seen.rps}`);

  step("saturation: instances against maxScale, concurrency against its limit, queue, CPU and memory");
  seen.instances = await page.eval(`${cell(STABLE, "instances")}.innerText`);
  if (!/^\d+ \/ 3$/.test(seen.instances) || seen.instances.startsWith("0 ")) throw new Error(`instances against maxScale 3: ${seen.instances}`);
  seen.concurrency = await page.eval(`${cell(STABLE, "concurrency")}.innerText`);
  if (!/ \/ 8$/.test(seen.concurrency)) throw new Error(`concurrency against containerConcurrency 8: ${seen.concurrency}`);
  if (!/^\d+$/.test(await page.eval(`${cell(STABLE, "queued")}.innerText`))) throw new Error("the router's queue depth");
  for (const s of ["cpu", "memory"]) if (!(await page.eval(`${cell(STABLE, s)}.innerText`)).includes("/")) throw new Error(`${s} p50/p99`);

  step("the SLO beside the signals");
  await page.waitFor(`["below", "burning"].includes(document.querySelector("#golden [data-slo=availability]")?.dataset.state)`, "the availability SLO below its goal beside the panel", 30000);

  step("one colour per revision: panel, split bar and the requests chart's legend agree");
  const colours = await page.eval(`(() => {
    const bg = (e) => e ? getComputedStyle(e).backgroundColor : null;
    const legend = (rev) => {
    const chart = [...document.querySelectorAll("figure.chart")].find((f) => f.querySelector("figcaption").innerText === "Requests/s by revision");
    const item = chart && [...chart.querySelectorAll(".legend li")].find((li) => li.innerText.startsWith(rev));
    return item ? item.querySelector(".swatch") : null;
  };
    return Object.fromEntries([${q(STABLE)}, ${q(CANARY)}].map((rev) => [rev, [
      bg(document.querySelector('tr[data-golden="' + rev + '"] .swatch')),
      bg(document.querySelector('.split .seg[data-revision="' + rev + '"]')),
      bg(document.querySelector('tr[data-revision="' + rev + '"] .swatch')),
      bg(legend(rev)),
    ]]));
  })()`);
  for (const [rev, cs] of Object.entries(colours)) {
    if (cs.some((c) => c === null) || new Set(cs).size !== 1) throw new Error(`${rev} in one colour everywhere: ${q(colours)}`);
  }
  if (colours[STABLE][0] === colours[CANARY][0]) throw new Error(`two revisions, two colours: ${q(colours)}`);

  if (process.env.SHOTS) await page.screenshot(`${process.env.SHOTS}/golden-signals.png`);

  step("the services page: runlane's own disk and its forecast");
  await page.click('a[data-nav="services"]');
  await page.waitFor(`${text("#platform-disk")}.includes("free of")`, "the data disk line");
  seen.disk = await page.eval(text("#platform-disk"));
  if (!seen.disk.includes("Forecast")) throw new Error(`the forecast line: ${seen.disk}`);

  step("the Uptime page: the API's words for a period too short");
  await page.click('a[data-nav="uptime"]');
  await page.waitFor(`document.querySelector(${q(`tr[data-check="${DOOMED_CHECK}"]`)})`, "the check made through the API");
  // A service that never fails, so the check's first run passes.
  await page.eval(`(() => { const s = document.querySelector("form.uptime-form [name=service]"); s.value = [...s.options].find((o) => o.text.startsWith(${q(CHECKED + " ")})).value; return true; })()`);
  await setValue("form.uptime-form [name=path]", "/");
  await setValue("form.uptime-form [name=displayName]", "quiet from the console");
  await setValue("form.uptime-form [name=period]", "5");
  await page.click("form.uptime-form button[type=submit]");
  await page.waitFor(`${text("#uptime-error")}.includes("period")`, "the API's refusal of a 5 s period");
  seen.refusal = await page.eval(text("#uptime-error"));

  step("a check created through the form shows its last run");
  await setValue("form.uptime-form [name=period]", "10");
  await setValue("form.uptime-form [name=status]", "200");
  await setValue("form.uptime-form [name=matcher]", "CONTAINS_STRING");
  await setValue("form.uptime-form [name=content]", "Hello");
  await page.click("form.uptime-form button[type=submit]");
  const row = `[...document.querySelectorAll("#uptime-checks tr[data-check]")].find((tr) => tr.innerText.includes("quiet from the console"))`;
  await page.waitFor(`${row}?.querySelector("[data-last-run=passed]")`, "the new check's passing last run", 30000);
  seen.check = await page.eval(`${row}.innerText`);
  if (!/passed in \d+ ms/.test(seen.check) || !seen.check.includes("10s") || !seen.check.includes('200 · containing "Hello"')) throw new Error(`the new check's row: ${seen.check}`);
  if ((await page.eval(text("#uptime-error"))) !== "") throw new Error("the refusal is cleared by a success");

  if (process.env.SHOTS) await page.screenshot(`${process.env.SHOTS}/uptime.png`);

  step("deleting a check");
  await page.click(`button[data-delete-check="${DOOMED_CHECK}"]`);
  await page.waitFor(`document.querySelector("dialog[open] #confirm-yes")`, "the confirmation dialog");
  await page.click("dialog[open] #confirm-yes");
  await page.waitFor(`!document.querySelector(${q(`tr[data-check="${DOOMED_CHECK}"]`)})`, "the deleted check to leave the list");

  // The one refusal asked for above is a 400 the browser logs; anything else is an error.
  const refused = page.errors.findIndex((e) => e.includes("status of 400") && e.includes("/uptimeCheckConfigs"));
  if (refused >= 0) page.errors.splice(refused, 1);
  if (page.errors.length) throw new Error(`the browser reported errors:\n${page.errors.join("\n")}`);
  console.log(JSON.stringify({ ok: true, seen }));
} catch (e) {
  failed = e;
  if (page && page.errors.length) seen.browserErrors = page.errors;
} finally {
  await browser.close();
}
if (failed) {
  console.error(`console golden-signals walk failed: ${failed.stack || failed}\nseen: ${q(seen)}`);
  process.exit(1);
}
