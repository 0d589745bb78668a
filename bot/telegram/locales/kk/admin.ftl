admin-addsource-usage = RSS немесе Atom таспасының мекенжайын жазыңыз, мысалы: /addsource https://example.com/rss.xml
admin-source-exists = Бұл таспа дереккөздер тізімінде бар: #{ NUMBER($id, useGrouping: 0) } { $title }.
admin-url-refused = Бұл мекенжайдан жүктемеймін: { $reason }
admin-fetch-failed = Таспаны жүктеу мүмкін болмады: { $reason }
admin-not-a-feed = Бұл мекенжайда RSS немесе Atom таспасы жоқ: { $reason }
admin-source-added = #{ NUMBER($id, useGrouping: 0) } дереккөзі қосылды: <b>{ $title }</b>
    { $url }
    Сақталған жаңа мақалалар: { $stored }.
admin-removesource-usage = Дереккөздің нөмірін жазыңыз, мысалы: /removesource 3 (нөмірлерді /stats пәрменінен көресіз).
admin-source-not-found = { NUMBER($id, useGrouping: 0) } нөмірлі дереккөз жоқ. Нөмірлерді /stats пәрменінен көресіз.
admin-source-removed = #{ NUMBER($id, useGrouping: 0) } дереккөзі ({ $title }) мақалаларымен бірге жойылды.
admin-fetch-no-sources = Тексеретін таспа жоқ. Қосу үшін: /addsource URL
admin-fetch-line = #{ NUMBER($id, useGrouping: 0) } { $title }: жаңа { $stored }, бұрыннан бар { $duplicates }
admin-fetch-line-not-modified = #{ NUMBER($id, useGrouping: 0) } { $title }: өзгеріс жоқ
admin-fetch-line-error = #{ NUMBER($id, useGrouping: 0) } { $title }: қате: { $error }
admin-fetch-total = <b>Барлығы:</b> { $sources } дереккөзден { $stored } жаңа мақала{ $failed ->
    [0] .
   *[other] , { $failed } дереккөзді тексеру сәтсіз аяқталды.
}
admin-stats =
    <b>Статистика</b>
    Оқырмандар: { $readers }, жазылғандар: { $subscribers }
    Мақалалар: { $articles }
    Дереккөздер: { $sources }
admin-stats-source = #{ NUMBER($id, useGrouping: 0) } [{ $kind ->
    [feed] таспа
    [channel] арна
    [import] импорт
   *[other] { $kind }
}] { $title }: { $articles } мақала
admin-stats-source-error = ⚠️ соңғы қате (қатарынан { $count }): { $error }
