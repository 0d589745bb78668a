admin-addsource-usage = RSS немесе Atom таспасының не сайт бетінің мекенжайын жазыңыз, мысалы: /addsource https://example.com/rss.xml
    Telegram арнасы: /addsource @channel
admin-source-exists = Бұл таспа дереккөздер арасында бар: #{ $id } { $title }.
admin-addsource-failed = Дереккөз қосылмады: { $reason }.
admin-source-added = #{ $id } дереккөз қосылды: <b>{ $title }</b>
    { $url }
    Таспада { $items } жазба бар, сақталған жаңа мақалалар: { $stored }.
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
admin-stats-source-error = { $count ->
        [0] ⚠️ соңғы қате: { $error }
       *[other] ⚠️ соңғы қате (қатарынан { $count }): { $error }
    }
admin-channel-request = Ботты <b>{ $title }</b> { $link } арнасының әкімшісі етті (қосқан: { $user }).
    Арнаның жазбалары жалпы жаңалықтарға сіз мақұлдасаңыз ғана түседі.
button-approve-channel = ✅ Дереккөз ретінде мақұлдау
admin-channel-approved = <b>{ $title }</b> арнасы енді жалпы дереккөз (#{ $id }): оның жаңа жазбалары сақталады.
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
