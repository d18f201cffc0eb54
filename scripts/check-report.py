#!/usr/bin/env python3
"""Opens saegraph's HTML report in headless Chromium (selenium) and checks it as a reader
uses it (run by scripts/test.sh; scripts/setup.sh installs chromium, chromium-driver and
selenium for the tests).

    python3 scripts/check-report.py path/to/saegraph [SCREENSHOT_DIR]

Checks, on the real GPT-2 IOI graph and on a graph whose labels try to inject markup: no
console message at all, no request other than the file itself, hovering a feature in the
diagram shows its label, clicking it shows its trace forward and backward, the search box
finds features by id and by label text, table buttons select features, and hostile label
text stays text.
"""
import json
import os
import subprocess
import sys
import tempfile
import time
import urllib.parse

from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
IOI = os.path.join(ROOT, "examples", "gpt2-ioi", "ioi-decoder-cosine.json")
IOI_LABELS = os.path.join(ROOT, "examples", "gpt2-ioi", "explanations.jsonl.gz")
HOSTILE = [
    '<img src=x onerror="document.title=\'pwned\'">',
    "</script><script>document.title='pwned'</script>",
    '"><svg onload="document.title=\'pwned\'">',
    "<!-- comment --> & &amp; ]]> \u2028 line",
]
passed = 0
failures = []


def check(condition, message):
    global passed
    if condition:
        passed += 1
    else:
        failures.append(message)


def run(exe, *args):
    r = subprocess.run([exe, *args], capture_output=True, text=True)
    if r.returncode != 0:
        raise SystemExit(f"saegraph {' '.join(args)} failed: {r.stderr.strip()}")
    return r.stdout


def browser():
    options = webdriver.ChromeOptions()
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--window-size=1400,1000", "--disable-background-networking", "--no-first-run"):
        options.add_argument(arg)
    chromium = "/usr/bin/chromium"
    if os.path.exists(chromium):
        options.binary_location = chromium
    options.set_capability("goog:loggingPrefs", {"browser": "ALL", "performance": "ALL"})
    driver_path = "/usr/bin/chromedriver"
    service = Service(driver_path) if os.path.exists(driver_path) else Service()
    return webdriver.Chrome(service=service, options=options)


def requests(driver):
    urls = []
    for entry in driver.get_log("performance"):
        message = json.loads(entry["message"])["message"]
        if message.get("method") == "Network.requestWillBeSent":
            urls.append(message["params"]["request"]["url"])
    return urls


def open_report(driver, path):
    driver.get_log("browser")
    driver.get_log("performance")
    driver.get("file://" + path)
    time.sleep(0.3)


def common_checks(driver, path, name):
    logs = driver.get_log("browser")
    check(not logs, f"{name}: console messages: {logs[:3]}")
    urls = requests(driver)
    check(all(urllib.parse.unquote(u) == "file://" + path for u in urls), f"{name}: requests other than the file: {urls[:5]}")
    resources = driver.execute_script("return performance.getEntriesByType('resource').length")
    check(resources == 0, f"{name}: {resources} resources loaded")
    check(driver.title != "pwned", f"{name}: injected script ran")


def ioi_checks(driver, path, shots):
    open_report(driver, path)
    nodes = driver.find_elements(By.CSS_SELECTOR, "#diagram g.node.feature")
    check(len(nodes) > 10, f"ioi: only {len(nodes)} clickable features in the diagram")
    node = nodes[0]
    node_id = node.get_attribute("data-f")
    ActionChains(driver).move_to_element(node).perform()
    tip = driver.find_element(By.ID, "tooltip")
    check(tip.is_displayed(), "ioi: hovering a feature shows no tooltip")
    layer, feature = node_id.split("_")
    check(tip.text.startswith(f"{layer}:{feature} "), f"ioi: tooltip reads {tip.text!r}")
    if shots:
        driver.save_screenshot(os.path.join(shots, "report-hover.png"))
    node.click()
    panel = driver.find_element(By.ID, "feature")
    check(panel.find_element(By.TAG_NAME, "h3").text == f"{layer}:{feature}", "ioi: click did not select the feature")
    headings = [h.text for h in panel.find_elements(By.TAG_NAME, "h4")]
    check(any(h.startswith("Forward (") for h in headings) and any(h.startswith("Backward (") for h in headings),
          f"ioi: trace headings {headings}")
    steps = panel.find_elements(By.CSS_SELECTOR, "ul.trace li")
    check(len(steps) > 0, "ioi: the first chain's feature has an empty trace")
    check("tracing" in driver.find_element(By.ID, "diagram").get_attribute("class"), "ioi: diagram not in trace mode")
    check("selected" in node.get_attribute("class"), "ioi: clicked node not marked")
    on_trace = driver.find_elements(By.CSS_SELECTOR, "#diagram g.node.on-trace")
    check(len(on_trace) > 0, "ioi: no diagram node marked on the trace")
    if shots:
        driver.save_screenshot(os.path.join(shots, "report-trace.png"))
    # Search by id, then by label text.
    search = driver.find_element(By.CSS_SELECTOR, "input[type=search]")
    search.send_keys("6:18146")
    results = driver.find_elements(By.CSS_SELECTOR, "#results li button.f")
    check(results and results[0].text == "6:18146", f"ioi: id search found {[r.text for r in results][:3]}")
    search.send_keys(Keys.ENTER)
    check(panel.find_element(By.TAG_NAME, "h3").text == "6:18146", "ioi: Enter did not select the search result")
    search.clear()
    search.send_keys("religious")
    results = driver.find_elements(By.CSS_SELECTOR, "#results li")
    check(len(results) >= 2 and all("religious" in r.text.lower() for r in results),
          f"ioi: label search gave {[r.text for r in results][:3]}")
    if shots:
        driver.save_screenshot(os.path.join(shots, "report-search.png"))
    results[0].find_element(By.CSS_SELECTOR, "button.f").click()
    check("religious" in panel.text.lower(), "ioi: clicking a search result did not show it")
    # A table button selects its feature.
    button = driver.find_element(By.CSS_SELECTOR, "#hubs button.f")
    driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", button)
    button.click()
    check(panel.find_element(By.TAG_NAME, "h3").text == button.text, "ioi: hub button did not select")
    tables = [t.text for t in driver.find_elements(By.TAG_NAME, "h2")]
    for heading in ("Strongest chains", "Components", "Hubs", "Statistics"):
        check(heading in tables, f"ioi: no {heading} section")
    check("random" in driver.find_element(By.ID, "statistics").text, "ioi: statistics without the random baseline")
    links = driver.find_elements(By.CSS_SELECTOR, "#chains a.np")
    check(links and links[0].get_attribute("href").startswith("https://www.neuronpedia.org/"),
          "ioi: no Neuronpedia link in the chains table")
    if shots:
        driver.execute_script("window.scrollTo(0, 0)")
        driver.save_screenshot(os.path.join(shots, "report-top.png"))
    common_checks(driver, path, "ioi")


def hostile_graph(tmp):
    nodes, links = [], []
    for layer in (0, 1, 2):
        for feature in range(4):
            node = {"id": f"{layer}_{feature}", "layer": layer, "feature": feature,
                    "explanation": HOSTILE[(layer + feature) % len(HOSTILE)] + f" #{layer}.{feature}"}
            nodes.append(node)
    for layer in (0, 1):
        for s in range(4):
            links.append({"source": f"{layer}_{s}", "target": f"{layer + 1}_{s}", "similarity": 0.9 - 0.05 * s})
    path = os.path.join(tmp, "hostile.json")
    with open(path, "w", encoding="utf-8") as f:
        json.dump({"directed": True, "multigraph": False, "graph": {}, "nodes": nodes, "links": links}, f)
    return path


def hostile_checks(driver, path):
    open_report(driver, path)
    check(not driver.find_elements(By.CSS_SELECTOR, "body img, #chains svg, script:not([id]):not(:last-of-type)"),
          "hostile: label text became elements")
    labels = [e.text for e in driver.find_elements(By.CSS_SELECTOR, "#chains .label")]
    check(any(HOSTILE[0] in t for t in labels), f"hostile: label not shown as text: {labels[:2]}")
    node = driver.find_elements(By.CSS_SELECTOR, "#diagram g.node.feature")[0]
    node.click()
    check("#" in driver.find_element(By.ID, "feature").text, "hostile: panel lost the label")
    search = driver.find_element(By.CSS_SELECTOR, "input[type=search]")
    search.send_keys("</script>")
    check(len(driver.find_elements(By.CSS_SELECTOR, "#results li")) == 3, "hostile: search for markup text failed")
    common_checks(driver, path, "hostile")


def main(exe, shots):
    with tempfile.TemporaryDirectory() as tmp:
        report = os.path.join(tmp, "ioi report.html")
        run(exe, "report", IOI, "--labels", IOI_LABELS, "--chains", "10", "--from-layer", "6", "--to-layer", "9", "-o", report)
        hostile = os.path.join(tmp, "hostile.html")
        run(exe, "report", hostile_graph(tmp), "--chains", "4", "--min-layers", "2", "-o", hostile)
        driver = browser()
        try:
            version = driver.capabilities.get("browserVersion", "?")
            ioi_checks(driver, report, shots)
            hostile_checks(driver, hostile)
        finally:
            driver.quit()
    print(f"report in headless Chromium {version}: {passed} passed, {len(failures)} failed")
    for f in failures:
        print("FAIL:", f)
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    if len(sys.argv) not in (2, 3):
        sys.exit(__doc__)
    main(sys.argv[1], sys.argv[2] if len(sys.argv) == 3 else None)
