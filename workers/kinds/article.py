"""The article pipeline."""

from __future__ import annotations

from core.markdown_doc import parse_document
from core.prompts.article import build_article_prompt
from core.requests.article import ArticleRequest
from storage.models import Job
from workers.context import JobContext
from workers.kinds import KindResult, ProgressCallback, register_pipeline
from workers.kinds.text import stream_completion

# Expected output size in characters per unit of target length, for progress only.
CHARS_PER_WORD = 6
CHARS_PER_HAN = 1.3


@register_pipeline("article")
async def run_article(context: JobContext, job: Job, report: ProgressCallback) -> KindResult:
    """Write an article and return it with its title, counts and tokens."""
    request = ArticleRequest.model_validate(job.params)
    locale = request.content_locale(job.locale)
    prompt = build_article_prompt(request, locale, context.settings.llm.max_tokens)
    target = request.target_length(locale)
    expected_chars = int(target * (CHARS_PER_HAN if locale == "zh-CN" else CHARS_PER_WORD))

    completion = await stream_completion(context, prompt, expected_chars, report)

    document = parse_document(completion.text, fallback_title=request.title or request.topic)
    output = {
        "markdown": completion.text,
        "title": document.title,
        "sections": [section.heading for section in document.sections],
        "word_count": document.word_count,
        "han_count": document.han_count,
        "tokens_used": completion.total_tokens,
        "tokens_estimated": completion.tokens_estimated,
        "model": completion.model,
        "offline": completion.offline,
        "language": locale,
    }
    return KindResult(
        output=output,
        body=completion.text,
        title=document.title,
        tokens_prompt=completion.prompt_tokens,
        tokens_completion=completion.completion_tokens,
        tokens_estimated=completion.tokens_estimated,
    )
