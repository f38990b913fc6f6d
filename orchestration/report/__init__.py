"""The study's charts as one self-contained HTML page, drawn from a published marts.duckdb.

data.py reads the marts (SQL in DuckDB), figures.py draws the Plotly figures, page.py writes the
page; texts.py holds the definitions stated under each chart.
"""

from orchestration.report.page import write_report
from orchestration.report.texts import dbt_descriptions

__all__ = ["dbt_descriptions", "write_report"]
