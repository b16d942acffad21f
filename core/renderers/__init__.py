"""Markdown renderings of structured results (posts, scripts, images) for every adapter.

Each renderer returns Markdown that the chat adapters convert (Telegram
HTML, Slack mrkdwn) and the console prints as it is.
"""
