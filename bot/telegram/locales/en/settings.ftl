time-usage = Give one to six digest times a day, for example: /time 08:30 or /time 08:00 19:30 (0830, 8 or 8.30 work too).
time-current = The digest comes { $schedule } ({ $timezone }). To change the times: /time 08:00 19:30, the days: /days
time-set = Done: the digest will come { $schedule } ({ $timezone }). The next one comes { $next }. What's new right now: /digest
timezone-usage = I don't know that time zone. Give a city (/timezone Almaty), an IANA name (/timezone Asia/Almaty) or an offset from UTC (/timezone +05:00).
timezone-current = Your time zone: { $timezone }, where it is now { $now }. To change it: /timezone Almaty or /timezone +05:00
timezone-set = Done: time zone { $timezone }, where it is now { $now }. The next digest comes { $next }.
sources-heading = <b>Sources</b>
    Tap a source to switch it on or off for your digest.
sources-empty = There are no sources yet.
source-enabled = On: { $title }
source-disabled = Off: { $title }
settings-text = <b>Settings</b>
    Digest: { $subscribed ->
        [yes] on, the next one { $next }
       *[no] off (/subscribe)
    }
    When: { $schedule } (/time, /days)
    Time zone: { $timezone } (/timezone)
    Sources: { $enabled } of { $total } on (/sources)
    Language: English (/language)
button-sources = 📰 Sources
button-language = 🌐 Language
button-digest-now = 🗞 Digest now
button-unsubscribe = 🔕 Unsubscribe
time-toggled = Digest times: { $times }
time-limit = At most six times a day. Remove one to add another.
time-last = At least one time must stay. To stop the digest: /unsubscribe
days-usage = Give the weekdays, for example: /days mon-fri (weekdays), /days sat,sun (weekends), /days all (every day) or /days sun (once a week).
days-current = The digest comes { $schedule }. To change it: /days mon-fri, /days sat,sun or /days all
days-set = Done: the digest will come { $schedule } ({ $timezone }). The next one comes { $next }. What's new right now: /digest
schedule-line = { $days } at { $times }
days-every-day = every day
days-workdays = on weekdays
days-weekend = at weekends
days-one = { $day ->
    [0] on Mondays
    [1] on Tuesdays
    [2] on Wednesdays
    [3] on Thursdays
    [4] on Fridays
    [5] on Saturdays
   *[6] on Sundays
}
days-some = on { $days }
weekday-short = { $day ->
    [0] Mon
    [1] Tue
    [2] Wed
    [3] Thu
    [4] Fri
    [5] Sat
   *[6] Sun
}
next-digest-today = today at { $time }
next-digest-tomorrow = tomorrow at { $time }
next-digest-on = { $day ->
    [0] on Monday
    [1] on Tuesday
    [2] on Wednesday
    [3] on Thursday
    [4] on Friday
    [5] on Saturday
   *[6] on Sunday
} at { $time }
button-days-all = Every day
button-days-workdays = Mon–Fri
button-days-weekend = Sat, Sun
