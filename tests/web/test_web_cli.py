"""``khabar serve``: the real command, in a subprocess, answers ``/`` (HTML) and ``GET /api/actors``
(JSON); beyond loopback it refuses to start without a token."""

from __future__ import annotations

import subprocess
import sys
import time

import httpx
from typer.testing import CliRunner

from helpers_corpus import free_port
from khabar.cli import app

KHABAR = [sys.executable, "-c", "from khabar.cli import app; app()"]


def test_serve_answers_home_and_api(corpus_url: str) -> None:
    port = free_port()
    proc = subprocess.Popen(
        [*KHABAR, "serve", "--db", corpus_url, "--port", str(port), "--log-level", "warning"],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                home = httpx.get(base + "/", timeout=5)
                break
            except httpx.TransportError:
                assert proc.poll() is None, proc.stdout.read() if proc.stdout else ""
                assert time.monotonic() < deadline, "khabar serve did not answer within 60 s"
                time.sleep(0.2)
        assert home.status_code == 200 and home.headers["content-type"].startswith("text/html")
        assert "Khabar" in home.text and "content-security-policy" in home.headers
        actors = httpx.get(base + "/api/actors", timeout=10)
        assert actors.status_code == 200
        body = actors.json()
        assert body["items"] and body["total"] >= len(body["items"])
        assert {"id", "name", "type"} <= set(body["items"][0])
        # a loopback server answers only to loopback names (DNS rebinding)
        assert httpx.get(base + "/api/actors", headers={"host": "evil.example"}, timeout=5).status_code == 400
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def test_serve_beyond_loopback_needs_a_token(corpus_url: str, monkeypatch) -> None:
    monkeypatch.delenv("KHABAR_TOKEN", raising=False)
    r = CliRunner().invoke(app, ["serve", "--host", "0.0.0.0", "--db", corpus_url])
    assert r.exit_code == 2
    assert "need a token" in r.output and "KHABAR_TOKEN" in r.output


def test_serve_reports_a_bad_database(tmp_path) -> None:
    r = CliRunner().invoke(app, ["serve", "--db", "mysql://nowhere/db"])
    assert r.exit_code == 1 and "database" in r.output
