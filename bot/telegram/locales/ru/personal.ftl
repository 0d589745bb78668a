add-usage = Пришлите адрес ленты или страницы сайта, например: /add https://example.com/rss.xml
add-disabled = Добавлять свои ленты в этом боте нельзя.
add-too-often = Слишком много попыток добавить ленту за час (не больше { $count }). Попробуйте позже.
add-failed = Ленту не добавил: { $reason }.
add-limit = Своих лент у вас уже столько, сколько можно ({ $count }). Удалите ненужную в /sources.
add-done = Добавлено: «{ $title }», в ленте { $items ->
        [one] { $items } запись
        [few] { $items } записи
       *[many] { $items } записей
    }. Новые статьи из неё попадут в ваш дайджест.
add-shared-on = «{ $title }» — один из общих источников, я включил его для вас.
add-already = «{ $title }» у вас уже есть.
feed-removed = Удалено: { $title }
button-remove-feed = ❌ { $title }
opml-not-opml-name = Я принимаю файлы OPML со списком лент: имя файла должно кончаться на .opml или .xml.
opml-download-failed = Не удалось получить файл от Telegram. Пришлите его ещё раз.
opml-too-large = Файл больше 1 МБ — такой я не читаю.
opml-not-xml = Это не файл OPML: внутри не XML.
opml-entities = В файле есть объявления сущностей (DTD) — такие файлы я не открываю ради безопасности.
opml-not-opml = Это XML, но не OPML: в нём нет списка лент.
opml-no-feeds = В файле OPML нет ни одной ленты.
opml-too-many-feeds = В файле больше 500 лент — это слишком много за раз.
opml-progress = Импорт лент: { $done } из { $total }…
opml-result = <b>Импорт закончен</b>
    Добавлено: { $added }, уже были: { $already }, не получилось: { $failed }.
opml-failure-line = • { $feed }: { $reason }
opml-more-failures = …и ещё { $count } с ошибками.
opml-reason-limit = достигнут предел своих лент ({ $count })
export-empty = У вас пока нет лент для выгрузки: добавьте свою через /add или включите общие в /sources.
export-title = Мои ленты
export-caption = Ваши ленты в формате OPML ({ $count }). Этот файл можно открыть в любой читалке RSS или прислать мне снова.
terms-rejected-empty = «{ $term }»: пусто, нечего искать.
terms-rejected-too-long = «{ $term }»: слишком длинно (не больше 100 знаков и 8 слов).
terms-rejected-no-words = «{ $term }»: здесь нет слов.
terms-rejected-too-many = «{ $term }»: не добавлено, достигнут предел.
terms-rejected-exclude-in-alert = «{ $term }»: в оповещениях не бывает исключений — для этого есть /filter -слово.
filter-usage = Фильтр по словам: /filter +слово — только новости с этим словом, /filter -слово — без него, /filter "два слова" — фраза. /filter без слов покажет список.
filter-empty = Фильтров нет: вы получаете все новости. Добавить: /filter +слово или /filter -слово.
filter-heading = <b>Ваши фильтры</b> ({ $count } из { $limit })
    ➕ — новость должна содержать хотя бы одно из этих слов, ➖ — не должна содержать ни одного. Кнопка убирает слово.
filter-added = Фильтр обновлён: { $terms }
filter-already = Уже есть: { $terms }
filter-limit = Больше { $limit } слов в фильтре быть не может.
filter-hint = Формы слов учитываются: «выборы» найдёт и «выборах». Список: /filter
button-remove-term = ❌ { $term }
term-removed = Убрано: { $term }
term-gone = Этого слова в фильтре уже нет.
alert-usage = Оповещение о новостях со словами: /alert СЛОВА — каждая новая статья, где есть все эти слова, придёт сразу. Список: /alerts
alert-added = Оповещение включено: { $words }. Новые статьи с этими словами придут сразу. Список: /alerts
alert-limit = Оповещений может быть не больше { $limit }. Удалите ненужное в /alerts.
alerts-empty = Оповещений нет. Добавить: /alert СЛОВА
alerts-heading = <b>Ваши оповещения</b> ({ $count } из { $limit })
button-remove-alert = ❌ { $words }
alert-removed = Оповещение удалено
alert-gone = Этого оповещения уже нет.
alert-heading = 🔔 Оповещение: { $words }
alert-more-matched = Сегодня пришло столько оповещений, сколько можно за день ({ $count }). Есть и другие подходящие новости: загляните в /latest.
latest-hidden = Фильтры скрыли: { $count } (/filter)
latest-all-hidden = Все свежие новости скрыты вашими фильтрами ({ $count }). Посмотреть фильтры: /filter
button-news-languages = 🗣 Языки новостей
toast-news-languages = 🗣 Языки новостей — ниже
news-languages-text = <b>Языки новостей</b>
    { $default ->
        [yes] Сейчас — по умолчанию: сначала новости на языке интерфейса, потом остальные.
       *[no] Вы получаете новости только на отмеченных языках.
    }
    Нажмите на язык, чтобы включить или выключить его.
news-language-saved = Сохранено
