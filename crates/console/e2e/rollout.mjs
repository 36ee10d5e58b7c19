// A progressive rollout in the console, in a real headless Chromium over the DevTools
// Protocol: a service without a rollout says so in one line; the service with one shows
// its phase, revisions, plan and history (steps, measurements, verdicts); Pause and
// Resume steer it; Promote (after the confirmation) approves its gate; the section fits a phone's width. Fails (exit 1) on any
// missing content and on any browser console error or uncaught exception.
// crates/runlane/tests/console.rs runs it against a real `runlane up` with a rollout
// waiting at a manual gate.
//
// Environment: CONSOLE_URL (http://API/?token=…), SERVICE (with the rollout), CANARY,
// STABLE, QUIET_SERVICE (a service without a rollout), SHOTS (optional).

import { launch } from "./cdp.mjs";
import { mkdirSync } from "node:fs";
import { join } from "node:path";

const { CONSOLE_URL, SERVICE, CANARY, STABLE, QUIET_SERVICE, SHOTS } = process.env;
for (const [k, v] of Object.entries({ CONSOLE_URL, SERVICE, CANARY, STABLE, QUIET_SERVICE })) {
  if (!v) throw new Error(`rollout.mjs needs ${k} in its environment`);
}
if (SHOTS) mkdirSync(SHOTS, { recursive: true });
const q = JSON.stringify;
const step = (name) => console.log(`step: ${name}`);
const text = (selector) => `(document.querySelector(${q(selector)})?.innerText || "")`;

const browser = await launch();
let failed = null;
try {
  const page = await browser.newPage({ width: 1280, height: 900 });
  const shot = async (name) => SHOTS && page.screenshot(join(SHOTS, `${name}.png`));
  const at = (path) => new URL(path, CONSOLE_URL).href;

  step("log in, open a service without a rollout");
  await page.goto(CONSOLE_URL);
  await page.waitFor(`location.search === "" && ${text("main table")}.includes(${q(SERVICE)})`, "the services list");
  await page.goto(at(`/services/${QUIET_SERVICE}`));
  await page.waitFor(`${text("#rollout")}.includes("No rollout")`, "the one-line 'no rollout'");

  step("the service with a rollout waiting at its gate");
  await page.goto(at(`/services/${SERVICE}`));
  await page.waitFor(`document.querySelector("#rollout [data-phase]")`, "the rollout's phase");
  await page.waitFor(`${text("#rollout dl")}.includes("waiting for approval") && ${text("#rollout dl")}.includes(${q(CANARY)}) && ${text("#rollout dl")}.includes(${q(STABLE)})`, "the phase, canary and stable");
  await page.waitFor(`${text("#rollout dl")}.includes("10% → 100% every 1s") && ${text("#rollout dl")}.includes("min 5 requests")`, "the plan and limits");
  await page.waitFor(`[...document.querySelectorAll('#rollout tr[data-event="analysis"]')].some((tr) => /\\d+ req · \\d+ err/.test(tr.innerText) && tr.innerText.includes("Pass"))`, "a measured step with its verdict in the history");
  await shot("rollout-gate");

  step("keyboard: the commands are buttons reachable with Tab");
  const reachable = await page.eval(`["pause", "promote", "abort"].every((c) => { const b = document.querySelector('#rollout button[data-rollout="' + c + '"]'); return b && b.tabIndex >= 0 && !b.disabled; })`);
  if (!reachable) throw new Error("Pause, Promote and Abort are not all reachable buttons");

  step("pause, then resume: back at the gate");
  await page.click(`#rollout button[data-rollout="pause"]`);
  await page.waitFor(`document.querySelector('#rollout [data-phase="Paused"]') && document.querySelector('#rollout button[data-rollout="resume"]') && document.querySelector('#rollout tr[data-event="pause"]')`, "the rollout to show Paused, a Resume button and the pause in its history");
  await page.click(`#rollout button[data-rollout="resume"]`);
  await page.waitFor(`${text("#rollout dl")}.includes("waiting for approval") && document.querySelector('#rollout tr[data-event="resume"]')`, "the rollout to wait at its gate again, the resume in its history");

  step("promote, after the confirmation");
  await page.click(`#rollout button[data-rollout="promote"]`);
  await page.waitFor(`document.querySelector("dialog[open] #confirm-yes")`, "the confirmation dialog");
  await page.click("dialog[open] #confirm-yes");
  await page.waitFor(`document.querySelector('#rollout [data-phase="Promoted"]')`, "the rollout to show Promoted", 20000);
  await page.waitFor(`!document.querySelector("#rollout button[data-rollout]")`, "no commands on a finished rollout");
  await shot("rollout-promoted");

  step("phone width");
  await page.setViewport({ width: 390, height: 844, mobile: true });
  await page.goto(at(`/services/${SERVICE}`));
  await page.waitFor(`document.querySelector('#rollout [data-phase="Promoted"]')`, "the rollout at phone width");
  const overflow = await page.eval("document.documentElement.scrollWidth - window.innerWidth");
  if (overflow > 1) throw new Error(`at 390 px the page is ${overflow} px wider than the screen`);
  await shot("phone-rollout");

  if (page.errors.length) throw new Error(`the browser reported errors:\n${page.errors.join("\n")}`);
  console.log(JSON.stringify({ ok: true }));
} catch (e) {
  failed = e;
} finally {
  await browser.close();
}
if (failed) {
  console.error(`console rollout walk failed: ${failed.stack || failed}`);
  process.exit(1);
}
