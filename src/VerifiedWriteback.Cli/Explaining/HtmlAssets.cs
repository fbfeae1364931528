namespace VerifiedWriteback.Cli.Explaining;

/// <summary>The inline style sheet and script of the explain page (no file, font or library is fetched).</summary>
public static class HtmlAssets
{
    public const string Css = """
        :root { --bad: #cf222e; --bad-bg: #ffebe9; --warn-bg: #fff8c5; --ok: #1a7f37; --muted: #57606a; --line: #d0d7de; }
        * { box-sizing: border-box; }
        body { margin: 0; padding: 20px 28px; font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", sans-serif; color: #1f2328; background: #fff; }
        h1 { font-size: 22px; margin: 0 0 6px; }
        h2 { font-size: 17px; margin: 26px 0 8px; border-bottom: 1px solid var(--line); padding-bottom: 4px; }
        code, .mono, table.steps td.call, table.steps td.state { font-family: "DejaVu Sans Mono", Menlo, Consolas, monospace; font-size: 12px; }
        .verdict { display: inline-block; padding: 6px 12px; border-radius: 6px; font-weight: 600; margin: 4px 0 12px; }
        .verdict.bad { background: var(--bad-bg); color: var(--bad); border: 1px solid var(--bad); }
        .verdict.good { background: #dafbe1; color: var(--ok); border: 1px solid var(--ok); }
        dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: 3px 14px; margin: 0; }
        dl.facts dt { color: var(--muted); font-weight: 600; }
        dl.facts dd { margin: 0; }
        .legend { color: var(--muted); font-size: 13px; margin: 10px 0 0; }
        .legend .chipdemo { display: inline-block; padding: 0 6px; border-radius: 3px; border: 1px solid #8c959f; font-family: monospace; font-size: 12px; }
        .legend .chipdemo.dirty { background: #ffd8a8; }
        .legend .chipdemo.async { border: 2px solid #1f6feb; }
        .scroll { overflow-x: auto; border: 1px solid var(--line); border-radius: 6px; }
        svg.sequence { display: block; font-family: "DejaVu Sans Mono", Menlo, Consolas, monospace; font-size: 11px; }
        svg .band { fill: var(--warn-bg); }
        svg .band.violating, svg .band.implicated { fill: var(--bad-bg); }
        svg .step.implicated .box { stroke: var(--bad); stroke-width: 2.5; }
        svg .band.end { fill: #f6f8fa; }
        svg .band.end.violating { fill: var(--bad-bg); }
        svg .lifeline { stroke-width: 1.5; stroke-dasharray: 4 4; opacity: .55; }
        svg .lane-name { fill: #fff; font-weight: bold; font-size: 12px; }
        svg .column-head { fill: var(--muted); font-weight: bold; font-family: system-ui, sans-serif; font-size: 12px; }
        svg .seq { fill: var(--muted); }
        svg .box { fill: #fff; stroke-width: 1.2; }
        svg .step.decisive .box { stroke-width: 2; }
        svg .step.violating .box { fill: var(--bad); stroke: var(--bad); }
        svg .step.violating .call { fill: #fff; font-weight: bold; }
        svg .step:hover .box, svg .step.selected .box { stroke: #000; stroke-width: 2.5; }
        svg .step { cursor: pointer; }
        svg .call { fill: #1f2328; }
        svg .bio { fill: none; stroke: #57606a; stroke-width: 1.2; stroke-dasharray: 5 3; }
        svg .bio-label { fill: #57606a; font-size: 10px; }
        svg .chip { fill: #fff; stroke: #8c959f; }
        svg .chip.page.writeback { fill: #ddf4ff; }
        svg .chip.dirty { fill: #ffd8a8; }
        svg .chip.async { stroke: #1f6feb; stroke-width: 2.5; }
        svg .chip-text { font-size: 10px; fill: #1f2328; }
        svg .end-text { font-weight: bold; fill: #1f2328; }
        svg .end.violating .end-text { fill: var(--bad); }
        table.steps { border-collapse: collapse; width: 100%; }
        table.steps th { text-align: left; color: var(--muted); border-bottom: 2px solid var(--line); padding: 4px 8px; position: sticky; top: 0; background: #fff; }
        table.steps td { border-bottom: 1px solid #eaeef2; padding: 3px 8px; vertical-align: top; }
        table.steps tr.decisive td { background: var(--warn-bg); }
        table.steps tr.violating td { background: var(--bad-bg); color: var(--bad); font-weight: 600; }
        table.steps tr.implicated td { background: var(--bad-bg); }
        table.steps tr.selected td { outline: 2px solid #1f6feb; outline-offset: -2px; }
        table.steps.decisive-only tr.step:not(.decisive) { display: none; }
        table.steps td.seq { text-align: right; color: var(--muted); }
        .violation-note { color: var(--bad); font-weight: 600; }
        footer { margin-top: 24px; color: var(--muted); font-size: 12px; }
        """;

    public const string Script = """
        (function () {
          function select(seq) {
            document.querySelectorAll('.selected').forEach(function (e) { e.classList.remove('selected'); });
            var row = document.getElementById('step-' + seq);
            var box = document.getElementById('svg-step-' + seq);
            if (row) { row.classList.add('selected'); }
            if (box) { box.classList.add('selected'); }
            return row;
          }
          document.querySelectorAll('svg .step').forEach(function (g) {
            g.addEventListener('click', function () {
              var row = select(g.getAttribute('data-seq'));
              if (row) { row.scrollIntoView({ block: 'center' }); }
            });
          });
          document.querySelectorAll('table.steps tr.step').forEach(function (tr) {
            tr.addEventListener('click', function () {
              select(tr.getAttribute('data-seq'));
              var box = document.getElementById('svg-step-' + tr.getAttribute('data-seq'));
              if (box) { box.scrollIntoView({ block: 'center', inline: 'center' }); }
            });
          });
          var only = document.getElementById('decisive-only');
          if (only) {
            only.addEventListener('change', function () {
              document.querySelector('table.steps').classList.toggle('decisive-only', only.checked);
            });
          }
        })();
        """;
}
