// The alert email's incident link, opened as its reader opens it, in a real headless
// Chromium over the DevTools Protocol: log in with the token URL `runlane up` prints,
// then follow the link from the mail (`/incidents/ID?ns=PROJECT`). The page must name the
// incident, its top offending revision and the project the link names. Fails (exit 1) on
// missing content and on any browser console error or uncaught exception.
// crates/runlane/tests/journey.rs runs it.
//
// Environment: API (http://HOST:PORT), TOKEN, INCIDENT_URL (the mail's link), INCIDENT
// (its id), REVISION (the top offending revision), PROJECT.

import { launch } from "./cdp.mjs";

const { API, TOKEN, INCIDENT_URL, INCIDENT, REVISION, PROJECT } = process.env;
for (const [k, v] of Object.entries({ API, TOKEN, INCIDENT_URL, INCIDENT, REVISION, PROJECT })) {
  if (!v) throw new Error(`incident.mjs needs ${k} in its environment`);
}
const q = JSON.stringify;
const step = (name) => console.log(`step: ${name}`);
const text = (selector) => `(document.querySelector(${q(selector)})?.innerText || "")`;

const browser = await launch();
let failed = null;
try {
  const page = await browser.newPage({ width: 1280, height: 900 });

  step("log in with the token URL");
  await page.goto(`${API}/?token=${TOKEN}`);
  await page.waitFor(`location.search === "" && document.getElementById("project")`, "the console after the login");

  step("open the incident link from the email");
  await page.goto(INCIDENT_URL);
  await page.waitFor(`${text("main h1")}.startsWith(${q(`Incident #${INCIDENT}:`)})`, "the incident's page");
  await page.waitFor(`document.getElementById("project").value === ${q(PROJECT)}`, "the incident's project in the picker");
  await page.waitFor(`[...document.querySelectorAll("main dd strong")].some((e) => e.innerText === ${q(REVISION)})`, "the top offending revision");
  await page.waitFor(`[...document.querySelectorAll("main table th[scope=row]")].some((e) => e.innerText === ${q(REVISION)})`, "the revision in the breakdown");
  const shown = await page.eval(`({ title: ${text("main h1")}, state: ${text("#state")}, project: document.getElementById("project").value })`);

  if (page.errors.length) throw new Error(`the browser reported errors:\n${page.errors.join("\n")}`);
  console.log(JSON.stringify({ ok: true, ...shown }));
} catch (e) {
  failed = e;
} finally {
  await browser.close();
}
if (failed) {
  console.error(`console incident walk failed: ${failed.stack || failed}`);
  process.exit(1);
}
