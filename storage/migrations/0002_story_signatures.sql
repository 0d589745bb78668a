-- What cross-source story matching needs of recent articles: their stem sets and MinHash LSH band keys.
CREATE TABLE story_signatures (
    article_id    INTEGER PRIMARY KEY REFERENCES articles (id) ON DELETE CASCADE,
    story_id      INTEGER NOT NULL,
    published_at  TEXT NOT NULL,
    features      TEXT NOT NULL
);
CREATE INDEX story_signatures_published ON story_signatures (published_at);

CREATE TABLE story_bands (
    band_key    INTEGER NOT NULL,
    article_id  INTEGER NOT NULL REFERENCES story_signatures (article_id) ON DELETE CASCADE,
    PRIMARY KEY (band_key, article_id)
) WITHOUT ROWID;
CREATE INDEX story_bands_article ON story_bands (article_id);
