-- PostgreSQL version of 0012_kazakh_stems.sql: the search rows of the articles whose stems changed
-- (Kazakh articles, words with a Kazakh-only letter) go, and the repository writes them again with
-- the new stems as the storage opens (ArticleRepository.build_missing_search_rows).
DELETE FROM articles_search WHERE article_id IN (
    SELECT id FROM articles WHERE lang = 'kk' OR strpos(title || ' ' || text, 'ә') > 0 OR strpos(title || ' ' || text, 'ғ') > 0 OR strpos(title || ' ' || text, 'қ') > 0 OR strpos(title || ' ' || text, 'ң') > 0 OR strpos(title || ' ' || text, 'ө') > 0 OR strpos(title || ' ' || text, 'ұ') > 0 OR strpos(title || ' ' || text, 'ү') > 0 OR strpos(title || ' ' || text, 'һ') > 0 OR strpos(title || ' ' || text, 'і') > 0 OR strpos(title || ' ' || text, 'Ә') > 0 OR strpos(title || ' ' || text, 'Ғ') > 0 OR strpos(title || ' ' || text, 'Қ') > 0 OR strpos(title || ' ' || text, 'Ң') > 0 OR strpos(title || ' ' || text, 'Ө') > 0 OR strpos(title || ' ' || text, 'Ұ') > 0 OR strpos(title || ' ' || text, 'Ү') > 0 OR strpos(title || ' ' || text, 'Һ') > 0 OR strpos(title || ' ' || text, 'І') > 0
);
