"""Judging the catalogue: SHACL validation against the bundled shapes, as findings (`shacl`);
one changed file validated against a built catalogue (`incremental`); the integrity checks of
integrity/*.rq at their levels (`integrity`); the one canonical Turtle form of data files that
`atlaskg fmt` writes and checks (`canonical`)."""
