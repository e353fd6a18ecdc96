"""What every other part of atlaskg stands on, and which knows nothing of RDF: the errors a user
can act on (`errors`), the bounds on the work an input may cause (`limits`), files written whole
or not at all (`files`), the audit hook that refuses hidden network and file access (`guard`),
credentials kept out of command lines and messages (`credentials`), where the bundled files live
(`resources`), progress on a terminal (`progress`), the garbage collector tuned for long jobs
(`collecting`) and the version (`version`)."""
