"""talentflow: the Dagster code location of the talent-flow warehouse."""
