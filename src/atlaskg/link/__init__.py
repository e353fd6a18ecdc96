"""Linking the catalogue with external datasets: resolving every dataset entry (one model at one
provider) to one atlas model, with its rule, confidence and the report of what did not resolve."""
