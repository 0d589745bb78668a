time-usage = Дайджест уақытын жазыңыз (күніне бір реттен алты ретке дейін), мысалы: /time 08:30 немесе /time 08:00 19:30 (0830, 8 не 8.30 деп жазсаңыз да болады).
time-current = Дайджест { $schedule } келеді ({ $timezone }). Уақытын өзгерту: /time 08:00 19:30, күндерін: /days
time-set = Дайын: дайджест { $schedule } келеді ({ $timezone }). Келесісі — { $next }. Қазір не жаңалық бар: /digest
timezone-usage = Мұндай уақыт белдеуін білмеймін. Қаланы (/timezone Алматы), IANA атауын (/timezone Asia/Almaty) немесе UTC-ден ығысуды (/timezone +05:00) жазыңыз.
timezone-current = Сіздің уақыт белдеуіңіз: { $timezone }, қазір онда { $now }. Өзгерту: /timezone Алматы немесе /timezone +05:00
timezone-set = Дайын: уақыт белдеуі { $timezone }, қазір онда { $now }. Келесі дайджест — { $next }.
sources-heading = <b>Дереккөздер</b>
    Дереккөзді дайджестке қосу не одан алып тастау үшін оны басыңыз.
sources-empty = Әзірге дереккөздер жоқ.
source-enabled = Қосылды: { $title }
source-disabled = Өшірілді: { $title }
settings-text = <b>Баптаулар</b>
    Дайджест: { $subscribed ->
        [yes] қосулы, келесісі — { $next }
       *[no] өшірулі (/subscribe)
    }
    Қашан: { $schedule } (/time, /days)
    Уақыт белдеуі: { $timezone } (/timezone)
    Дереккөздер: { $total } ішінен { $enabled } қосулы (/sources)
    Тіл: Қазақша (/language)
button-sources = 📰 Дереккөздер
button-language = 🌐 Тіл
button-digest-now = 🗞 Қазіргі дайджест
button-unsubscribe = 🔕 Жазылымнан шығу
time-toggled = Дайджест уақыты: { $times }
time-limit = Күніне алты реттен артық болмайды. Басқа уақыт қосу үшін біреуін алып тастаңыз.
time-last = Кемінде бір уақыт қалуы керек. Дайджесті өшіру: /unsubscribe
days-usage = Апта күндерін жазыңыз, мысалы: /days mon-fri (жұмыс күндері), /days sat,sun (демалыс күндері), /days all (күн сайын) немесе /days sun (аптасына бір рет). Қазақша да болады: /days дс-жм
days-current = Дайджест { $schedule } келеді. Өзгерту: /days mon-fri, /days sat,sun немесе /days all
days-set = Дайын: дайджест { $schedule } келеді ({ $timezone }). Келесісі — { $next }. Қазір не жаңалық бар: /digest
schedule-line = { $days } сағат { KK_LOCATIVE($times) }
days-every-day = күн сайын
days-workdays = жұмыс күндері
days-weekend = демалыс күндері
days-one = { $day ->
    [0] әр дүйсенбі
    [1] әр сейсенбі
    [2] әр сәрсенбі
    [3] әр бейсенбі
    [4] әр жұма
    [5] әр сенбі
   *[6] әр жексенбі
}
days-some = { $days } күндері
weekday-short = { $day ->
    [0] дс
    [1] сс
    [2] ср
    [3] бс
    [4] жм
    [5] сн
   *[6] жс
}
next-digest-today = бүгін, сағат { $time }
next-digest-tomorrow = ертең, сағат { $time }
next-digest-on = { $day ->
    [0] дүйсенбі
    [1] сейсенбі
    [2] сәрсенбі
    [3] бейсенбі
    [4] жұма
    [5] сенбі
   *[6] жексенбі
} күні, сағат { $time }
button-days-all = Күн сайын
button-days-workdays = Дс–Жм
button-days-weekend = Сн, Жс
