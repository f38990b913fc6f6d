"""The report page: one self-contained HTML file (Plotly's JavaScript inlined once, no request
leaves the page) with the build info, a short introduction and every chart with its definition
and its n."""

from __future__ import annotations

import html
import os
import re
from pathlib import Path

import plotly.io as pio
from plotly.offline import get_plotlyjs

from orchestration.report import data
from orchestration.report.figures import Chart, charts, llm_era_span
from orchestration.report.texts import definition

TITLE = "talentflow: where AI researchers come from, and where they go"
# Nothing may be fetched: scripts and styles are inline, images only data:/blob: (Plotly's
# "download plot" button); connections, frames and fonts from anywhere are refused.
CSP = (
    "default-src 'none'; script-src 'unsafe-inline'; "
    "style-src 'unsafe-inline'; img-src data: blob:; font-src data:"
)
PLOT_CONFIG = {"displaylogo": False, "responsive": True}
STYLE = """
body { font-family: system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial,
       sans-serif; color: #222; margin: 0; background: #fafafa; line-height: 1.45; }
main { max-width: 1180px; margin: 0 auto; padding: 24px 28px 60px; background: #fff; }
h1 { font-size: 1.7rem; margin: 0.2em 0 0.4em; }
h2 { font-size: 1.25rem; margin: 2.2em 0 0.3em; border-top: 1px solid #ddd; padding-top: 1em; }
.build { font-size: 0.85rem; color: #555; }
.build table { border-collapse: collapse; margin: 0.3em 0; }
.build td, .build th { padding: 1px 10px 1px 0; text-align: left; font-weight: normal; }
.build td.num { text-align: right; font-variant-numeric: tabular-nums; }
.definition, .n, .note { font-size: 0.9rem; margin: 0.25em 0; }
.definition dt { font-weight: 600; display: inline; }
.definition dd { display: inline; margin: 0; }
.definition div { margin: 0.15em 0; }
.n { font-weight: 600; }
.note { color: #555; }
.empty { padding: 2em; background: #f4f4f4; color: #555; text-align: center; }
nav ol { columns: 2; font-size: 0.92rem; }
code { font-size: 0.9em; }
"""


def write_report(
    marts_db: Path,
    out: Path,
    descriptions: dict[str, str] | None = None,
    *,
    k: int = 5,
    home_country: str | None = None,
) -> Path:
    """Write the report of the published `marts_db` to `out` (replaced atomically); return out.

    descriptions: {"mart.column": text} from the dbt docs (see texts.dbt_descriptions); a
    column missing from it is defined by the built-in sentence of texts.BUILT_IN (written from
    docs/methodology.md#metrics).
    k: the suppression threshold the marts were published with, shown as "<k".
    home_country: education elsewhere is overseas; by default the build's, from the
    manifest.json beside the marts, else CN.
    The LLM era starts in the build's year (data.Marts.llm_era_start).
    """
    marts_db, out = Path(marts_db), Path(out)
    with data.Marts(marts_db) as m:
        manifest, era_start = m.manifest, m.llm_era_start
        home_country = home_country or str(manifest.get("home_country") or "CN")
        found = charts(m, home_country=home_country, k=k)
        counts = data.row_counts(m)
    page = render(found, counts, manifest, descriptions, k, home_country, era_start)
    out.parent.mkdir(parents=True, exist_ok=True)
    temporary = out.with_name(f".{out.name}.{os.getpid()}.tmp")
    temporary.write_text(page, encoding="utf-8")
    os.replace(temporary, out)
    return out


def render(found: list[Chart], counts, manifest, descriptions, k, home_country, era_start) -> str:
    sections = "\n".join(_section(c, descriptions, era_start) for c in found)
    contents = "".join(f'<li><a href="#{c.id}">{html.escape(c.title)}</a></li>' for c in found)
    return f"""<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="{CSP}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{html.escape(TITLE)}</title>
<style>{STYLE}</style>
<script>{get_plotlyjs()}</script>
</head>
<body>
<main>
<h1>{html.escape(TITLE)}</h1>
{_build_info(counts, manifest)}
{_intro(k, home_country, era_start)}
<nav><ol>{contents}</ol></nav>
{sections}
</main>
</body>
</html>
"""


def _build_info(counts: dict[str, int], manifest: dict) -> str:
    facts = [(key, value) for key, value in manifest.items() if _scalar(value)]
    rows = "".join(
        f"<tr><th>{html.escape(str(key))}</th><td>{html.escape(str(value))}</td></tr>"
        for key, value in facts
    )
    marts = "".join(
        f'<tr><th>{html.escape(mart)}</th><td class="num">{n:,}</td></tr>'
        for mart, n in counts.items()
    )
    source = "from the manifest.json beside the marts" if manifest else "no manifest.json found"
    return f"""<section class="build" id="build">
<p>Build ({source}) and the rows of the marts drawn here:</p>
{f"<table>{rows}</table>" if rows else ""}
<table><tr><th>mart</th><td class="num">rows</td></tr>{marts}</table>
</section>"""


def _scalar(value) -> bool:
    return isinstance(value, str | int | float | bool) and len(str(value)) <= 200


def _intro(k: int, home_country: str, era_start: int | None) -> str:
    return f"""<section id="intro">
<p>Where do the AI researchers of China's large tech companies come from, and where do they go?
These charts are drawn from the published marts of the talentflow warehouse: OpenReview
profiles and papers joined with career profiles. A <em>researcher</em> of a company is an
employee there with at least one OpenReview paper dated within their years at the company;
every date is reduced to its year. {_llm_era(era_start)}; a researcher's era is that of the
year they first joined the company. Home country: {html.escape(home_country)}.</p>
<p>Each chart states what it counts and its <em>n</em>, the people counted. Cells of fewer than
{k} people are suppressed in the published marts and appear as &lt;{k}, never as zero. The
current year, when incomplete, is drawn dotted with a hollow marker (or hatched). Hover over a
chart for its numbers.</p>
</section>"""


def _llm_era(era_start: int | None) -> str:
    if era_start is None:
        return "The start of the <em>LLM era</em> is not recorded with these marts"
    return f"The <em>LLM era</em> is {llm_era_span(era_start)} (shaded)"


def _markdown(text: str) -> str:
    """The inline markdown of dbt docs (`code`, **bold**, *emphasis*) as HTML, text escaped."""
    text = html.escape(text)
    text = re.sub(r"`([^`]+)`", r"<code>\1</code>", text)
    text = re.sub(r"\*\*([^*]+)\*\*", r"<strong>\1</strong>", text)
    return re.sub(r"\*([^*]+)\*", r"<em>\1</em>", text)


def _section(chart: Chart, descriptions: dict[str, str] | None, era_start: int | None) -> str:
    terms = "".join(
        f"<div><dt>{html.escape(key.split('.')[-1])}</dt> "
        f"<dd>— {_markdown(definition(key, descriptions, era_start))}</dd></div>"
        for key in chart.keys
    )
    if chart.figure is None:
        body = '<p class="empty">No data for this chart in this build.</p>'
    else:
        body = pio.to_html(
            chart.figure,
            full_html=False,
            include_plotlyjs=False,
            div_id=f"{chart.id}-plot",
            config=PLOT_CONFIG,
            default_height=f"{chart.figure.layout.height}px",
        )
    notes = "".join(f'<p class="note">{html.escape(note)}</p>' for note in chart.notes)
    n = f'<p class="n">{html.escape(chart.n)}</p>' if chart.n else ""
    return f"""<section class="chart" id="{chart.id}">
<h2>{html.escape(chart.title)}</h2>
<dl class="definition">{terms}</dl>
{n}
{body}
{notes}
</section>"""
