-- Which chat a user edits from their private chat (chosen in /chats): commands typed there change
-- that chat until they go back to their own settings. Kept in the database so every process agrees.
CREATE TABLE chat_editing (
    user_id    INTEGER NOT NULL PRIMARY KEY,
    chat_id    INTEGER NOT NULL REFERENCES chats (chat_id) ON DELETE CASCADE,
    chosen_at  TEXT NOT NULL
);
CREATE INDEX chat_editing_chat ON chat_editing (chat_id);
