digest-heading = Дайджест новостей за { $date }
digest-footer = Время, часовой пояс и источники дайджеста: /settings
digest-nothing-new = С прошлого дайджеста ничего нового. Свежие новости: /latest
story-yesterday = вчера, { $time }
