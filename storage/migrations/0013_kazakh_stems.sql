-- Kazakh word forms: the search index stems an article's words under its language, so a Kazakh
-- article's words go to the Kazakh stemmer (bot.text.words, registered as stemmed(text, lang)), and
-- an article is indexed again when its language changes.
DROP TRIGGER articles_fts_insert;
DROP TRIGGER articles_fts_update;
CREATE TRIGGER articles_fts_insert AFTER INSERT ON articles BEGIN
    INSERT INTO articles_fts (rowid, title, body)
    VALUES (new.id, stemmed(new.title, new.lang), stemmed(new.text, new.lang));
END;
CREATE TRIGGER articles_fts_update AFTER UPDATE OF title, text, lang ON articles
WHEN old.title IS NOT new.title OR old.text IS NOT new.text OR old.lang IS NOT new.lang BEGIN
    DELETE FROM articles_fts WHERE rowid = old.id;
    INSERT INTO articles_fts (rowid, title, body)
    VALUES (new.id, stemmed(new.title, new.lang), stemmed(new.text, new.lang));
END;

-- Stems changed for Kazakh articles and for words with a Kazakh-only letter: index those again.
CREATE TEMPORARY TABLE kazakh_stems_reindex AS SELECT id FROM articles
WHERE lang = 'kk' OR instr(title || ' ' || text, 'ә') > 0 OR instr(title || ' ' || text, 'ғ') > 0 OR instr(title || ' ' || text, 'қ') > 0 OR instr(title || ' ' || text, 'ң') > 0 OR instr(title || ' ' || text, 'ө') > 0 OR instr(title || ' ' || text, 'ұ') > 0 OR instr(title || ' ' || text, 'ү') > 0 OR instr(title || ' ' || text, 'һ') > 0 OR instr(title || ' ' || text, 'і') > 0 OR instr(title || ' ' || text, 'Ә') > 0 OR instr(title || ' ' || text, 'Ғ') > 0 OR instr(title || ' ' || text, 'Қ') > 0 OR instr(title || ' ' || text, 'Ң') > 0 OR instr(title || ' ' || text, 'Ө') > 0 OR instr(title || ' ' || text, 'Ұ') > 0 OR instr(title || ' ' || text, 'Ү') > 0 OR instr(title || ' ' || text, 'Һ') > 0 OR instr(title || ' ' || text, 'І') > 0;
DELETE FROM articles_fts WHERE rowid IN (SELECT id FROM kazakh_stems_reindex);
INSERT INTO articles_fts (rowid, title, body)
SELECT a.id, stemmed(a.title, a.lang), stemmed(a.text, a.lang) FROM articles a
WHERE a.id IN (SELECT id FROM kazakh_stems_reindex);
DROP TABLE kazakh_stems_reindex;
