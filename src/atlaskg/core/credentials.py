"""Credentials for the SPARQL stores a user publishes to or queries: never on the command line,
never in a message or a log. They come from the environment (ATLASKG_USER and ATLASKG_PASSWORD)
or from the user's netrc file ($NETRC, else ~/.netrc), as curl and requests read it, for the
endpoint's host. The HTTP handshake, basic or digest, is left to urllib."""

from __future__ import annotations

import netrc
import os
import urllib.parse
import urllib.request
from pathlib import Path

from atlaskg.core.errors import CredentialsError
from atlaskg.core.guard import allowing_reads

USER_VARIABLE, PASSWORD_VARIABLE = "ATLASKG_USER", "ATLASKG_PASSWORD"


def without_userinfo(url: str) -> str:
    """The URL as it may be shown: any user:password@ removed."""
    parts = urllib.parse.urlsplit(url)
    if parts.username is None and parts.password is None:
        return url
    host = parts.hostname or ""
    return urllib.parse.urlunsplit(parts._replace(netloc=host + (f":{parts.port}" if parts.port else "")))


def refuse_userinfo(url: str) -> None:
    if urllib.parse.urlsplit(url).username is not None:
        raise CredentialsError(f"{without_userinfo(url)}: credentials in the URL are refused (they would show in "
                               f"process lists and shell history); use {USER_VARIABLE} and {PASSWORD_VARIABLE}, "
                               "or a netrc file")


def for_url(url: str) -> tuple[str, str] | None:
    """(user, password) for the URL's host, or None: the environment first, then netrc."""
    user, password = os.environ.get(USER_VARIABLE), os.environ.get(PASSWORD_VARIABLE)
    if user and password is not None:
        return user, password
    path = Path(os.environ.get("NETRC") or Path.home() / ".netrc")
    if not path.is_file():
        return None
    host = urllib.parse.urlsplit(url).hostname or ""
    try:
        with allowing_reads([path]):
            entry = netrc.netrc(str(path)).authenticators(host)
    except (netrc.NetrcParseError, OSError) as err:
        raise CredentialsError(f"{path}: cannot read the netrc file ({getattr(err, 'msg', None) or err})") from None
    return (entry[0], entry[2]) if entry else None


def redacted(text: str, url: str) -> str:
    """`text` (what a server answered) without the password sent to it: a hostile store may echo it."""
    found = for_url(url)
    if found and found[1]:
        text = text.replace(found[1], "***")
    return text


def opener(url: str) -> urllib.request.OpenerDirector:
    """A urllib opener that answers a basic or digest challenge with the URL's credentials."""
    found = for_url(url)
    if found is None:
        return urllib.request.build_opener()
    passwords = urllib.request.HTTPPasswordMgrWithDefaultRealm()
    passwords.add_password(None, url, *found)
    return urllib.request.build_opener(urllib.request.HTTPBasicAuthHandler(passwords),
                                       urllib.request.HTTPDigestAuthHandler(passwords))
