// A minimal Chrome DevTools Protocol client over Chromium's --remote-debugging-pipe
// (null-terminated JSON on file descriptors 3 and 4), so the console's browser tests
// and screenshots need Node and the Debian `chromium` package and nothing from npm.

import { spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";

const CHROMIUM = process.env.CHROMIUM || "/usr/bin/chromium";

export async function launch() {
  const profile = mkdtempSync(join(tmpdir(), "runlane-chromium-"));
  const child = spawn(CHROMIUM, [
    "--headless=new", "--remote-debugging-pipe", "--no-first-run", "--no-default-browser-check",
    "--disable-gpu", "--disable-dev-shm-usage", "--no-sandbox", "--disable-extensions",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--force-color-profile=srgb", "--hide-scrollbars", `--user-data-dir=${profile}`, "about:blank",
  ], { stdio: ["ignore", "ignore", "pipe", "pipe", "pipe"] });
  let stderr = "";
  child.stdio[2].on("data", (d) => (stderr = (stderr + d).slice(-4000)));
  const toBrowser = child.stdio[3];
  const fromBrowser = child.stdio[4];
  let nextId = 1;
  const pending = new Map();
  const listeners = [];
  let buffer = Buffer.alloc(0);
  fromBrowser.on("data", (chunk) => {
    buffer = Buffer.concat([buffer, chunk]);
    let end;
    while ((end = buffer.indexOf(0)) >= 0) {
      const message = JSON.parse(buffer.subarray(0, end).toString("utf8"));
      buffer = buffer.subarray(end + 1);
      if (message.id && pending.has(message.id)) {
        const { resolve, reject, method } = pending.get(message.id);
        pending.delete(message.id);
        if (message.error) reject(new Error(`${method}: ${message.error.message}`));
        else resolve(message.result);
      } else if (message.method) {
        for (const l of listeners) l(message);
      }
    }
  });
  const exited = new Promise((resolve) => child.on("exit", resolve));
  child.on("exit", () => {
    for (const { reject, method } of pending.values()) reject(new Error(`chromium exited during ${method}; its stderr:\n${stderr}`));
    pending.clear();
  });
  const send = (method, params = {}, sessionId) =>
    new Promise((resolve, reject) => {
      const id = nextId++;
      pending.set(id, { resolve, reject, method });
      toBrowser.write(JSON.stringify({ id, method, params, ...(sessionId ? { sessionId } : {}) }) + "\0");
    });
  await send("Browser.getVersion");

  return {
    async newPage({ width = 1280, height = 900, mobile = false } = {}) {
      const { targetId } = await send("Target.createTarget", { url: "about:blank" });
      const { sessionId } = await send("Target.attachToTarget", { targetId, flatten: true });
      return page(send, listeners, sessionId, { width, height, mobile });
    },
    async close() {
      try {
        await Promise.race([send("Browser.close"), new Promise((r) => setTimeout(r, 3000))]);
      } catch {
        // already gone
      }
      if (child.exitCode === null) child.kill("SIGKILL");
      await exited;
      // Chromium's helper processes may still be writing to the profile as it exits.
      try {
        rmSync(profile, { recursive: true, force: true, maxRetries: 10, retryDelay: 100 });
      } catch (e) {
        console.error(`could not remove the browser profile ${profile}: ${e.message}`);
      }
    },
  };
}

async function page(send, listeners, sessionId, viewport) {
  const call = (method, params) => send(method, params, sessionId);
  const errors = [];
  const waiters = [];
  listeners.push((m) => {
    if (m.sessionId !== sessionId) return;
    if (m.method === "Runtime.exceptionThrown") {
      const d = m.params.exceptionDetails;
      errors.push(`uncaught exception: ${(d.exception && d.exception.description) || d.text} at ${d.url || ""}:${d.lineNumber}`);
    } else if (m.method === "Runtime.consoleAPICalled" && (m.params.type === "error" || m.params.type === "assert" || m.params.type === "warning")) {
      errors.push(`console.${m.params.type}: ${m.params.args.map((a) => a.value ?? a.description ?? "").join(" ")}`);
    } else if (m.method === "Log.entryAdded" && (m.params.entry.level === "error" || m.params.entry.level === "warning")) {
      errors.push(`browser ${m.params.entry.level} (${m.params.entry.source}): ${m.params.entry.text} ${m.params.entry.url || ""}`);
    }
    for (const w of [...waiters]) if (w.method === m.method) {
      waiters.splice(waiters.indexOf(w), 1);
      w.resolve(m.params);
    }
  });
  const next = (method) => new Promise((resolve) => waiters.push({ method, resolve }));
  await call("Page.enable");
  await call("Runtime.enable");
  await call("Log.enable");
  const setViewport = ({ width, height, mobile }) =>
    call("Emulation.setDeviceMetricsOverride", { width, height, deviceScaleFactor: 1, mobile });
  await setViewport(viewport);

  const p = {
    errors,
    setViewport,
    async goto(url) {
      const loaded = next("Page.loadEventFired");
      await call("Page.navigate", { url });
      await loaded;
    },
    async eval(expression) {
      const r = await call("Runtime.evaluate", { expression, awaitPromise: true, returnByValue: true });
      if (r.exceptionDetails) throw new Error(`evaluating ${expression}: ${(r.exceptionDetails.exception && r.exceptionDetails.exception.description) || r.exceptionDetails.text}`);
      return r.result.value;
    },
    /** Polls `expression` until it is truthy; fails after `timeoutMs` naming `what`. */
    async waitFor(expression, what, timeoutMs = 15000) {
      const deadline = Date.now() + timeoutMs;
      let pause = 20;
      for (;;) {
        const v = await p.eval(expression).catch(() => null);
        if (v) return v;
        if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what} (${expression}); page text:\n${(await p.eval("document.body.innerText").catch(() => "")).slice(0, 2000)}`);
        await new Promise((r) => setTimeout(r, pause));
        pause = Math.min(pause * 2, 250);
      }
    },
    /** A real mouse click in the middle of the element. */
    async click(selector) {
      const box = await p.eval(`(() => { const e = document.querySelector(${JSON.stringify(selector)}); if (!e) return null; e.scrollIntoView({block: "center"}); const r = e.getBoundingClientRect(); return {x: r.x + r.width / 2, y: r.y + r.height / 2}; })()`);
      if (!box) throw new Error(`nothing matches ${selector} to click; page text:\n${(await p.eval("document.body.innerText")).slice(0, 2000)}`);
      for (const type of ["mouseMoved", "mousePressed", "mouseReleased"]) {
        await call("Input.dispatchMouseEvent", { type, x: box.x, y: box.y, button: "left", clickCount: 1 });
      }
    },
    /** Types text into the focused element with key events. */
    async type(text) {
      await call("Input.insertText", { text });
    },
    async key(key, code = key) {
      const keyCode = { Enter: 13, Tab: 9, Escape: 27 }[key] || 0;
      await call("Input.dispatchKeyEvent", { type: "keyDown", key, code, windowsVirtualKeyCode: keyCode, ...(key === "Enter" ? { text: "\r" } : {}) });
      await call("Input.dispatchKeyEvent", { type: "keyUp", key, code, windowsVirtualKeyCode: keyCode });
    },
    /** The whole page (up to 4000 px tall), at the current viewport width. */
    async screenshot(path) {
      const metrics = await call("Page.getLayoutMetrics");
      const size = metrics.cssContentSize || metrics.contentSize;
      const clip = { x: 0, y: 0, width: Math.ceil(size.width), height: Math.min(Math.ceil(size.height), 4000), scale: 1 };
      const { data } = await call("Page.captureScreenshot", { format: "png", captureBeyondViewport: true, clip });
      // Each walk may be the first to take a screenshot in a fresh checkout.
      mkdirSync(dirname(path), { recursive: true });
      writeFileSync(path, Buffer.from(data, "base64"));
    },
  };
  return p;
}
