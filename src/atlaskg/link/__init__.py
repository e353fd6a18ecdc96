"""Linking the catalogue with external datasets: resolving every dataset entry (one model at one
provider) to one atlas model, with its rule, confidence and the report of what did not resolve
(`resolution`, `identity`, `tables`); one platform per provider (`platforms`); the preferred
model-level values (`preferred`); the atlas graph built from all of it (`atlas`) and its reports
(`reports`); benchmark results matched to atlas models and benchmarks (`results`) and converted
once the atlas is resolved (`results_graph`); and comparing what mapped sources state
(`reconcile`, `consensus`)."""
