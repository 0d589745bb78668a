admin-addsource-usage = RSS немесе Atom таспасының не сайт бетінің мекенжайын жазыңыз, мысалы: /addsource https://example.com/rss.xml
    Telegram арнасы: /addsource @channel
admin-source-exists = Бұл таспа дереккөздер тізімінде бар: #{ NUMBER($id, useGrouping: 0) } { $title }.
admin-source-added = #{ NUMBER($id, useGrouping: 0) } дереккөзі қосылды: <b>{ $title }</b>
    { $url }
    Таспада { $items } жазба бар, сақталған жаңа мақалалар: { $stored }.
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
admin-stats-source-error = { $count ->
        [0] ⚠️ соңғы қате: { $error }
       *[other] ⚠️ соңғы қате (қатарынан { $count }): { $error }
    }
admin-addsource-failed = Дереккөз қосылмады: { $reason }.
admin-channel-request = Ботты <b>{ $title }</b> { $link } арнасының әкімшісі етті (қосқан: { $user }).
    Арнаның жазбалары жалпы жаңалықтарға сіз мақұлдасаңыз ғана түседі.
button-approve-channel = ✅ Дереккөз ретінде мақұлдау
admin-channel-approved = <b>{ $title }</b> арнасы енді жалпы дереккөз (#{ NUMBER($id, useGrouping: 0) }): оның жаңа жазбалары сақталады.
admin-channel-not-found = { $name } арнасы табылмады. Атауын тексеріңіз; жабық арна үшін ботты оның әкімшісі етіп, келген хабардағы батырманы басыңыз.
failure-unreachable = сайтқа қосылу мүмкін емес
failure-not-found = сайтта мұндай бет жоқ
failure-not-a-feed = бұл мекенжайда RSS немесе Atom таспасы жоқ
failure-too-big = жауап тым үлкен
failure-timed-out = сайт уақытында жауап бермеді
failure-private-address = мекенжай ішкі желіге апарады, ондай мекенжайларды жүктемеймін
failure-site-error = сайт қатемен жауап берді
failure-bad-url = бұл http не https мекенжайы емес
failure-failed = ішкі қате, толығы бот журналында
