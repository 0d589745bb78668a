-- Which articles each delivery showed (a digest, a post, an alert), written with the delivery:
-- retention keeps an article that a recent delivery points to, whatever its age.
CREATE TABLE delivery_articles (
    delivery_id INTEGER NOT NULL REFERENCES deliveries (id) ON DELETE CASCADE,
    article_id  INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    PRIMARY KEY (delivery_id, article_id)
) WITHOUT ROWID;
CREATE INDEX delivery_articles_article ON delivery_articles (article_id);

-- Retention finds old deliveries by age.
CREATE INDEX deliveries_created ON deliveries (created_at);

-- A sent message keeps its row (what makes it at-most-once), not its text.
UPDATE outbox SET text = '', reply_markup = NULL WHERE status = 'sent';
