admin-addsource-usage = Укажите адрес RSS- или Atom-ленты, например: /addsource https://example.com/rss.xml
admin-source-exists = Эта лента уже есть среди источников: #{ $id } { $title }.
admin-url-refused = Этот адрес я загружать не буду: { $reason }
admin-fetch-failed = Не удалось загрузить ленту: { $reason }
admin-not-a-feed = По этому адресу нет RSS- или Atom-ленты: { $reason }
admin-source-added = Источник #{ $id } добавлен: <b>{ $title }</b>
    { $url }
    Сохранено новых статей: { $stored }.
admin-removesource-usage = Укажите номер источника, например: /removesource 3 (номера — в /stats).
admin-source-not-found = Источника с номером { $id } нет. Номера — в /stats.
admin-source-removed = Источник #{ $id } ({ $title }) удалён вместе с его статьями.
admin-fetch-no-sources = Лент для опроса нет. Добавьте: /addsource URL
admin-fetch-line = #{ $id } { $title }: новых { $stored }, уже известных { $duplicates }
admin-fetch-line-not-modified = #{ $id } { $title }: без изменений
admin-fetch-line-error = #{ $id } { $title }: ошибка: { $error }
admin-fetch-total = <b>Итого:</b> новых статей { $stored } из { $sources } источников, с ошибкой { $failed }.
admin-stats =
    <b>Статистика</b>
    Читателей: { $readers }, подписаны: { $subscribers }
    Статей: { $articles }
    Источников: { $sources }
admin-stats-source = #{ $id } [{ $kind }] { $title }: статей { $articles }
admin-stats-source-error = ⚠️ последняя ошибка ({ $count } подряд): { $error }
