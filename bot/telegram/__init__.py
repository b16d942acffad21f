"""The Telegram adapter: ``copydesk telegram`` (:mod:`bot.telegram.app`) and the worker-side
notifier (:mod:`bot.telegram.notifier`)."""
