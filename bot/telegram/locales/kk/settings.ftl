time-usage = Уақытты СС:ММ түрінде 00:00-ден 23:59-ға дейін жазыңыз, мысалы: /time 08:30
time-current = Дайджест уақыты: { $time } ({ $timezone }). Өзгерту: /time 08:30
time-set = Дайын: дайджест күн сайын келеді, уақыты { $time } ({ $timezone }).
timezone-usage = Мұндай уақыт белдеуін білмеймін. IANA атауын жазыңыз, мысалы /timezone Asia/Almaty, немесе UTC-тен ығысуын: /timezone +05:00
timezone-current = Сіздің уақыт белдеуіңіз: { $timezone }, қазір онда { $now }. Өзгерту: /timezone Asia/Almaty немесе /timezone +05:00
timezone-set = Дайын: уақыт белдеуі { $timezone }, қазір онда { $now }. Дайджест уақыты: { $time }.
sources-heading = <b>Дереккөздер</b>
    Дайджестке қосу немесе одан алып тастау үшін дереккөзді басыңыз.
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
settings-time-hint = Дайджест уақыты:
button-sources = 📰 Дереккөздер
button-language = 🌐 Тіл
button-digest-now = 🗞 Дайджест қазір
button-unsubscribe = 🔕 Жазылымнан шығу
