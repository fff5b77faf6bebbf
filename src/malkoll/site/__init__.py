"""`malkoll webbplats` and `malkoll visa`: the year's reports as one static site.

- `build`: read the repository once, render every followed-up period's report (the
  whole municipality's and each nämnd's), the findings page and the index, as files;
- `findings`: the findings page's view, what is missing unit by unit;
- `folder`: writing the site as a folder, whole, and never over one malkoll did not write;
- `serve`: the local preview server that rebuilds when a file changes.
"""
