"""The /seo and /readability jobs: pasted text, stored content, rewrite, and ownership."""

from __future__ import annotations

from handlers.desk import Desk
from handlers.types import Origin
from workers.context import build_context
from workers.queue import InProcessQueue

OWNER = Origin(platform="console", user_id="owner", platform_locale="zh_CN.UTF-8")
OTHER = Origin(platform="console", user_id="other")


async def _session(make_settings):
    settings = make_settings()
    context = await build_context(settings)
    queue = InProcessQueue(context)
    return context, queue, Desk(settings, context.store, queue)


async def _run(context, queue, desk, origin, text):
    reply = await desk.handle(origin, text)
    assert reply.kind == "queued", reply.text
    await queue.wait(reply.job.id)
    return await context.store.get_job(reply.job.id)


async def test_seo_on_pasted_text(make_settings) -> None:
    context, queue, desk = await _session(make_settings)
    job = await _run(
        context,
        queue,
        desk,
        OWNER,
        "/seo 机器学习是人工智能的一部分。学习机器学习需要耐心。 --keywords 机器学习,学习",
    )
    await context.aclose()
    assert job.status == "completed"
    analysis = job.output["analysis"]
    assert analysis["counts"]["han_characters"] == 23
    stats = {item["keyword"]: item for item in analysis["keywords"]}
    assert stats["机器学习"]["occurrences"] == 2
    assert stats["学习"]["occurrences"] == 1
    assert stats["学习"]["inside_longer"] == 2
    assert "SEO 报告" in job.output["markdown"]
    assert job.content_id is None


async def test_readability_rewrite_of_stored_content_adds_version(make_settings) -> None:
    context, queue, desk = await _session(make_settings)
    article = await _run(context, queue, desk, OWNER, "/article 远程办公 --length short")
    rewrite = await _run(
        context, queue, desk, OWNER, f"/readability {article.content_id} --rewrite"
    )
    versions = await context.store.list_versions(article.content_id)
    await context.aclose()
    assert rewrite.status == "completed"
    assert rewrite.content_id == article.content_id
    assert [version.version for version in versions] == [1, 2]
    assert "→" in versions[1].summary
    assert "score_after" in rewrite.output
    assert rewrite.output["analysis"]["kind"] == "readability"


async def test_analysis_of_someone_elses_content_rejected(make_settings) -> None:
    context, queue, desk = await _session(make_settings)
    article = await _run(context, queue, desk, OWNER, "/article 远程办公 --length short")
    other = await desk.handle(OTHER, f"/seo {article.content_id} --keywords x")
    missing = await desk.handle(OTHER, "/readability c00000000")
    jobs = await context.store.list_jobs(limit=10)
    await context.aclose()
    assert other.kind == "error"
    assert f"No job or content {article.content_id}" in other.text
    assert other.data["error_key"] == "error.not_found"
    assert missing.kind == "error"
    assert len(jobs) == 1


async def test_seo_usage_errors(make_settings) -> None:
    context, queue, desk = await _session(make_settings)
    missing = await desk.handle(OTHER, "/seo --keywords x")
    audience = await desk.handle(OTHER, "/readability text --audience robots")
    await context.aclose()
    assert missing.kind == "usage"
    assert "Usage: /seo" in missing.text
    assert audience.kind == "usage"
    assert "general, expert, children" in audience.text
