admin-addsource-usage = RSS немесе Atom таспасының мекенжайын жазыңыз, мысалы: /addsource https://example.com/rss.xml
admin-source-exists = Бұл таспа дереккөздер арасында бар: #{ $id } { $title }.
admin-url-refused = Бұл мекенжайды жүктей алмаймын: { $reason }
admin-fetch-failed = Таспаны жүктеу мүмкін болмады: { $reason }
admin-not-a-feed = Бұл мекенжайда RSS немесе Atom таспасы жоқ: { $reason }
admin-source-added = #{ $id } дереккөз қосылды: <b>{ $title }</b>
    { $url }
    Сақталған жаңа мақалалар: { $stored }.
admin-removesource-usage = Дереккөздің нөмірін жазыңыз, мысалы: /removesource 3 (нөмірлер /stats ішінде).
admin-source-not-found = { $id } нөмірлі дереккөз жоқ. Нөмірлер /stats ішінде.
admin-source-removed = #{ $id } дереккөз ({ $title }) мақалаларымен бірге жойылды.
admin-fetch-no-sources = Сұрайтын таспа жоқ. Қосу үшін: /addsource URL
admin-fetch-line = #{ $id } { $title }: жаңа { $stored }, бұрыннан бар { $duplicates }
admin-fetch-line-not-modified = #{ $id } { $title }: өзгеріс жоқ
admin-fetch-line-error = #{ $id } { $title }: қате: { $error }
admin-fetch-total = <b>Барлығы:</b> { $sources } дереккөзден { $stored } жаңа мақала, қатемен { $failed }.
admin-stats =
    <b>Статистика</b>
    Оқырмандар: { $readers }, жазылғандар: { $subscribers }
    Мақалалар: { $articles }
    Дереккөздер: { $sources }
admin-stats-source = #{ $id } [{ $kind }] { $title }: { $articles } мақала
admin-stats-source-error = ⚠️ соңғы қате (қатарынан { $count }): { $error }
