"""What the figures say before anyone writes, and what changed since the last period.

Pure computations over the typed repository, used by the report, the site and the
commands `avvikelser`, `dialog` and `andringar`: the deviations that stand out in each
nämnd's figures (`deviations`), how well the year's economic forecasts held
(`forecasts`), and what changed between two periods (`changes`). Nothing here reads files
or lays anything out.
"""
