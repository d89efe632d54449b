#!/usr/bin/env python3
"""Open an HTML report in headless Chromium and check what a reader would see.

    python3 Tests/Browser/check_report.py REPORT.html [--width 1280] [--height 900] [--screenshot OUT.png]

Drives Chromium (Debian's `chromium` package, or $CHROMIUM) over the DevTools protocol on a pipe
(--remote-debugging-pipe): no port, no JavaScript in the page. Checks that the page
  - loads (the load event fires) without console messages of level warning or error, uncaught exceptions, or log
    entries of level warning or error (a content-security-policy violation, a failed load);
  - requests nothing but the file itself (no network, no other file);
  - lays out at the window's width without sideways scrolling, and taller than one window (it has content);
  - renders a screenshot of the window's size that is not blank: enough non-white pixels and several colours.
Prints one line per finding and the closing line "N passed, N failed"; exits 0 when every check passed, 1 when one
failed, 2 when Chromium could not be run. Standard library only.
"""

import argparse
import base64
import json
import os
import select
import shutil
import signal
import struct
import subprocess
import sys
import tempfile
import time
import zlib

TIMEOUT_S = 60


class DevTools:
    """A DevTools-protocol connection over Chromium's pipe: NUL-terminated JSON messages on fds 3 (in) and 4 (out)."""

    def __init__(self, chromium, user_data_dir):
        to_chromium_read, self.to_chromium = os.pipe()
        self.from_chromium, from_chromium_write = os.pipe()
        command = [
            chromium, "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
            "--remote-debugging-pipe", "--user-data-dir=" + user_data_dir, "--no-first-run",
            "--no-default-browser-check", "--disable-extensions", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", "--hide-scrollbars", "about:blank",
        ]
        # The shell puts the two pipe ends on fds 3 and 4, where Chromium expects them. Chromium and its helper
        # processes get a session of their own, so closing ends them all; their log goes to a file, which never
        # fills up and blocks them as a pipe could.
        self.log = tempfile.TemporaryFile()
        self.process = subprocess.Popen(
            ["sh", "-c", 'exec "$0" "$@" 3<&%d 4>&%d' % (to_chromium_read, from_chromium_write)] + command,
            pass_fds=(to_chromium_read, from_chromium_write), stdout=subprocess.DEVNULL, stderr=self.log,
            start_new_session=True)
        os.close(to_chromium_read)
        os.close(from_chromium_write)
        self.buffer = b""
        self.next_id = 0
        self.events = []
        self.deadline = time.monotonic() + TIMEOUT_S

    def send(self, method, params=None, session=None):
        self.next_id += 1
        message = {"id": self.next_id, "method": method, "params": params or {}}
        if session:
            message["sessionId"] = session
        os.write(self.to_chromium, json.dumps(message).encode() + b"\0")
        while True:
            reply = self.receive()
            if reply.get("id") == self.next_id:
                if "error" in reply:
                    raise RuntimeError("%s: %s" % (method, reply["error"].get("message")))
                return reply.get("result", {})

    def receive(self):
        """The next message; events are also kept in self.events."""
        while b"\0" not in self.buffer:
            remaining = self.deadline - time.monotonic()
            if remaining <= 0:
                raise TimeoutError("Chromium did not answer within %d s" % TIMEOUT_S)
            ready, _, _ = select.select([self.from_chromium], [], [], remaining)
            if ready:
                chunk = os.read(self.from_chromium, 1 << 20)
                if not chunk:
                    raise RuntimeError("Chromium closed the pipe: " + self.stderr_tail())
                self.buffer += chunk
        raw, self.buffer = self.buffer.split(b"\0", 1)
        message = json.loads(raw)
        if "method" in message:
            self.events.append(message)
        return message

    def wait_for(self, method, session):
        for event in self.events:
            if event["method"] == method and event.get("sessionId") == session:
                return event
        while True:
            message = self.receive()
            if message.get("method") == method and message.get("sessionId") == session:
                return message

    def stderr_tail(self):
        self.log.seek(0)
        return self.log.read().decode(errors="replace")[-2000:]

    def close(self):
        try:
            self.send("Browser.close")
            self.process.wait(timeout=10)
        except Exception:  # noqa: BLE001 - whatever went wrong, the browser must not outlive the check
            pass
        try:
            os.killpg(self.process.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        self.process.wait()
        os.close(self.to_chromium)
        os.close(self.from_chromium)
        self.log.close()


def decode_png(data):
    """(width, height, rows of (r, g, b) tuples) of an 8-bit RGB or RGBA, non-interlaced PNG."""
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        raise ValueError("not a PNG file")
    position, idat, header = 8, b"", None
    while position < len(data):
        length, kind = struct.unpack(">I4s", data[position:position + 8])
        body = data[position + 8:position + 8 + length]
        if kind == b"IHDR":
            header = struct.unpack(">IIBBBBB", body)
        elif kind == b"IDAT":
            idat += body
        position += 12 + length
    width, height, depth, colour, _, _, interlace = header
    if depth != 8 or colour not in (2, 6) or interlace:
        raise ValueError("unsupported PNG layout: depth %d, colour type %d, interlace %d" % (depth, colour, interlace))
    channels = 3 if colour == 2 else 4
    stride = width * channels
    raw = zlib.decompress(idat)
    rows, previous = [], bytearray(stride)
    for y in range(height):
        kind = raw[y * (stride + 1)]
        line = bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        for x in range(stride):
            left = line[x - channels] if x >= channels else 0
            up = previous[x]
            upper_left = previous[x - channels] if x >= channels else 0
            if kind == 1:
                line[x] = (line[x] + left) & 0xFF
            elif kind == 2:
                line[x] = (line[x] + up) & 0xFF
            elif kind == 3:
                line[x] = (line[x] + (left + up) // 2) & 0xFF
            elif kind == 4:
                estimate = left + up - upper_left
                pa, pb, pc = abs(estimate - left), abs(estimate - up), abs(estimate - upper_left)
                predictor = left if pa <= pb and pa <= pc else up if pb <= pc else upper_left
                line[x] = (line[x] + predictor) & 0xFF
        rows.append([tuple(line[x:x + 3]) for x in range(0, stride, channels)])
        previous = line
    return width, height, rows


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("report")
    parser.add_argument("--width", type=int, default=1280)
    parser.add_argument("--height", type=int, default=900)
    parser.add_argument("--screenshot", help="also keep the screenshot here")
    arguments = parser.parse_args()

    chromium = os.environ.get("CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")
    if not chromium:
        print("cannot run: no chromium on PATH (Debian: apt-get install chromium)")
        return 2
    path = os.path.abspath(arguments.report)
    url = "file://" + path
    passed, failed = [], []

    def check(condition, what):
        (passed if condition else failed).append(what)
        print(("ok: " if condition else "FAILED: ") + what)

    with tempfile.TemporaryDirectory(prefix="report-chromium-") as profile:
        browser = DevTools(chromium, profile)
        try:
            target = browser.send("Target.createTarget", {"url": "about:blank"})["targetId"]
            session = browser.send("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
            for domain in ("Page", "Runtime", "Log", "Network"):
                browser.send(domain + ".enable", session=session)
            browser.send("Emulation.setDeviceMetricsOverride", {
                "width": arguments.width, "height": arguments.height, "deviceScaleFactor": 1, "mobile": False,
            }, session=session)
            browser.send("Page.navigate", {"url": url}, session=session)
            browser.wait_for("Page.loadEventFired", session)
            metrics = browser.send("Page.getLayoutMetrics", session=session)
            shot = browser.send("Page.captureScreenshot", {"format": "png"}, session=session)
            # Messages logged while the screenshot was taken are in the events too.
        except Exception as error:  # noqa: BLE001 - any failure to drive the browser is reported as such
            print("cannot run: %s" % error)
            browser.close()
            return 2
        browser.close()

    problems = []
    requests = []
    for event in browser.events:
        method, params = event["method"], event.get("params", {})
        if method == "Runtime.exceptionThrown":
            problems.append("uncaught exception: %s" % params["exceptionDetails"].get("text"))
        elif method == "Runtime.consoleAPICalled" and params.get("type") in ("error", "warning", "assert"):
            texts = [str(argument.get("value", argument.get("description"))) for argument in params.get("args", [])]
            problems.append("console %s: %s" % (params["type"], " ".join(texts)))
        elif method == "Log.entryAdded" and params["entry"].get("level") in ("error", "warning"):
            entry = params["entry"]
            problems.append("log %s (%s): %s" % (entry["level"], entry.get("source"), entry.get("text")))
        elif method == "Network.requestWillBeSent":
            requests.append(params["request"]["url"])
        elif method == "Network.loadingFailed":
            problems.append("failed load: %s" % params.get("errorText"))
    for problem in problems:
        print("  " + problem)
    check(not problems, "loads without console errors, warnings or failed loads (%d found)" % len(problems))
    others = [request for request in requests if request.split("#")[0] != url]
    check(not others, "requests nothing but the file itself (%d other requests: %s)" % (len(others), others[:3]))

    content = metrics.get("cssContentSize") or metrics.get("contentSize")
    content_width, content_height = int(content["width"]), int(content["height"])
    check(content_width <= arguments.width,
          "fits the window's width: content %d px wide, window %d px" % (content_width, arguments.width))
    check(content_height > arguments.height,
          "has more than a window of content: %d px tall, window %d px" % (content_height, arguments.height))

    png = base64.b64decode(shot["data"])
    if arguments.screenshot:
        with open(arguments.screenshot, "wb") as out:
            out.write(png)
    width, height, rows = decode_png(png)
    check((width, height) == (arguments.width, arguments.height),
          "screenshot is %dx%d, the window's size %dx%d" % (width, height, arguments.width, arguments.height))
    pixels = [pixel for row in rows for pixel in row]
    inked = sum(1 for r, g, b in pixels if min(r, g, b) < 230)
    colours = len({(r >> 4, g >> 4, b >> 4) for r, g, b in pixels})
    share = inked / max(1, len(pixels))
    check(share >= 0.02, "screenshot is not blank: %.1f%% of pixels inked (at least 2%%)" % (100 * share))
    check(colours >= 8, "screenshot has text and colour: %d distinct colours (at least 8)" % colours)

    print("%d passed, %d failed" % (len(passed), len(failed)))
    return 0 if not failed else 1


if __name__ == "__main__":
    sys.exit(main())
