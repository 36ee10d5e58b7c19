// The console and a service over HTTPS in a real headless Chromium that trusts the test
// CA the way a user's browser would: through its certificate database (NSS, under
// $HOME/.pki/nssdb, which the calling test fills with `certutil`), with no flag that
// relaxes certificate checks. A certificate Chromium did not accept would leave it on an
// error page, and every wait below would fail. Also: the plain router URL redirects to
// HTTPS, and the pages are secure contexts (secure-only APIs and cookies work).
// crates/runlane/tests/console.rs runs it against a real `runlane up` with --tls-cert.
//
// Environment: CONSOLE_URL (https://API/?token=…), API_ORIGIN (https://127.0.0.1:PORT),
// SERVICE, SERVICE_URL (https://SERVICE.localhost:HTTPS_PORT/), PLAIN_SERVICE_URL
// (http://SERVICE.localhost:ROUTER_PORT/), REVISION.

import { launch } from "./cdp.mjs";

const { CONSOLE_URL, API_ORIGIN, SERVICE, SERVICE_URL, PLAIN_SERVICE_URL, REVISION } = process.env;
for (const [k, v] of Object.entries({ CONSOLE_URL, API_ORIGIN, SERVICE, SERVICE_URL, PLAIN_SERVICE_URL, REVISION })) {
  if (!v) throw new Error(`https.mjs needs ${k} in its environment`);
}
const q = JSON.stringify;
const step = (name) => console.log(`step: ${name}`);
const text = (selector) => `(document.querySelector(${q(selector)})?.innerText || "")`;

const browser = await launch();
let failed = null;
try {
  const page = await browser.newPage({ width: 1280, height: 900 });

  step("log in to the console over HTTPS");
  await page.goto(CONSOLE_URL);
  await page.waitFor(`location.origin === ${q(API_ORIGIN)} && location.search === "" && ${text("main table")}.includes(${q(SERVICE)})`, "the services list over HTTPS");
  if (!(await page.eval("window.isSecureContext"))) throw new Error("the console over HTTPS is not a secure context");
  const serviceUrl = new URL(SERVICE_URL);
  await page.waitFor(`[...document.querySelectorAll("main table a")].some((a) => a.href.startsWith(${q(serviceUrl.origin)}))`, `the service's https URL (${serviceUrl.origin}) in the list`);

  step("open the service page");
  await page.click(`main table a[href="/services/${SERVICE}"]`);
  await page.waitFor(`document.querySelectorAll("tr[data-revision]").length === 1 && ${text("main")}.includes(${q(REVISION)})`, "the service page over HTTPS");

  step("the service itself over HTTPS");
  await page.goto(SERVICE_URL);
  await page.waitFor(`location.href === ${q(SERVICE_URL)} && document.body.innerText.includes(${q(REVISION)})`, "the service's answer over HTTPS");
  if (!(await page.eval("window.isSecureContext"))) throw new Error("the service over HTTPS is not a secure context");

  step("the plain URL redirects to HTTPS");
  await page.goto(PLAIN_SERVICE_URL);
  await page.waitFor(`location.href === ${q(SERVICE_URL)} && document.body.innerText.includes(${q(REVISION)})`, `the redirect from ${PLAIN_SERVICE_URL} to ${SERVICE_URL}`);

  if (page.errors.length) throw new Error(`the browser reported errors:\n${page.errors.join("\n")}`);
  console.log(JSON.stringify({ ok: true }));
} catch (e) {
  failed = e;
} finally {
  await browser.close();
}
if (failed) {
  console.error(`console HTTPS walk failed: ${failed.stack || failed}`);
  process.exit(1);
}
