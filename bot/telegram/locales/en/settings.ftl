time-usage = Give the time as HH:MM, from 00:00 to 23:59, for example: /time 08:30
time-current = The digest comes at { $time } ({ $timezone }). To change it: /time 08:30
time-set = Done: the digest will come every day at { $time } ({ $timezone }).
timezone-usage = I don't know that time zone. Give an IANA name, for example /timezone Asia/Almaty, or an offset from UTC: /timezone +05:00
timezone-current = Your time zone: { $timezone }, where it is now { $now }. To change it: /timezone Asia/Almaty or /timezone +05:00
timezone-set = Done: time zone { $timezone }, where it is now { $now }. The digest will come at { $time }.
sources-heading = <b>Sources</b>
    Tap a source to switch it on or off for your digest.
sources-empty = There are no sources yet.
source-enabled = On: { $title }
source-disabled = Off: { $title }
settings-text = <b>Settings</b>
    Digest: { $subscribed ->
        [yes] comes every day
       *[no] off
    }
    Time: { $time } (/time HH:MM)
    Time zone: { $timezone } (/timezone ZONE)
    Sources: { $enabled } of { $total } on (/sources)
    Language: English (/language)
button-sources = 📰 Sources
button-language = 🌐 Language
button-digest-now = 🗞 Digest now
button-unsubscribe = 🔕 Unsubscribe
