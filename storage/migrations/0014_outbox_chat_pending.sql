-- The sender reads a chat's waiting messages in order when it keeps only a few of them in memory.
CREATE INDEX outbox_chat_pending ON outbox (chat_id, status, id);
