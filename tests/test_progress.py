"""The status line of long commands: on a terminal only, cleared when the command ends."""

from __future__ import annotations

import io
import time

from atlaskg.core.progress import Progress


def test_a_terminal_sees_the_current_step_and_its_clock_then_a_cleared_line():
    stream = io.StringIO()
    with Progress("atlaskg", stream=stream, enabled=True) as progress:
        progress("reading 1/2 a.ttl")
        progress("validating with turbo")
        time.sleep(0.8)  # the ticker redraws while the step runs without returning
    text = stream.getvalue()
    assert "atlaskg: validating with turbo (" in text and " s)" in text
    assert "reading 1/2" not in text, "a step that ended before the line appeared is never drawn"
    assert text.endswith("\r\x1b[K"), "the line is cleared, so the command's own output starts clean"


def test_a_pipe_or_a_log_file_sees_nothing():
    stream = io.StringIO()  # not a terminal
    with Progress("atlaskg", stream=stream) as progress:
        progress("validating")
        time.sleep(0.6)
    assert stream.getvalue() == ""


def test_the_cli_prints_no_status_line_when_stderr_is_not_a_terminal(run_cli, tmp_path):
    result = run_cli("build", "--curated", "-o", tmp_path / "dist")
    assert result.exit_code == 0
    assert "\r" not in result.stderr and "reading" not in result.stderr
