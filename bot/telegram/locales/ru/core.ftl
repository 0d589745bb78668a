start-greeting =
    Здравствуйте, { $name }! Я собираю новости из лент и каналов, пишу к каждой статье короткое изложение и раз в день присылаю дайджест в удобное вам время.
    Нажмите кнопку ниже, чтобы подписаться, или наберите /help, чтобы увидеть все команды.
button-subscribe = 🔔 Подписаться на дайджест
button-full-text = 📄 { $number }
help-text =
    <b>Команды</b>
    /start — приветствие и подписка
    /subscribe — получать дайджест каждый день
    /unsubscribe — больше не получать дайджест
    /latest [N] — N последних новостей (по умолчанию 5, не больше 20)
    /digest — дайджест, каким он был бы сейчас
    /read ID — полный текст статьи
    /search СЛОВА — поиск по архиву
    /time ЧЧ:ММ — время дайджеста
    /timezone ЗОНА — часовой пояс (Asia/Almaty или +05:00)
    /sources — выбрать источники
    /settings — все настройки
    /language — язык интерфейса
    /help — эта справка
help-admin =
    <b>Для администраторов</b>
    /addsource URL — добавить RSS/Atom-ленту
    /removesource ID — удалить источник
    /fetch — опросить источники сейчас
    /stats — статистика
subscribed = Готово: дайджест будет приходить каждый день в { $time } ({ $timezone }).
already-subscribed = Вы уже подписаны: дайджест приходит каждый день в { $time } ({ $timezone }).
unsubscribed = Подписка отключена, дайджесты больше не придут. Настройки сохранены — /subscribe вернёт всё как было.
not-subscribed = Вы и так не подписаны. Подписаться: /subscribe
latest-empty = Пока нет ни одной статьи. Загляните позже.
latest-heading = <b>Последние новости</b>
latest-usage = Напишите число от 1 до 20, например: /latest 5
read-usage = Укажите номер статьи, например: /read 12 или /read_12
read-not-found = Статьи с номером { $id } нет. Номера видны в /latest и в дайджесте.
read-original = 🔗 Источник
read-source-line = { $source }, { $date }
read-truncated = ✂️ Текст слишком длинный для чата: продолжение — по ссылке ниже.
read-truncated-no-link = ✂️ Текст слишком длинный для чата, дальше он не показан.
search-usage = Напишите, что искать, например: /search выборы
search-nothing = По запросу «{ $query }» ничего не нашлось.
search-heading = <b>Найдено по запросу «{ $query }»</b>
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
cmd-start = Начать и подписаться
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
