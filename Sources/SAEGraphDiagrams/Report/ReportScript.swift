/// The report's script (inline, no library): reads the embedded features and edges, wires
/// hover tooltips and click-to-trace on the Graphviz SVG, the search box and the feature
/// buttons of the tables. Text from the data is only ever inserted with `textContent`.
enum ReportScript {
    static let js = """
        (function () {
          "use strict";
          var data = JSON.parse(document.getElementById("report-data").textContent);
          var F = data.features;  // [node id, "6:50", label or null, url or null]
          var index = new Map();
          F.forEach(function (f, i) { index.set(f[0], i); });
          var out = F.map(function () { return []; });
          var inn = F.map(function () { return []; });
          data.edges.forEach(function (e) { out[e[0]].push([e[1], e[2]]); inn[e[1]].push([e[0], e[2]]); });
          function strongest(a, b) { return (Math.abs(b[1]) - Math.abs(a[1])) || (a[0] - b[0]); }
          out.forEach(function (l) { l.sort(strongest); });
          inn.forEach(function (l) { l.sort(strongest); });

          function el(tag, cls, text) {
            var e = document.createElement(tag);
            if (cls) e.className = cls;
            if (text !== undefined && text !== null) e.textContent = text;
            return e;
          }
          function featureButton(i) {
            var b = el("button", "f", F[i][1]);
            b.type = "button";
            b.setAttribute("data-f", F[i][0]);
            return b;
          }

          // The diagram: Graphviz gives each node a <title> holding its node id (6_50) and each
          // edge one holding "6_50->7_74".
          var diagram = document.getElementById("diagram");
          var svgNodes = new Map();
          var svgEdges = new Map();
          var tip = document.getElementById("tooltip");
          function placeTip(ev) {
            var x = Math.min(ev.clientX + 14, window.innerWidth - tip.offsetWidth - 8);
            var y = Math.min(ev.clientY + 14, window.innerHeight - tip.offsetHeight - 8);
            tip.style.left = Math.max(x, 4) + "px";
            tip.style.top = Math.max(y, 4) + "px";
          }
          function showTip(i, ev) {
            tip.textContent = "";
            tip.appendChild(el("b", null, F[i][1]));
            tip.appendChild(document.createTextNode(" " + (F[i][2] === null ? "(no label)" : F[i][2])));
            tip.hidden = false;
            placeTip(ev);
          }
          diagram.querySelectorAll("g.node").forEach(function (g) {
            var t = g.querySelector("title");
            if (!t) return;
            var id = t.textContent.trim();
            if (!index.has(id)) return;
            var i = index.get(id);
            svgNodes.set(id, g);
            g.classList.add("feature");
            g.setAttribute("data-f", id);
            g.addEventListener("mouseenter", function (ev) { showTip(i, ev); });
            g.addEventListener("mousemove", placeTip);
            g.addEventListener("mouseleave", function () { tip.hidden = true; });
            g.addEventListener("click", function (ev) { ev.preventDefault(); ev.stopPropagation(); select(i); });
          });
          diagram.querySelectorAll("g.edge").forEach(function (g) {
            var t = g.querySelector("title");
            if (t) svgEdges.set(t.textContent.trim(), g);
          });

          // A trace: breadth first along the strongest links, each feature reached once.
          function trace(start, lists) {
            var seen = new Set([start]);
            var order = [];
            var queue = [[start, 0]];
            for (var q = 0; q < queue.length; q++) {
              var cur = queue[q][0], depth = queue[q][1];
              lists[cur].forEach(function (n) {
                if (seen.has(n[0])) return;
                seen.add(n[0]);
                order.push({ f: n[0], parent: cur, sim: n[1], depth: depth + 1 });
                queue.push([n[0], depth + 1]);
              });
            }
            return order;
          }
          var shownLimit = 300;
          function traceList(title, steps, arrow) {
            var box = el("div", "trace-box");
            box.appendChild(el("h4", null, title + " (" + steps.length + ")"));
            if (!steps.length) { box.appendChild(el("p", "dim", "none in this graph")); return box; }
            var ul = el("ul", "trace");
            steps.slice(0, shownLimit).forEach(function (s) {
              var li = el("li");
              li.style.paddingLeft = (s.depth - 1) * 14 + "px";
              li.appendChild(el("span", "dim", arrow + " " + s.sim.toFixed(3) + " "));
              li.appendChild(featureButton(s.f));
              if (F[s.f][2] !== null) li.appendChild(el("span", null, " " + F[s.f][2]));
              ul.appendChild(li);
            });
            box.appendChild(ul);
            if (steps.length > shownLimit) box.appendChild(el("p", "dim", (steps.length - shownLimit) + " more not shown"));
            return box;
          }

          var panel = document.getElementById("feature");
          function select(i) {
            var id = F[i][0];
            var forward = trace(i, out);
            var backward = trace(i, inn);
            panel.textContent = "";
            document.getElementById("panel-hint").hidden = true;
            panel.appendChild(el("h3", null, F[i][1]));
            panel.appendChild(el("span", "label", F[i][2] === null ? "(no label)" : F[i][2]));
            if (F[i][3] !== null) {
              var a = el("a", "np", "Neuronpedia page ↗");
              a.href = F[i][3];
              a.target = "_blank";
              a.rel = "noopener noreferrer";
              panel.appendChild(a);
            }
            panel.appendChild(el("p", "dim", "in " + inn[i].length + " · out " + out[i].length + " links"));
            panel.appendChild(traceList("Forward", forward, "→"));
            panel.appendChild(traceList("Backward", backward, "←"));
            if (data.truncated) panel.appendChild(el("p", "dim", "Traces stop at the features embedded in this report."));
            svgNodes.forEach(function (g) { g.classList.remove("selected", "on-trace"); });
            svgEdges.forEach(function (g) { g.classList.remove("on-trace"); });
            diagram.classList.add("tracing");
            var onTrace = new Set([i]);
            forward.concat(backward).forEach(function (s) { onTrace.add(s.f); });
            forward.forEach(function (s) { markEdge(F[s.parent][0], F[s.f][0]); });
            backward.forEach(function (s) { markEdge(F[s.f][0], F[s.parent][0]); });
            onTrace.forEach(function (j) {
              var g = svgNodes.get(F[j][0]);
              if (g) g.classList.add(j === i ? "selected" : "on-trace");
            });
            document.body.setAttribute("data-selected", id);
          }
          function markEdge(a, b) {
            var g = svgEdges.get(a + "->" + b);
            if (g) g.classList.add("on-trace");
          }

          // Feature buttons anywhere on the page select their feature.
          document.addEventListener("click", function (ev) {
            var b = ev.target.closest ? ev.target.closest("button.f") : null;
            if (!b) return;
            var id = b.getAttribute("data-f");
            if (index.has(id)) select(index.get(id));
          });

          // Search by id (6:50, 6_50, 6/50, or a prefix such as 6:) or by the words of a label.
          var search = document.getElementById("search");
          var results = document.getElementById("results");
          var count = document.getElementById("result-count");
          var found = [];
          function runSearch() {
            var q = search.value.trim();
            results.textContent = "";
            found = [];
            if (!q) { count.textContent = ""; return; }
            var m = /^(\\d+)\\s*[:_\\/]\\s*(\\d*)$/.exec(q);
            if (m) {
              var exact = m[1] + "_" + m[2];
              if (index.has(exact)) found.push(index.get(exact));
              F.forEach(function (f, i) {
                if (f[0] !== exact && f[0].indexOf(m[1] + "_" + m[2]) === 0) found.push(i);
              });
            } else {
              var words = q.toLowerCase().split(/\\s+/);
              F.forEach(function (f, i) {
                var text = (f[2] || "").toLowerCase();
                if (words.every(function (w) { return text.indexOf(w) >= 0; })) found.push(i);
              });
            }
            count.textContent = found.length === 1 ? "1 feature" : found.length + " features";
            if (!found.length) count.textContent += " (searching the " + F.length + " features in this report)";
            found.slice(0, 50).forEach(function (i) {
              var li = el("li");
              li.appendChild(featureButton(i));
              if (F[i][2] !== null) li.appendChild(el("span", null, " " + F[i][2]));
              results.appendChild(li);
            });
            if (found.length > 50) results.appendChild(el("li", "dim", (found.length - 50) + " more: refine the search"));
          }
          search.addEventListener("input", runSearch);
          search.addEventListener("keydown", function (ev) {
            if (ev.key === "Enter" && found.length) select(found[0]);
            if (ev.key === "Escape") { search.value = ""; runSearch(); }
          });
        })();
        """
}
