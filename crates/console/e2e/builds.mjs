// A service's builds on its console page, in a real headless Chromium over the DevTools
// Protocol: the revision a build produced shows the build's status, duration and digest
// beside it; the builds table lists the passing and the failing build with their status,
// duration, digest and revision; "Log" shows each build's log. Fails (exit 1) on missing
// content and on any browser console error. crates/runlane/tests/console.rs runs it.
//
// Environment: API (http://HOST:PORT), TOKEN, SERVICE, REVISION, OK_BUILD, FAILED_BUILD,
// DIGEST (the passing build's, sha256:…).

import { launch } from "./cdp.mjs";

const { API, TOKEN, SERVICE, REVISION, OK_BUILD, FAILED_BUILD, DIGEST } = process.env;
for (const [k, v] of Object.entries({ API, TOKEN, SERVICE, REVISION, OK_BUILD, FAILED_BUILD, DIGEST })) {
  if (!v) throw new Error(`builds.mjs needs ${k} in its environment`);
}
const q = JSON.stringify;
const step = (name) => console.log(`step: ${name}`);
const short = DIGEST.replace("sha256:", "").slice(0, 12);
const cell = (selector) => `(document.querySelector(${q(selector)})?.innerText || "")`;

const browser = await launch();
let failed = null;
try {
  const page = await browser.newPage({ width: 1280, height: 900 });

  step("the service page: the revision shows the build it came from");
  await page.goto(`${API}/services/${SERVICE}?token=${TOKEN}`);
  await page.waitFor(`document.querySelector(${q(`tr[data-revision="${REVISION}"] td[data-build="${OK_BUILD}"]`)}) !== null`, "the build beside its revision");
  const beside = await page.eval(cell(`tr[data-revision="${REVISION}"] td[data-build="${OK_BUILD}"]`));
  if (!beside.includes("SUCCESS") || !beside.includes(short) || !/\d+\.\ds/.test(beside)) throw new Error(`the revision's build cell: ${beside}`);

  step("the builds table: both builds, with status, duration, digest and revision");
  const okRow = await page.eval(cell(`#builds tr[data-build="${OK_BUILD}"]`));
  if (!okRow.includes("SUCCESS") || !okRow.includes(short) || !okRow.includes(REVISION) || !/\d+\.\ds/.test(okRow)) throw new Error(`the passing build's row: ${okRow}`);
  const badRow = await page.eval(cell(`#builds tr[data-build="${FAILED_BUILD}"]`));
  if (!badRow.includes("FAILURE") || !/\d+\.\ds/.test(badRow)) throw new Error(`the failing build's row: ${badRow}`);

  step("each build's log");
  await page.click(`button[data-build-log="${FAILED_BUILD}"]`);
  await page.waitFor(`${cell("pre.build-log")}.includes("no-such-file")`, "the failing build's log");
  await page.click(`button[data-build-log="${OK_BUILD}"]`);
  await page.waitFor(`${cell("pre.build-log")}.includes("STEP 1/2") && !${cell("pre.build-log")}.includes("no-such-file")`, "the passing build's log");

  if (page.errors.length) throw new Error(`the browser reported errors:\n${page.errors.join("\n")}`);
  console.log(JSON.stringify({ ok: true }));
} catch (e) {
  failed = e;
} finally {
  await browser.close();
}
if (failed) {
  console.error(`console builds walk failed: ${failed.stack || failed}`);
  process.exit(1);
}
