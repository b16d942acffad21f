"""Schema migrations, applied in order on start; ``PRAGMA user_version`` records the last one."""

from __future__ import annotations

MIGRATIONS: list[str] = [
    # 1: users, jobs, contents with numbered versions.
    """
    CREATE TABLE users (
        id INTEGER PRIMARY KEY,
        platform TEXT NOT NULL,
        platform_user_id TEXT NOT NULL,
        display_name TEXT,
        locale TEXT,
        created_at REAL NOT NULL,
        UNIQUE (platform, platform_user_id)
    );
    CREATE TABLE contents (
        id TEXT PRIMARY KEY,
        kind TEXT NOT NULL,
        user_id INTEGER NOT NULL REFERENCES users (id),
        title TEXT NOT NULL,
        current_version INTEGER NOT NULL,
        created_at REAL NOT NULL,
        updated_at REAL NOT NULL
    );
    CREATE TABLE content_versions (
        content_id TEXT NOT NULL REFERENCES contents (id),
        version INTEGER NOT NULL,
        body TEXT NOT NULL,
        data TEXT NOT NULL DEFAULT '{}',
        summary TEXT,
        job_id TEXT,
        created_at REAL NOT NULL,
        PRIMARY KEY (content_id, version)
    );
    CREATE TABLE jobs (
        id TEXT PRIMARY KEY,
        kind TEXT NOT NULL,
        status TEXT NOT NULL
            CHECK (status IN ('pending', 'running', 'completed', 'failed', 'cancelled')),
        progress INTEGER NOT NULL DEFAULT 0 CHECK (progress BETWEEN 0 AND 100),
        user_id INTEGER NOT NULL REFERENCES users (id),
        params TEXT NOT NULL DEFAULT '{}',
        output TEXT,
        error TEXT,
        error_key TEXT,
        tokens_prompt INTEGER NOT NULL DEFAULT 0,
        tokens_completion INTEGER NOT NULL DEFAULT 0,
        tokens_estimated INTEGER NOT NULL DEFAULT 0,
        created_at REAL NOT NULL,
        started_at REAL,
        finished_at REAL,
        tries INTEGER NOT NULL DEFAULT 0,
        content_id TEXT REFERENCES contents (id),
        locale TEXT NOT NULL DEFAULT 'en',
        destination TEXT NOT NULL DEFAULT '{}',
        delivered_at REAL
    );
    CREATE INDEX jobs_user_created ON jobs (user_id, created_at);
    CREATE INDEX jobs_status ON jobs (status);
    """,
    # 2: which chat message shows which content, so a reply to a posted result
    # can ask for a revision of that content.
    """
    CREATE TABLE message_links (
        platform TEXT NOT NULL,
        chat_id TEXT NOT NULL,
        message_id TEXT NOT NULL,
        content_id TEXT NOT NULL REFERENCES contents (id),
        version INTEGER,
        job_id TEXT,
        created_at REAL NOT NULL,
        PRIMARY KEY (platform, chat_id, message_id)
    );
    """,
    # 3: platform event ids already handled, so an event that the platform
    # delivers again (a retry) never queues a second job.
    """
    CREATE TABLE seen_events (
        platform TEXT NOT NULL,
        event_id TEXT NOT NULL,
        seen_at REAL NOT NULL,
        PRIMARY KEY (platform, event_id)
    );
    CREATE INDEX seen_events_seen_at ON seen_events (seen_at);
    """,
    # 4: worker heartbeats on running jobs, so a sweeper can tell a live job
    # from a lost one; indexes for daily usage per chat and finished jobs.
    # Failed and cancelled jobs from before this version were already
    # announced, so they are marked delivered and the outbox skips them.
    """
    ALTER TABLE jobs ADD COLUMN heartbeat_at REAL;
    UPDATE jobs SET delivered_at = COALESCE(finished_at, created_at)
        WHERE delivered_at IS NULL AND status IN ('failed', 'cancelled');
    CREATE INDEX jobs_finished ON jobs (finished_at);
    CREATE INDEX jobs_chat_created ON jobs (
        json_extract(destination, '$.platform'), json_extract(destination, '$.chat_id'), created_at
    );
    """,
]
