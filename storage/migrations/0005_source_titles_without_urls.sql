-- A source added without a title (a FEEDS entry, a feed that had none) was named by its URL, which
-- readers saw and which may carry credentials ("https://user:pass@host/rss?apikey=..."). Such titles
-- become the URL's host: scheme, userinfo, port, path, query and fragment go; so does "www.".
WITH
    rest AS (
        SELECT id, substr(title, instr(title, '://') + 3) AS r FROM sources
        WHERE lower(title) LIKE 'http://%' OR lower(title) LIKE 'https://%'
    ),
    cut_path AS (SELECT id, CASE WHEN instr(r, '/') > 0 THEN substr(r, 1, instr(r, '/') - 1) ELSE r END AS r FROM rest),
    cut_query AS (SELECT id, CASE WHEN instr(r, '?') > 0 THEN substr(r, 1, instr(r, '?') - 1) ELSE r END AS r FROM cut_path),
    cut_fragment AS (SELECT id, CASE WHEN instr(r, '#') > 0 THEN substr(r, 1, instr(r, '#') - 1) ELSE r END AS r FROM cut_query),
    -- rtrim(r, <every character but '@'>) keeps r up to its last '@': what follows is host[:port].
    cut_userinfo AS (SELECT id, substr(r, length(rtrim(r, replace(r, '@', ''))) + 1) AS r FROM cut_fragment),
    cut_port AS (
        SELECT id, lower(CASE
            WHEN r LIKE '[%' THEN substr(r, 1, instr(r, ']'))
            WHEN instr(r, ':') > 0 THEN substr(r, 1, instr(r, ':') - 1)
            ELSE r END) AS r
        FROM cut_userinfo
    ),
    host AS (SELECT id, CASE WHEN r LIKE 'www.%' THEN substr(r, 5) ELSE r END AS r FROM cut_port)
UPDATE sources SET title = host.r FROM host WHERE sources.id = host.id AND host.r != '';
