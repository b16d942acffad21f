"""The Slack adapter: a bolt ``AsyncApp`` that acks and queues, and a worker-side notifier.

``app`` runs the adapter (Socket Mode or HTTP), ``listeners`` turns slash
commands, mentions and thread replies into Desk calls, ``notifier`` posts
progress and results from the worker, and ``render`` and ``poster`` turn
results into Block Kit messages within Slack's limits.
"""

PLATFORM = "slack"
