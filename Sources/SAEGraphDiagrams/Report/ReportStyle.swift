/// The report's style sheet (inline; system fonts only, nothing fetched).
enum ReportStyle {
    static let css = """
        :root { --ink: #1d2430; --dim: #667085; --line: #d9dee7; --accent: #1c64d6; --mark: #d6336c; --bg: #ffffff; }
        * { box-sizing: border-box; }
        body { margin: 0; font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", sans-serif;
          color: var(--ink); background: var(--bg); }
        header { padding: 16px 24px 8px; border-bottom: 1px solid var(--line); }
        h1 { font-size: 20px; margin: 0 0 4px; }
        h2 { font-size: 16px; margin: 0 0 6px; }
        main { padding: 12px 24px 40px; }
        section { margin: 22px 0; }
        .summary, .hint, .dim { color: var(--dim); }
        .hint { margin: 0 0 8px; font-size: 13px; }
        .search { display: flex; gap: 10px; align-items: center; margin-top: 6px; }
        #search { width: min(520px, 100%); padding: 6px 10px; font-size: 14px; border: 1px solid #b8c0cc;
          border-radius: 6px; }
        #result-count { color: var(--dim); font-size: 13px; }
        #results { list-style: none; margin: 6px 0 0; padding: 0; max-height: 220px; overflow: auto; }
        #results li { padding: 2px 0; }
        .layout { display: grid; grid-template-columns: minmax(0, 1fr) 340px; gap: 18px; align-items: start; }
        #diagram { overflow: auto; max-height: 78vh; border: 1px solid var(--line); border-radius: 6px; padding: 6px; }
        #diagram svg { display: block; height: auto; max-width: none; }
        #panel { position: sticky; top: 12px; border: 1px solid var(--line); border-radius: 6px; padding: 12px;
          max-height: 78vh; overflow: auto; }
        #feature h3 { margin: 0 0 4px; font-size: 16px; }
        #feature .label { display: block; margin-bottom: 6px; }
        #feature h4 { margin: 12px 0 4px; font-size: 13px; }
        ul.trace { list-style: none; margin: 0; padding: 0; font-size: 13px; }
        ul.trace li { padding: 1px 0; }
        button.f { font: 12px/1.4 ui-monospace, "DejaVu Sans Mono", monospace; color: var(--accent); background: #eef4ff;
          border: 1px solid #c5d6f6; border-radius: 4px; padding: 0 5px; cursor: pointer; }
        button.f:hover, button.f:focus { background: #dbe8ff; }
        a.np { text-decoration: none; color: var(--accent); }
        table { border-collapse: collapse; width: 100%; }
        th, td { text-align: left; vertical-align: top; padding: 5px 8px; border-bottom: 1px solid var(--line); }
        th { font-size: 13px; color: var(--dim); font-weight: 600; }
        tbody tr:nth-child(even) { background: #f8f9fb; }
        ol.chain, ul.members { margin: 0; padding-left: 18px; }
        .hop { font: 12px ui-monospace, "DejaVu Sans Mono", monospace; color: var(--dim); }
        pre { background: #f6f7f9; border: 1px solid var(--line); border-radius: 6px; padding: 10px; overflow: auto;
          font-size: 12px; }
        #tooltip { position: fixed; max-width: 360px; background: #1d2430; color: #fff; padding: 6px 9px; border-radius: 5px;
          font-size: 13px; pointer-events: none; z-index: 10; box-shadow: 0 2px 8px rgba(0,0,0,.25); }
        #tooltip b { font-family: ui-monospace, "DejaVu Sans Mono", monospace; }
        #diagram g.node.feature { cursor: pointer; }
        #diagram.tracing g.node.feature:not(.on-trace):not(.selected) { opacity: .25; }
        #diagram.tracing g.edge:not(.on-trace) { opacity: .12; }
        #diagram g.node.on-trace path, #diagram g.node.on-trace polygon { stroke: var(--accent); stroke-width: 2.5px; }
        #diagram g.node.selected path, #diagram g.node.selected polygon { stroke: var(--mark); stroke-width: 3.5px; }
        @media (max-width: 900px) { .layout { grid-template-columns: 1fr; } #panel { position: static; } }
        """
}
