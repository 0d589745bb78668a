time-usage = Укажите время в формате ЧЧ:ММ от 00:00 до 23:59, например: /time 08:30
time-current = Дайджест приходит в { $time } ({ $timezone }). Изменить: /time 08:30
time-set = Готово: дайджест будет приходить в { $time } ({ $timezone }).
timezone-usage = Не знаю такого часового пояса. Укажите название из базы IANA, например /timezone Asia/Almaty, или смещение от UTC: /timezone +05:00
timezone-current = Ваш часовой пояс: { $timezone }, там сейчас { $now }. Изменить: /timezone Asia/Almaty или /timezone +05:00
timezone-set = Готово: часовой пояс { $timezone }, там сейчас { $now }. Дайджест придёт в { $time }.
sources-heading = <b>Источники</b>
    Нажмите на источник, чтобы включить или выключить его в вашем дайджесте.
sources-empty = Источников пока нет.
source-enabled = Включено: { $title }
source-disabled = Выключено: { $title }
settings-text = <b>Настройки</b>
    Дайджест: { $subscribed ->
        [yes] приходит каждый день
       *[no] выключен
    }
    Время: { $time } (/time ЧЧ:ММ)
    Часовой пояс: { $timezone } (/timezone ЗОНА)
    Источники: включено { $enabled } из { $total } (/sources)
    Язык: Русский (/language)
button-sources = 📰 Источники
button-language = 🌐 Язык
button-digest-now = 🗞 Дайджест сейчас
button-unsubscribe = 🔕 Отписаться
