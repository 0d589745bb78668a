start-greeting =
    Сәлеметсіз бе, { $name }! Мен жаңалықтарды таспалар мен арналардан жинаймын, әр мақалаға қысқаша түйін жазамын және күніне бір рет өзіңізге ыңғайлы уақытта дайджест жіберемін.
    Жазылу үшін төмендегі батырманы басыңыз немесе барлық пәрмендерді көру үшін /help деп жазыңыз.
button-subscribe = 🔔 Дайджестке жазылу
button-full-text = 📄 { $number }
help-text =
    <b>Пәрмендер</b>
    /start — сәлемдесу және жазылу
    /subscribe — дайджестті өзіңіз таңдаған уақытта алу (/time, /days)
    /unsubscribe — дайджестті тоқтату
    /latest [N] — соңғы N жаңалық (әдепкіде 5, ең көбі 20)
    /digest — дайджест қазір қандай болар еді
    /read ID — мақаланың толық мәтіні
    /search СӨЗДЕР — мұрағаттан іздеу
    /time СС:ММ [СС:ММ…] — дайджест уақыты, күніне алты ретке дейін
    /days КҮНДЕР — дайджест күндері (mon-fri, sat,sun, all)
    /timezone АЙМАҚ — уақыт белдеуі (Алматы, Asia/Almaty немесе +05:00)
    /sources — дереккөздерді таңдау
    /settings — барлық баптаулар
    /language — интерфейс тілі
    /help — осы анықтама
help-admin =
    <b>Әкімшілерге</b>
    /addsource URL — RSS/Atom таспасын қосу
    /removesource ID — дереккөзді жою
    /fetch — дереккөздерді қазір тексеру
    /stats — статистика
subscribed = Дайын: дайджест { $schedule } келеді ({ $timezone }). Алғашқысы — { $next }. Қазір не жаңалық бар: /digest
already-subscribed = Сіз жазылып қойғансыз: дайджест { $schedule } келеді ({ $timezone }). Келесісі — { $next }. Қазір не жаңалық бар: /digest
unsubscribed = Жазылым өшірілді, дайджест енді келмейді. Баптаулар сақталды — /subscribe бәрін қайтарады.
not-subscribed = Сіз жазылмағансыз. Жазылу: /subscribe
latest-empty = Әзірге бірде-бір мақала жоқ. Кейінірек қараңыз.
latest-heading = <b>Соңғы жаңалықтар</b>
latest-usage = 1-ден 20-ға дейінгі санды жазыңыз, мысалы: /latest 5
read-usage = Мақала нөмірін жазыңыз, мысалы: /read 12 немесе /read_12
read-not-found = { $id } нөмірлі мақала жоқ. Нөмірлер /latest пен дайджестте көрсетілген.
read-original = 🔗 Дереккөз
read-source-line = { $source }, { $date }
search-usage = Не іздеу керегін жазыңыз, мысалы: /search сайлау
search-nothing = «{ $query }» сұрауы бойынша ештеңе табылмады.
search-heading = <b>«{ $query }» сұрауы бойынша табылғаны</b>
language-choose = Интерфейс тілін таңдаңыз:
language-set = Интерфейс тілі: қазақша.
unknown-command = Мұндай пәрменді білмеймін. Барлық пәрмендер: /help
not-a-command = Мен пәрмендерді түсінемін. Мысалы: /latest — соңғы жаңалықтар, /search сөз — іздеу. Барлық пәрмендер: /help
admin-only = Бұл пәрмен тек бот әкімшілеріне арналған.
error-generic = Бірдеңе дұрыс болмады. Сәл кейінірек қайталап көріңіз.
story-more-sources = +{ $count } дереккөз
cmd-start = Бастау және жазылу
cmd-subscribe = Дайджестті алу
cmd-unsubscribe = Дайджесттен бас тарту
cmd-latest = Соңғы жаңалықтар
cmd-digest = Қазіргі дайджест
cmd-read = Мақаланың толық мәтіні
cmd-search = Жаңалықтардан іздеу
cmd-time = Дайджест уақыты
cmd-days = Дайджест күндері
cmd-timezone = Уақыт белдеуі
cmd-sources = Дереккөздер
cmd-settings = Баптаулар
cmd-language = Тіл
cmd-help = Анықтама
