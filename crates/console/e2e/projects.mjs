// The console across gcloud projects (runlane's namespaces), in a real headless Chromium
// over the DevTools Protocol: the picker lists every project with a service; choosing
// one shows its services and puts it in the address (`?ns=`), so a reload and the header's
// links keep it; a deep link with `?ns=` and the token (an email's link, logged in) lands
// on that project's page. Fails (exit 1) on missing content and on any browser console
// error or uncaught exception. crates/runlane/tests/console.rs runs it.
//
// Environment: API (http://HOST:PORT), TOKEN, PROJECT, PROJECT_SERVICE, DEFAULT_SERVICE.

import { launch } from "./cdp.mjs";

const { API, TOKEN, PROJECT, PROJECT_SERVICE, DEFAULT_SERVICE } = process.env;
for (const [k, v] of Object.entries({ API, TOKEN, PROJECT, PROJECT_SERVICE, DEFAULT_SERVICE })) {
  if (!v) throw new Error(`projects.mjs needs ${k} in its environment`);
}
const q = JSON.stringify;
const step = (name) => console.log(`step: ${name}`);
const text = (selector) => `(document.querySelector(${q(selector)})?.innerText || "")`;
const listed = (name) => `${text("main table")}.includes(${q(name)})`;

const browser = await launch();
let failed = null;
try {
  const page = await browser.newPage({ width: 1280, height: 900 });

  step("log in: the default project, and the picker lists the other one");
  await page.goto(`${API}/?token=${TOKEN}`);
  await page.waitFor(`location.search === "" && ${listed(DEFAULT_SERVICE)} && !${listed(PROJECT_SERVICE)}`, "the default project's services");
  await page.waitFor(`[...document.querySelectorAll("#project option")].map((o) => o.value).join(",") === ${q(["default", PROJECT].sort().join(","))}`, "both projects in the picker");

  step("choose the project");
  await page.eval(`(() => { const s = document.getElementById("project"); s.value = ${q(PROJECT)}; s.dispatchEvent(new Event("change")); })()`);
  await page.waitFor(`location.search === ${q(`?ns=${PROJECT}`)} && ${listed(PROJECT_SERVICE)} && !${listed(DEFAULT_SERVICE)}`, "the project's services, the project in the address");

  step("a reload keeps it, and so do the header's links");
  await page.goto(`${API}/?ns=${PROJECT}`);
  await page.waitFor(`document.getElementById("project").value === ${q(PROJECT)} && ${listed(PROJECT_SERVICE)}`, "the project after a reload");
  await page.click(`header nav a[data-nav="incidents"]`);
  await page.waitFor(`location.pathname === "/incidents" && location.search === ${q(`?ns=${PROJECT}`)} && ${text("main")}.includes("No incidents.")`, "the project's incidents");

  step("an email's link, with the token, lands in its project");
  await page.goto(`${API}/services/${PROJECT_SERVICE}?ns=${PROJECT}&token=${TOKEN}`);
  await page.waitFor(`location.search === ${q(`?ns=${PROJECT}`)} && ${text("main h1")}.includes(${q(PROJECT_SERVICE)})`, "the service page of the linked project");

  if (page.errors.length) throw new Error(`the browser reported errors:\n${page.errors.join("\n")}`);
  console.log(JSON.stringify({ ok: true }));
} catch (e) {
  failed = e;
} finally {
  await browser.close();
}
if (failed) {
  console.error(`console projects walk failed: ${failed.stack || failed}`);
  process.exit(1);
}
