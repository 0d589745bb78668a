admin-addsource-usage = Укажите адрес RSS- или Atom-ленты, например: /addsource https://example.com/rss.xml
admin-source-exists = Эта лента уже есть среди источников: #{ NUMBER($id, useGrouping: 0) } { $title }.
admin-url-refused = Этот адрес я загружать не буду: { $reason }
admin-fetch-failed = Не удалось загрузить ленту: { $reason }
admin-not-a-feed = По этому адресу нет RSS- или Atom-ленты: { $reason }
admin-source-added = Источник #{ NUMBER($id, useGrouping: 0) } добавлен: <b>{ $title }</b>
    { $url }
    Сохранено новых статей: { $stored }.
admin-removesource-usage = Укажите номер источника, например: /removesource 3 (номера — в /stats).
admin-source-not-found = Источника с номером { NUMBER($id, useGrouping: 0) } нет. Номера — в /stats.
admin-source-removed = Источник #{ NUMBER($id, useGrouping: 0) } ({ $title }) удалён вместе с его статьями.
admin-fetch-no-sources = Лент для опроса нет. Добавьте: /addsource URL
admin-fetch-line = #{ NUMBER($id, useGrouping: 0) } { $title }: новых { $stored }, уже известных { $duplicates }
admin-fetch-line-not-modified = #{ NUMBER($id, useGrouping: 0) } { $title }: без изменений
admin-fetch-line-error = #{ NUMBER($id, useGrouping: 0) } { $title }: ошибка: { $error }
admin-fetch-total = <b>Итого:</b> { $stored ->
    [one] { $stored } новая статья
    [few] { $stored } новые статьи
   *[other] { $stored } новых статей
} из { $sources ->
    [one] { $sources } источника
   *[other] { $sources } источников
}{ $failed ->
    [0] .
   *[other] , не удалось опросить: { $failed }.
}
admin-stats =
    <b>Статистика</b>
    Читателей: { $readers }, подписаны: { $subscribers }
    Статей: { $articles }
    Источников: { $sources }
admin-stats-source = #{ NUMBER($id, useGrouping: 0) } [{ $kind ->
    [feed] лента
    [channel] канал
    [import] импорт
   *[other] { $kind }
}] { $title }: статей { $articles }
admin-stats-source-error = ⚠️ последняя ошибка ({ $count } подряд): { $error }
