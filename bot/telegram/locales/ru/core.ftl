bot-description =
    Новости из лент и каналов с коротким изложением каждой статьи и дайджест раз в день в удобное вам время. Поиск по архиву, полный текст любой статьи, русский, казахский и английский интерфейс.
bot-short-description = Дайджест новостей с коротким изложением статей — в удобное вам время.
start-greeting =
    Здравствуйте, { $name }! Я собираю новости из лент и каналов, пишу к каждой статье короткое изложение и раз в день присылаю дайджест в удобное вам время.
    Кнопка ниже подпишет вас на дайджест. Все команды: /help
button-subscribe = 🔔 Подписаться на дайджест
button-full-text = 📄 { $number }
help-text =
    <b>Команды</b>
    /start — что умеет бот и кнопка подписки
    /subscribe — получать дайджест в выбранное время (/time, /days)
    /unsubscribe — больше не получать дайджест
    /latest [N] — N последних новостей (по умолчанию 5, не больше 20)
    /digest — дайджест, каким он был бы сейчас
    /read НОМЕР — полный текст статьи
    /search СЛОВА — поиск по архиву
    /time ЧЧ:ММ [ЧЧ:ММ…] — время дайджеста, до шести в день
    /days ДНИ — дни дайджеста (mon-fri, sat,sun, all)
    /timezone ЗОНА — часовой пояс (Алматы, Asia/Almaty или +05:00)
    /sources — выбрать источники
    /settings — все настройки
    /language — язык интерфейса
    /help — эта справка
help-admin =
    <b>Для администраторов</b>
    /addsource АДРЕС — добавить RSS- или Atom-ленту
    /removesource НОМЕР — удалить источник
    /fetch — опросить источники сейчас
    /stats — статистика
subscribed = Готово: дайджест будет приходить { $schedule } ({ $timezone }). Первый — { $next }. Что нового прямо сейчас: /digest
already-subscribed = Вы уже подписаны: дайджест приходит { $schedule } ({ $timezone }). Следующий — { $next }. Что нового прямо сейчас: /digest
unsubscribed = Подписка отключена, дайджесты больше не придут. Настройки сохранены — /subscribe вернёт всё как было.
not-subscribed = Вы и так не подписаны. Подписаться: /subscribe
toast-subscribed = 🔔 Подписка включена
toast-unsubscribed = 🔕 Подписка отключена
toast-full-text = 📄 Полный текст — ниже
toast-sources = 📰 Источники — ниже
toast-language = 🌐 Выбор языка — ниже
toast-digest = 🗞 Дайджест — ниже
button-stale = Эта кнопка устарела. Отправьте команду ещё раз, например /settings.
source-gone = Этого источника больше нет — список обновлён.
latest-empty = Пока нет ни одной статьи. Загляните позже.
latest-heading = <b>Последние новости</b>
latest-usage = Напишите число от 1 до 20, например: /latest 5
read-usage = Укажите номер статьи, например: /read 12 или /read_12
read-not-found = Статьи с номером { NUMBER($id, useGrouping: 0) } нет. Номера видны в /latest и в дайджесте.
read-original = 🔗 Источник
read-source-line = { $source }, { $date }
search-usage = Напишите, что искать, например: /search выборы
search-no-words = В запросе «{ $query }» одни служебные слова вроде «и», «в», «на» — по ним не ищу. Напишите, что искать, например: /search выборы
search-nothing = По запросу «{ $query }» ничего не нашлось.
search-heading = <b>Найдено по запросу «{ $query }»</b>
search-partial-heading = <b>Статей со всеми словами запроса «{ $query }» нет. Ближе всего:</b>
language-choose = Выберите язык интерфейса:
language-set = Язык интерфейса: русский.
unknown-command = Я не знаю такой команды. Список команд: /help
not-a-command = Я понимаю команды. Например: /latest — последние новости, /search слово — поиск. Все команды: /help
admin-only = Эта команда только для администраторов бота.
error-generic = Что-то пошло не так. Попробуйте ещё раз чуть позже.
story-more-sources = { $count ->
    [one] +{ $count } источник
    [few] +{ $count } источника
   *[other] +{ $count } источников
}
cmd-start = О боте и кнопка подписки
cmd-subscribe = Получать дайджест
cmd-unsubscribe = Отписаться от дайджеста
cmd-latest = Последние новости
cmd-digest = Дайджест сейчас
cmd-read = Полный текст статьи
cmd-search = Поиск по новостям
cmd-time = Время дайджеста
cmd-timezone = Часовой пояс
cmd-sources = Источники
cmd-settings = Настройки
cmd-language = Язык
cmd-help = Справка
cmd-addsource = Добавить ленту (админ)
cmd-removesource = Удалить источник (админ)
cmd-fetch = Опросить источники (админ)
cmd-stats = Статистика (админ)
cmd-days = Дни дайджеста
