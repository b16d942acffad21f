"""Platform limits for Telegram and Slack, each with the document it comes from.

Telegram values are from the Bot API reference, https://core.telegram.org/bots/api
(the anchor of each method or type is given). Slack values are from the Block
Kit and Web API references at https://docs.slack.dev (formerly api.slack.com).
Where only a client library's copy of the reference text was at hand, the
comment names that library too. A value that no platform document states, but
that a library or an experiment reports, carries a NOTE saying so.
"""

from __future__ import annotations

# --- Telegram -----------------------------------------------------------------

# sendMessage `text`: "1-4096 characters after entities parsing"
# (core.telegram.org/bots/api#sendmessage). The count applies to the text left
# once the HTML tags are removed and the entities decoded. The page says
# "characters". Entity offsets, by contrast, are counted in UTF-16 code units
# (core.telegram.org/api/entities). Copydesk counts UTF-16 code units, which are
# never fewer than code points, so a part that fits our count fits either reading.
TELEGRAM_MESSAGE_MAX_CHARS = 4096

# sendPhoto / sendDocument / InputMedia* `caption`: "0-1024 characters after
# entities parsing" (core.telegram.org/bots/api#sendphoto, text as copied into
# teloxide-core's SendPhoto docs).
TELEGRAM_CAPTION_MAX_CHARS = 1024

# InlineKeyboardButton `callback_data`: "1-64 bytes" (UTF-8)
# (core.telegram.org/bots/api#inlinekeyboardbutton, as copied into grammY's types).
TELEGRAM_CALLBACK_DATA_MAX_BYTES = 64

# answerCallbackQuery `text`: "0-200 characters"
# (core.telegram.org/bots/api#answercallbackquery, as copied into pyrogram's docs).
TELEGRAM_CALLBACK_ANSWER_MAX_CHARS = 200

# Sending files (core.telegram.org/bots/api#sending-files, as restated in the
# Telegram.Bot and Telegraf guides): uploads by multipart/form-data may be 10 MB
# for photos and 50 MB for other files. Files sent by URL may be 5 MB for
# photos and 20 MB for other content.
TELEGRAM_PHOTO_UPLOAD_MAX_BYTES = 10 * 1024 * 1024
TELEGRAM_FILE_UPLOAD_MAX_BYTES = 50 * 1024 * 1024
TELEGRAM_PHOTO_URL_MAX_BYTES = 5 * 1024 * 1024
TELEGRAM_FILE_URL_MAX_BYTES = 20 * 1024 * 1024

# getFile: "bots can download files of up to 20MB in size"
# (core.telegram.org/bots/api#getfile, as copied into telegram-bot-fork-raw).
TELEGRAM_FILE_DOWNLOAD_MAX_BYTES = 20 * 1024 * 1024

# sendPhoto `photo`: "width and height must not exceed 10000 in total. Width and
# height ratio must be at most 20" (core.telegram.org/bots/api#sendphoto, as
# copied into the telegram-bot-api crate).
TELEGRAM_PHOTO_MAX_SIDES_SUM_PX = 10000
TELEGRAM_PHOTO_MAX_ASPECT_RATIO = 20

# sendMediaGroup `media`: "must include 2-10 items"
# (core.telegram.org/bots/api#sendmediagroup, as copied into teloxide's docs).
TELEGRAM_MEDIA_GROUP_MAX_ITEMS = 10

# NOTE: not in the Bot API reference. python-telegram-bot's telegram.constants
# (v13) lists 100 entities per message as "found by experimentation": beyond it
# Telegram drops further formatting.
TELEGRAM_MESSAGE_MAX_ENTITIES = 100

# --- Slack --------------------------------------------------------------------

# Blocks: "You can include up to 50 blocks in each message, and 100 blocks in
# modals or Home tabs" (docs.slack.dev/reference/block-kit/blocks).
SLACK_MESSAGE_MAX_BLOCKS = 50
SLACK_MODAL_MAX_BLOCKS = 100

# Section block `text`: "Maximum length for the text in this field is 3000
# characters". `fields`: at most 10 items of 2000 characters each
# (api.slack.com/reference/block-kit/blocks#section, as copied into the
# slack-blocks crate and the rSlack package).
SLACK_SECTION_TEXT_MAX_CHARS = 3000
SLACK_SECTION_MAX_FIELDS = 10
SLACK_SECTION_FIELD_MAX_CHARS = 2000

# Header block `text` (plain_text): "Maximum length for the text in this field is
# 150 characters" (docs.slack.dev/reference/block-kit/blocks/header-block).
SLACK_HEADER_TEXT_MAX_CHARS = 150

# Any block's `block_id`: "Maximum length for this field is 255 characters"
# (same header and section block pages).
SLACK_BLOCK_ID_MAX_CHARS = 255

# chat.postMessage `text`: Slack truncates messages with more than 40,000
# characters (api.slack.com/changelog/2018-04-truncating-really-long-messages,
# restated on docs.slack.dev/reference/methods/chat.postMessage). Past it the
# API can also fail with `msg_too_long`. The page recommends at most 4,000
# characters for readability.
SLACK_MESSAGE_TEXT_MAX_CHARS = 40000
SLACK_MESSAGE_TEXT_RECOMMENDED_CHARS = 4000

# NOTE: the 12,000 characters across all markdown blocks of one payload is
# taken from slackapi/bolt-js issue 2509, which quotes the markdown block page.
# The same issue reports `msg_blocks_too_long` for payloads of about 13,000
# characters that stay within every documented limit, so Slack also applies a
# total payload limit that no page states.
SLACK_MARKDOWN_BLOCKS_MAX_CHARS = 12000

# files.getUploadURLExternal `alt_txt`: the `alt_txt_too_large` error names a
# limit of 1000 characters (docs.slack.dev/reference/methods/files.getUploadURLExternal).
# NOTE: the method page states no file size limit, so none is defined here.
SLACK_FILE_ALT_TEXT_MAX_CHARS = 1000
