"""The content of each page of the website, as plain data for the templates: built from `SiteData`
(see publish/data.py) with no further query. Every fact carries the numbers of its sources on the
page, and every source number links to the page's list of sources, which links to the source's
own page.

One module per page (`model`, `index`, `benchmark`, `platform`, `source`, `checks`,
`disagreements`), and beside
them what several pages share: how values are written (`formats`), how a page numbers the sources
it cites (`citations`), how a node is named and where it is shown (`nodes`), and the data of the
charts that more than one page draws (`prices`: a model's offerings and its prices over time;
`curves`: scores against context length). The charts themselves are drawn by publish/charts.py."""
