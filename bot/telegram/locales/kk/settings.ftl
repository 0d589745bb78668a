time-usage = Уақытты СС:ММ түрінде 00:00-ден 23:59-ға дейін жазыңыз, мысалы: /time 08:30
time-current = Дайджест уақыты: { $time } ({ $timezone }). Өзгерту: /time 08:30
time-set = Дайын: дайджест күн сайын сағат { KK_LOCATIVE($time) } ({ $timezone }) келеді.
timezone-usage = Мұндай уақыт белдеуін білмеймін. IANA атауын жазыңыз, мысалы /timezone Asia/Almaty, немесе UTC-ден ығысуды: /timezone +05:00
timezone-current = Сіздің уақыт белдеуіңіз: { $timezone }, қазір онда { $now }. Өзгерту: /timezone Asia/Almaty немесе /timezone +05:00
timezone-set = Дайын: уақыт белдеуі { $timezone }, қазір онда { $now }. Дайджест сағат { KK_LOCATIVE($time) } келеді.
sources-heading = <b>Дереккөздер</b>
    Дереккөзді дайджестке қосу не одан алып тастау үшін оны басыңыз.
sources-empty = Әзірге дереккөздер жоқ.
source-enabled = Қосылды: { $title }
source-disabled = Өшірілді: { $title }
settings-text = <b>Баптаулар</b>
    Дайджест: { $subscribed ->
        [yes] күн сайын келеді
       *[no] өшірулі
    }
    Уақыты: { $time } (/time СС:ММ)
    Уақыт белдеуі: { $timezone } (/timezone БЕЛДЕУ)
    Дереккөздер: { $total } ішінен { $enabled } қосулы (/sources)
    Тіл: Қазақша (/language)
button-sources = 📰 Дереккөздер
button-language = 🌐 Тіл
button-digest-now = 🗞 Қазіргі дайджест
button-unsubscribe = 🔕 Жазылымнан шығу
