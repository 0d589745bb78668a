admin-addsource-usage = Укажите адрес RSS- или Atom-ленты или страницы сайта, например: /addsource https://example.com/rss.xml
    Канал Telegram: /addsource @channel
admin-source-exists = Эта лента уже есть среди источников: #{ NUMBER($id, useGrouping: 0) } { $title }.
admin-source-added = Источник #{ NUMBER($id, useGrouping: 0) } добавлен: <b>{ $title }</b>
    { $url }
    В ленте { $items ->
        [one] { $items } запись
        [few] { $items } записи
       *[other] { $items } записей
    }, сохранено новых статей: { $stored }.
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
admin-stats-source-error = { $count ->
        [0] ⚠️ последняя ошибка: { $error }
       *[other] ⚠️ последняя ошибка ({ $count } подряд): { $error }
    }
admin-addsource-failed = Источник не добавлен: { $reason }.
admin-channel-request = Бота сделали администратором канала <b>{ $title }</b> { $link } (добавил: { $user }).
    Посты канала попадут в общие новости, только если вы его одобрите.
button-approve-channel = ✅ Одобрить как источник
admin-channel-approved = Канал <b>{ $title }</b> теперь общий источник (#{ NUMBER($id, useGrouping: 0) }): его новые посты будут сохраняться.
admin-channel-not-found = Канал { $name } не найден. Проверьте имя; для закрытого канала сделайте бота его администратором и нажмите кнопку в присланном сообщении.
failure-unreachable = сайт недоступен
failure-not-found = на сайте нет такой страницы
failure-not-a-feed = по этому адресу нет RSS- или Atom-ленты
failure-too-big = ответ слишком большой
failure-timed-out = сайт не ответил вовремя
failure-private-address = адрес ведёт во внутреннюю сеть, такие адреса я не загружаю
failure-site-error = сайт ответил ошибкой
failure-bad-url = это не адрес http или https
failure-failed = внутренняя ошибка, подробности в журнале бота
