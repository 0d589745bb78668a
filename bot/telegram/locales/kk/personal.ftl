add-usage = Таспаның немесе сайт бетінің мекенжайын жіберіңіз, мысалы: /add https://example.com/rss.xml
add-disabled = Бұл ботта өз таспаңызды қосуға болмайды.
add-too-often = Бір сағатта таспа қосу әрекеті тым көп (ең көбі { $count }). Кейінірек қайталаңыз.
add-failed = Таспа қосылмады: { $reason }.
add-limit = Сізде { $count } өз таспаңыз бар — бұл шек. Керексізін /sources арқылы өшіріңіз.
add-done = Қосылды: «{ $title }», таспада { $items } жазба бар. Ондағы жаңа мақалалар дайджестіңізге түседі.
add-shared-on = «{ $title }» — ортақ дереккөздердің бірі, оны сізге қостым.
add-already = «{ $title }» сізде бұрыннан бар.
feed-removed = Өшірілді: { $title }
button-remove-feed = ❌ { $title }
opml-not-opml-name = Мен таспалар тізімі бар OPML файлдарын қабылдаймын: файл атауы .opml немесе .xml деп аяқталуы керек.
opml-download-failed = Файлды Telegram-нан алу мүмкін болмады. Қайта жіберіңіз.
opml-too-large = Файл 1 МБ-тан үлкен — ондайды оқымаймын.
opml-not-xml = Бұл OPML файлы емес: ішінде XML жоқ.
opml-entities = Файлда нысан жариялаулары (DTD) бар — қауіпсіздік үшін ондай файлдарды ашпаймын.
opml-not-opml = Бұл XML, бірақ OPML емес: ішінде таспалар тізімі жоқ.
opml-no-feeds = OPML файлында бірде-бір таспа жоқ.
opml-too-many-feeds = Файлда 500-ден астам таспа бар — бір жолға тым көп.
opml-progress = Таспаларды импорттау: { $total } ішінен { $done }…
opml-result = <b>Импорт аяқталды</b>
    Қосылғаны: { $added }, бұрыннан бары: { $already }, қосылмағаны: { $failed }.
opml-failure-line = • { $feed }: { $reason }
opml-more-failures = …тағы { $count } таспа қатемен.
opml-reason-limit = өз таспаларыңыздың { $count } шегіне жеттіңіз
export-empty = Әзірге шығаратын таспаңыз жоқ: өзіңізгісін /add арқылы қосыңыз немесе ортақтарын /sources арқылы қосыңыз.
export-title = Менің таспаларым
export-caption = Таспаларыңыз OPML пішімінде ({ $count }). Бұл файлды кез келген RSS оқырманында ашуға немесе маған қайта жіберуге болады.
terms-rejected-empty = «{ $term }»: бос, іздейтін ештеңе жоқ.
terms-rejected-too-long = «{ $term }»: тым ұзын (ең көбі 100 таңба және 8 сөз).
terms-rejected-no-words = «{ $term }»: мұнда сөз жоқ.
terms-rejected-too-many = «{ $term }»: қосылмады, шекке жеттіңіз.
terms-rejected-exclude-in-alert = «{ $term }»: хабарламаларда алып тастау болмайды — ол үшін /filter -сөз бар.
filter-usage = Сөз сүзгісі: /filter +сөз — тек осы сөзі бар жаңалықтар, /filter -сөз — бұл сөзсіз, /filter "екі сөз" — сөз тіркесі. Сөзсіз /filter тізімді көрсетеді.
filter-empty = Сүзгі жоқ: барлық жаңалықты аласыз. Қосу: /filter +сөз немесе /filter -сөз.
filter-heading = <b>Сүзгілеріңіз</b> ({ $limit } ішінен { $count })
    ➕ — жаңалықта осы сөздердің ең болмаса біреуі болуы керек, ➖ — бірде-біреуі болмауы керек. Батырма сөзді алып тастайды.
filter-added = Сүзгі жаңартылды: { $terms }
filter-already = Бұрыннан бар: { $terms }
filter-limit = Сүзгідегі сөздер саны { $limit } шегінен аспайды.
filter-hint = Сөз түрлері ескеріледі: «сайлау» «сайлауда» дегенді де табады. Тізім: /filter
button-remove-term = ❌ { $term }
term-removed = Алынып тасталды: { $term }
term-gone = Бұл сөз сүзгіде енді жоқ.
alert-usage = Сөздер бойынша хабарлама: /alert СӨЗДЕР — осы сөздердің бәрі бар әр жаңа мақала бірден келеді. Тізім: /alerts
alert-added = Хабарлама қосылды: { $words }. Осы сөздері бар жаңа мақалалар бірден келеді. Тізім: /alerts
alert-limit = Хабарламалар саны { $limit } шегінен аспайды. Керексізін /alerts арқылы өшіріңіз.
alerts-empty = Хабарлама жоқ. Қосу: /alert СӨЗДЕР
alerts-heading = <b>Хабарламаларыңыз</b> ({ $limit } ішінен { $count })
button-remove-alert = ❌ { $words }
alert-removed = Хабарлама өшірілді
alert-gone = Бұл хабарлама енді жоқ.
alert-heading = 🔔 Хабарлама: { $words }
alert-more-matched = Бүгін { $count } хабарлама жіберілді — бұл күндік шек. Басқа да сәйкес жаңалықтар бар: /latest қараңыз.
latest-hidden = Сүзгілер жасырды: { $count } (/filter)
latest-all-hidden = Соңғы жаңалықтардың бәрін сүзгілеріңіз жасырды ({ $count }). Сүзгілерді көру: /filter
button-news-languages = 🗣 Жаңалық тілдері
toast-news-languages = 🗣 Жаңалық тілдері — төменде
news-languages-text = <b>Жаңалық тілдері</b>
    { $default ->
        [yes] Қазір әдепкі күйде: алдымен интерфейс тіліндегі жаңалықтар, содан кейін қалғандары.
       *[no] Тек белгіленген тілдердегі жаңалықтарды аласыз.
    }
    Тілді қосу немесе өшіру үшін оны басыңыз.
news-language-saved = Сақталды
