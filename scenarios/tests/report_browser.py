#!/usr/bin/env python3
"""Loads a snnbench report in headless Chromium, as a reader would open it from disk, and
checks what the reader sees: every figure rendered, no console error, no script on the page,
the points' table equal to summary.csv, the hostile description shown as text, the print
style sheet in force when printing. Keeps a screenshot and a PDF print.

Talks to Chromium over its DevTools protocol on a pipe (--remote-debugging-pipe: JSON
messages ended by NUL on file descriptors 3 and 4), so no network port and no extra package.

usage: report_browser.py REPORT.html SUMMARY.csv|- ARTEFACT_DIR MIN_FIGURES [TEXT_SHOWN]
"""
import base64
import csv
import json
import os
import subprocess
import sys
import tempfile
import time


class Browser:
    def __init__(self, profile):
        exe = "/usr/lib/chromium/chromium"  # the binary itself; /usr/bin/chromium is a wrapper
        if not os.path.exists(exe):
            sys.exit("report_browser: Debian's chromium is not installed (apt-get install chromium)")
        to_browser_r, self.to_browser = os.pipe()
        self.from_browser, from_browser_w = os.pipe()

        def descriptors():  # the browser reads commands on 3 and writes answers on 4
            os.dup2(to_browser_r, 3)
            os.dup2(from_browser_w, 4)

        args = [exe, "--headless", "--remote-debugging-pipe", "--user-data-dir=" + profile,
                "--disable-gpu", "--no-first-run", "--no-default-browser-check",
                "--disable-extensions", "--window-size=1280,1000", "about:blank"]
        if os.geteuid() == 0:
            args.insert(1, "--no-sandbox")  # Chromium's sandbox refuses to run as root
        self.process = subprocess.Popen(args, pass_fds=(3, 4), preexec_fn=descriptors,
                                        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        os.close(to_browser_r)
        os.close(from_browser_w)
        self.buffer = b""
        self.next_id = 0
        self.events = []

    def send(self, method, params=None, session=None, timeout=60):
        self.next_id += 1
        message = {"id": self.next_id, "method": method, "params": params or {}}
        if session:
            message["sessionId"] = session
        os.write(self.to_browser, json.dumps(message).encode() + b"\0")
        answer = self.wait(lambda m: m.get("id") == self.next_id, timeout)
        if "error" in answer:
            sys.exit(f"report_browser: {method} failed: {answer['error']}")
        return answer["result"]

    def wait(self, wanted, timeout=60):
        end = time.monotonic() + timeout
        while True:
            while b"\0" in self.buffer:
                raw, self.buffer = self.buffer.split(b"\0", 1)
                message = json.loads(raw)
                if wanted(message):
                    return message
                self.events.append(message)
            if time.monotonic() > end:
                sys.exit("report_browser: no answer from Chromium in %d s" % timeout)
            chunk = os.read(self.from_browser, 1 << 20)
            if not chunk:
                sys.exit("report_browser: Chromium ended unexpectedly")
            self.buffer += chunk

    def close(self):
        try:
            self.send("Browser.close", timeout=10)
        except SystemExit:
            pass
        try:
            self.process.wait(10)
        except subprocess.TimeoutExpired:
            self.process.kill()


def main():
    report, summary, artefacts, min_figures = sys.argv[1:5]
    shown = sys.argv[5] if len(sys.argv) > 5 else None
    os.makedirs(artefacts, exist_ok=True)
    failures = []
    with tempfile.TemporaryDirectory() as profile:
        b = Browser(profile)
        try:
            target = b.send("Target.createTarget", {"url": "about:blank"})["targetId"]
            session = b.send("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
            for domain in ("Page", "Runtime", "Log"):
                b.send(domain + ".enable", session=session)
            b.send("Page.navigate", {"url": "file://" + os.path.abspath(report)}, session)
            b.wait(lambda m: m.get("method") == "Page.loadEventFired")

            def evaluate(expression):
                result = b.send("Runtime.evaluate", {"expression": expression, "returnByValue": True}, session)
                return json.loads(result["result"]["value"])

            images = evaluate("JSON.stringify([...document.images].map(i => ({alt: i.alt, "
                              "complete: i.complete, width: i.naturalWidth, height: i.naturalHeight, "
                              "shown: i.getBoundingClientRect().width})))")
            if len(images) < int(min_figures):
                failures.append(f"{len(images)} figures on the page, expected at least {min_figures}")
            for i in images:
                if not (i["complete"] and i["width"] > 0 and i["height"] > 0 and i["shown"] > 0):
                    failures.append(f"figure not rendered: {i}")
                if not i["alt"].strip():
                    failures.append("a figure without alt text")
            scripts = evaluate("JSON.stringify(document.scripts.length)")
            if scripts:
                failures.append(f"{scripts} script elements on the page")
            if shown is not None:
                text = evaluate("JSON.stringify(document.body.innerText)")
                if shown not in text:
                    failures.append(f"the page does not show {shown!r} as text")
            table = evaluate("JSON.stringify([...document.querySelectorAll('table#summary tr')]"
                             ".map(r => [...r.cells].map(c => c.textContent)))")
            if summary != "-":
                with open(summary, newline="") as f:
                    expected = list(csv.reader(f))
                if table != expected:
                    row = next((k for k, (a, e) in enumerate(zip(table, expected)) if a != e),
                               min(len(table), len(expected)))
                    failures.append("the points' table differs from summary.csv at row %d (%d rows "
                                    "against %d):\n  page: %s\n  csv:  %s"
                                    % (row, len(table), len(expected), table[row:row + 1],
                                       expected[row:row + 1]))
            elif len(table) < 2:
                failures.append("the points' table has no row")
            # print style sheet: the contents list is not printed
            b.send("Emulation.setEmulatedMedia", {"media": "print"}, session)
            if evaluate("JSON.stringify(getComputedStyle(document.querySelector('nav')).display)") != "none":
                failures.append("the print style sheet is not in force when printing")
            pdf = base64.b64decode(b.send("Page.printToPDF", {"printBackground": True}, session, 120)["data"])
            b.send("Emulation.setEmulatedMedia", {"media": ""}, session)
            shot = base64.b64decode(b.send("Page.captureScreenshot", {"format": "png", "captureBeyondViewport": True},
                                           session, 120)["data"])
            name = os.path.splitext(os.path.basename(report))[0]
            with open(os.path.join(artefacts, name + "-screenshot.png"), "wb") as f:
                f.write(shot)
            with open(os.path.join(artefacts, name + "-print.pdf"), "wb") as f:
                f.write(pdf)
            if not shot.startswith(b"\x89PNG") or len(shot) < 20000:
                failures.append(f"screenshot of {len(shot)} bytes")
            if not pdf.startswith(b"%PDF") or len(pdf) < 20000:
                failures.append(f"PDF print of {len(pdf)} bytes")
            # anything the browser complained about while loading, printing or drawing
            for e in b.events:
                method, params = e.get("method"), e.get("params", {})
                if method == "Log.entryAdded" and params["entry"]["level"] in ("error", "warning"):
                    failures.append("console: " + params["entry"]["text"])
                elif method == "Runtime.exceptionThrown":
                    failures.append("exception: " + json.dumps(params)[:300])
                elif method == "Runtime.consoleAPICalled":
                    failures.append("console call: " + json.dumps(params)[:300])
        finally:
            b.close()
    for f in failures:
        print("FAIL:", f)
    print(f"{report}: {len(images)} figures rendered, table of {len(table) - 1} rows, "
          f"{len(b.events)} browser events, screenshot and PDF in {artefacts}")
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
