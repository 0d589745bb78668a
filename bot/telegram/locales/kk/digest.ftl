digest-heading = { $date } күнгі жаңалықтар дайджесті
digest-footer = Дайджест уақыты, уақыт белдеуі және дереккөздері: /settings
digest-nothing-new = Алдыңғы дайджесттен бері жаңа ештеңе жоқ. Соңғы жаңалықтар: /latest
story-yesterday = кеше, { $time }
