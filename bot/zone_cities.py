"""Cities readers name for their time zone, in Russian, Kazakh and English, with the IANA zone of each.

The first city listed for a zone names that zone in replies ("Алматы", not "Asia/Almaty"). Further
spellings (old names, transliterations) only match what a reader types.
"""

from __future__ import annotations

from typing import NamedTuple


class City(NamedTuple):
    zone: str
    ru: str
    kk: str
    en: str
    # Other spellings readers type: old names, transliterations.
    aliases: tuple[str, ...] = ()


CITIES: tuple[City, ...] = (
    # Kazakhstan (one zone, UTC+5, since March 2024; the tz database keeps the regional names)
    City("Asia/Almaty", "Алматы", "Алматы", "Almaty", ("Алма-Ата", "Alma-Ata", "Almati")),
    City("Asia/Almaty", "Астана", "Астана", "Astana", ("Нур-Султан", "Nur-Sultan", "Нұр-Сұлтан", "Акмола")),
    City("Asia/Almaty", "Шымкент", "Шымкент", "Shymkent", ("Chimkent", "Чимкент")),
    City("Asia/Almaty", "Караганда", "Қарағанды", "Karaganda", ("Qaraghandy", "Karagandy")),
    City("Asia/Almaty", "Тараз", "Тараз", "Taraz"),
    City("Asia/Almaty", "Туркестан", "Түркістан", "Turkistan", ("Turkestan",)),
    City("Asia/Almaty", "Павлодар", "Павлодар", "Pavlodar"),
    City("Asia/Almaty", "Усть-Каменогорск", "Өскемен", "Oskemen", ("Ust-Kamenogorsk", "Оскемен")),
    City("Asia/Almaty", "Семей", "Семей", "Semey", ("Семипалатинск", "Semipalatinsk")),
    City("Asia/Almaty", "Петропавловск", "Петропавл", "Petropavl", ("Petropavlovsk",)),
    City("Asia/Almaty", "Кокшетау", "Көкшетау", "Kokshetau"),
    City("Asia/Almaty", "Талдыкорган", "Талдықорған", "Taldykorgan"),
    City("Asia/Almaty", "Жезказган", "Жезқазған", "Zhezkazgan"),
    City("Asia/Almaty", "Конаев", "Қонаев", "Konaev", ("Капчагай", "Kapchagay")),
    City("Asia/Qostanay", "Костанай", "Қостанай", "Kostanay", ("Qostanay",)),
    City("Asia/Qyzylorda", "Кызылорда", "Қызылорда", "Kyzylorda", ("Qyzylorda",)),
    City("Asia/Aqtobe", "Актобе", "Ақтөбе", "Aktobe", ("Aqtobe", "Актюбинск")),
    City("Asia/Aqtau", "Актау", "Ақтау", "Aktau", ("Aqtau",)),
    City("Asia/Atyrau", "Атырау", "Атырау", "Atyrau"),
    City("Asia/Oral", "Уральск", "Орал", "Oral", ("Uralsk", "Орал")),
    # Russia
    City("Europe/Kaliningrad", "Калининград", "Калининград", "Kaliningrad"),
    City("Europe/Moscow", "Москва", "Мәскеу", "Moscow", ("Moskva", "Москва")),
    City(
        "Europe/Moscow", "Санкт-Петербург", "Санкт-Петербург", "Saint Petersburg", ("Питер", "St Petersburg")
    ),
    City("Europe/Moscow", "Казань", "Қазан", "Kazan"),
    City("Europe/Moscow", "Нижний Новгород", "Нижний Новгород", "Nizhny Novgorod"),
    City("Europe/Moscow", "Ростов-на-Дону", "Ростов-на-Дону", "Rostov-on-Don", ("Ростов", "Rostov")),
    City("Europe/Moscow", "Краснодар", "Краснодар", "Krasnodar"),
    City("Europe/Moscow", "Сочи", "Сочи", "Sochi"),
    City("Europe/Volgograd", "Волгоград", "Волгоград", "Volgograd"),
    City("Europe/Saratov", "Саратов", "Саратов", "Saratov"),
    City("Europe/Astrakhan", "Астрахань", "Астрахан", "Astrakhan"),
    City("Europe/Samara", "Самара", "Самара", "Samara"),
    City("Asia/Yekaterinburg", "Екатеринбург", "Екатеринбург", "Yekaterinburg", ("Ekaterinburg",)),
    City("Asia/Yekaterinburg", "Челябинск", "Челябі", "Chelyabinsk", ("Челябинск",)),
    City("Asia/Yekaterinburg", "Уфа", "Уфа", "Ufa"),
    City("Asia/Yekaterinburg", "Пермь", "Пермь", "Perm"),
    City("Asia/Yekaterinburg", "Тюмень", "Түмен", "Tyumen"),
    City("Asia/Yekaterinburg", "Оренбург", "Орынбор", "Orenburg"),
    City("Asia/Omsk", "Омск", "Омбы", "Omsk"),
    City("Asia/Novosibirsk", "Новосибирск", "Новосибирск", "Novosibirsk"),
    City("Asia/Barnaul", "Барнаул", "Барнауыл", "Barnaul"),
    City("Asia/Tomsk", "Томск", "Томск", "Tomsk"),
    City("Asia/Krasnoyarsk", "Красноярск", "Красноярск", "Krasnoyarsk"),
    City("Asia/Irkutsk", "Иркутск", "Иркутск", "Irkutsk"),
    City("Asia/Yakutsk", "Якутск", "Якутск", "Yakutsk"),
    City("Asia/Vladivostok", "Владивосток", "Владивосток", "Vladivostok"),
    City("Asia/Vladivostok", "Хабаровск", "Хабаровск", "Khabarovsk"),
    City("Asia/Magadan", "Магадан", "Магадан", "Magadan"),
    City("Asia/Kamchatka", "Петропавловск-Камчатский", "Петропавл-Камчатский", "Petropavlovsk-Kamchatsky"),
    # Central Asia and neighbours
    City("Asia/Tashkent", "Ташкент", "Ташкент", "Tashkent", ("Toshkent",)),
    City("Asia/Samarkand", "Самарканд", "Самарқанд", "Samarkand"),
    City("Asia/Bishkek", "Бишкек", "Бішкек", "Bishkek", ("Фрунзе",)),
    City("Asia/Dushanbe", "Душанбе", "Душанбе", "Dushanbe"),
    City("Asia/Ashgabat", "Ашхабад", "Ашхабад", "Ashgabat", ("Ашгабат", "Ashkhabad")),
    City("Asia/Baku", "Баку", "Баку", "Baku"),
    City("Asia/Tbilisi", "Тбилиси", "Тбилиси", "Tbilisi"),
    City("Asia/Yerevan", "Ереван", "Ереван", "Yerevan"),
    City("Europe/Minsk", "Минск", "Минск", "Minsk"),
    City("Europe/Kyiv", "Киев", "Киев", "Kyiv", ("Київ", "Kiev")),
    City("Europe/Chisinau", "Кишинёв", "Кишинев", "Chisinau"),
    City("Asia/Ulaanbaatar", "Улан-Батор", "Ұлан-Батыр", "Ulaanbaatar", ("Ulan Bator",)),
    City("Asia/Urumqi", "Урумчи", "Үрімжі", "Urumqi"),
    # Main world cities
    City("Europe/London", "Лондон", "Лондон", "London"),
    City("Europe/Paris", "Париж", "Париж", "Paris"),
    City("Europe/Berlin", "Берлин", "Берлин", "Berlin"),
    City("Europe/Madrid", "Мадрид", "Мадрид", "Madrid"),
    City("Europe/Rome", "Рим", "Рим", "Rome"),
    City("Europe/Amsterdam", "Амстердам", "Амстердам", "Amsterdam"),
    City("Europe/Prague", "Прага", "Прага", "Prague"),
    City("Europe/Warsaw", "Варшава", "Варшава", "Warsaw"),
    City("Europe/Vienna", "Вена", "Вена", "Vienna"),
    City("Europe/Riga", "Рига", "Рига", "Riga"),
    City("Europe/Vilnius", "Вильнюс", "Вильнюс", "Vilnius"),
    City("Europe/Tallinn", "Таллин", "Таллин", "Tallinn"),
    City("Europe/Helsinki", "Хельсинки", "Хельсинки", "Helsinki"),
    City("Europe/Athens", "Афины", "Афины", "Athens"),
    City("Europe/Istanbul", "Стамбул", "Стамбұл", "Istanbul"),
    City("Asia/Jerusalem", "Иерусалим", "Иерусалим", "Jerusalem", ("Тель-Авив", "Tel Aviv")),
    City("Africa/Cairo", "Каир", "Каир", "Cairo"),
    City("Asia/Riyadh", "Эр-Рияд", "Эр-Рияд", "Riyadh"),
    City("Asia/Qatar", "Доха", "Доха", "Doha"),
    City("Asia/Dubai", "Дубай", "Дубай", "Dubai", ("Абу-Даби", "Abu Dhabi")),
    City("Asia/Tehran", "Тегеран", "Тегеран", "Tehran"),
    City("Asia/Kabul", "Кабул", "Кабул", "Kabul"),
    City("Asia/Karachi", "Карачи", "Карачи", "Karachi", ("Исламабад", "Islamabad")),
    City("Asia/Kolkata", "Дели", "Дели", "Delhi", ("Нью-Дели", "New Delhi", "Мумбаи", "Mumbai")),
    City("Asia/Kathmandu", "Катманду", "Катманду", "Kathmandu"),
    City("Asia/Bangkok", "Бангкок", "Бангкок", "Bangkok"),
    City("Asia/Singapore", "Сингапур", "Сингапур", "Singapore"),
    City("Asia/Shanghai", "Пекин", "Бейжің", "Beijing", ("Шанхай", "Shanghai", "Пекин")),
    City("Asia/Hong_Kong", "Гонконг", "Гонконг", "Hong Kong"),
    City("Asia/Seoul", "Сеул", "Сеул", "Seoul"),
    City("Asia/Tokyo", "Токио", "Токио", "Tokyo"),
    City("Australia/Sydney", "Сидней", "Сидней", "Sydney"),
    City("America/New_York", "Нью-Йорк", "Нью-Йорк", "New York", ("NYC", "Вашингтон", "Washington")),
    City("America/Toronto", "Торонто", "Торонто", "Toronto"),
    City("America/Chicago", "Чикаго", "Чикаго", "Chicago"),
    City(
        "America/Los_Angeles",
        "Лос-Анджелес",
        "Лос-Анджелес",
        "Los Angeles",
        ("Сан-Франциско", "San Francisco"),
    ),
)
