"""The package's version, in one place: the CLI, the build's description and the site print it."""

VERSION = "0.1.0"
