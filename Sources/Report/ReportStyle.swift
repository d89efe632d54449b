/// The report's only style sheet, inlined into the page: system fonts, tables that scroll inside their own box when
/// wider than the page, figures that shrink to fit.
enum ReportStyle {
    static let css = """
        :root { color-scheme: light; --ink: #1d1d1f; --muted: #5f6368; --rule: #d9d9de; --band: #f5f5f7; \
        --alarm: #b3261e; --alarm-band: #fdecea; }
        * { box-sizing: border-box; }
        body { margin: 0; padding: 24px 32px 48px; font: 15px/1.45 system-ui, -apple-system, "Segoe UI", \
        "DejaVu Sans", Helvetica, Arial, sans-serif; color: var(--ink); background: #fff; }
        main { max-width: 1400px; margin: 0 auto; }
        h1 { font-size: 28px; margin: 0 0 4px; }
        h2 { font-size: 20px; margin: 36px 0 10px; padding-bottom: 4px; border-bottom: 1px solid var(--rule); }
        h3 { font-size: 16px; margin: 20px 0 6px; }
        p.description { font-size: 17px; margin: 0 0 14px; max-width: 70em; }
        p.note, figcaption, .caption { color: var(--muted); font-size: 13px; }
        nav ul { list-style: none; padding: 0; margin: 0 0 8px; display: flex; flex-wrap: wrap; gap: 4px 18px; }
        nav a, a { color: #0b57d0; }
        code, pre, td.num, td.text { font-family: ui-monospace, "DejaVu Sans Mono", Menlo, Consolas, monospace; }
        code { font-size: 13px; overflow-wrap: anywhere; }
        pre { font-size: 13px; background: var(--band); padding: 10px 12px; border-radius: 6px; white-space: pre-wrap; \
        overflow-wrap: anywhere; margin: 6px 0 12px; }
        dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: 4px 18px; margin: 0; }
        dl.facts dt { color: var(--muted); }
        dl.facts dd { margin: 0; overflow-wrap: anywhere; }
        .scroll { overflow-x: auto; width: fit-content; max-width: 100%; border: 1px solid var(--rule); \
        border-radius: 6px; }
        table { border-collapse: collapse; font-size: 12.5px; }
        th, td { padding: 4px 7px; border-bottom: 1px solid var(--rule); vertical-align: top; }
        th { background: var(--band); text-align: left; font-weight: 600; position: sticky; top: 0; }
        th.num { text-align: right; }
        td.num { text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; }
        table.summary th { max-width: 9em; vertical-align: bottom; }
        table.summary td.text, table.metrics td.text { white-space: nowrap; }
        tr.deadlock td { background: var(--alarm-band); }
        .alarm { color: var(--alarm); font-weight: 700; }
        figure { margin: 18px 0 28px; }
        figure svg { display: block; max-width: 100%; height: auto; border: 1px solid var(--rule); border-radius: 6px; }
        details { margin: 10px 0; }
        summary { cursor: pointer; color: #0b57d0; }
        @media print { body { padding: 0; } .scroll { overflow: visible; border: none; } \
        figure { break-inside: avoid; } }
        """
}
