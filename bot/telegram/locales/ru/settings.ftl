time-usage = Напишите время дайджеста, от одного до шести в день, например: /time 08:30 или /time 08:00 19:30 (подойдёт и 0830, 8 или 8.30).
time-current = Дайджест приходит { $schedule } ({ $timezone }). Изменить время: /time 08:00 19:30, дни: /days
time-set = Готово: дайджест будет приходить { $schedule } ({ $timezone }). Следующий — { $next }. Что нового прямо сейчас: /digest
timezone-usage = Не знаю такого часового пояса. Напишите город (/timezone Алматы), название из базы IANA (/timezone Asia/Almaty) или смещение от UTC (/timezone +05:00).
timezone-current = Ваш часовой пояс: { $timezone }, там сейчас { $now }. Изменить: /timezone Алматы или /timezone +05:00
timezone-set = Готово: часовой пояс { $timezone }, там сейчас { $now }. Следующий дайджест — { $next }.
sources-heading = <b>Источники</b>
    Нажмите на источник, чтобы включить или выключить его в вашем дайджесте.
sources-empty = Источников пока нет.
source-enabled = Включено: { $title }
source-disabled = Выключено: { $title }
settings-text = <b>Настройки</b>
    Дайджест: { $subscribed ->
        [yes] включён, следующий — { $next }
       *[no] выключен (/subscribe)
    }
    Когда: { $schedule } (/time, /days)
    Часовой пояс: { $timezone } (/timezone)
    Источники: включено { $enabled } из { $total } (/sources)
    Язык: Русский (/language)
button-sources = 📰 Источники
button-language = 🌐 Язык
button-digest-now = 🗞 Дайджест сейчас
button-unsubscribe = 🔕 Отписаться
time-toggled = Время дайджеста: { $times }
time-limit = Не больше шести раз в день. Уберите одно время, чтобы добавить другое.
time-last = Хотя бы одно время должно остаться. Отключить дайджест: /unsubscribe
days-usage = Укажите дни недели, например: /days mon-fri (по будням), /days sat,sun (по выходным), /days all (каждый день) или /days sun (раз в неделю). Можно и по-русски: /days пн-пт
days-current = Дайджест приходит { $schedule }. Изменить: /days mon-fri, /days sat,sun или /days all
days-set = Готово: дайджест будет приходить { $schedule } ({ $timezone }). Следующий — { $next }. Что нового прямо сейчас: /digest
schedule-line = { $days } в { $times }
days-every-day = каждый день
days-workdays = по будням
days-weekend = по выходным
days-one = { $day ->
    [0] по понедельникам
    [1] по вторникам
    [2] по средам
    [3] по четвергам
    [4] по пятницам
    [5] по субботам
   *[6] по воскресеньям
}
days-some = по дням { $days }
weekday-short = { $day ->
    [0] пн
    [1] вт
    [2] ср
    [3] чт
    [4] пт
    [5] сб
   *[6] вс
}
next-digest-today = сегодня в { $time }
next-digest-tomorrow = завтра в { $time }
next-digest-on = { $day ->
    [0] в понедельник
    [1] во вторник
    [2] в среду
    [3] в четверг
    [4] в пятницу
    [5] в субботу
   *[6] в воскресенье
} в { $time }
button-days-all = Каждый день
button-days-workdays = Пн–Пт
button-days-weekend = Сб, Вс
