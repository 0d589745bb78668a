digest-heading = { $date } күнгі жаңалықтар дайджесі
digest-footer = Дайджест уақыты, уақыт белдеуі және дереккөздері: /settings
digest-nothing-new = Соңғы дайджесттен бері жаңа ештеңе жоқ. Соңғы жаңалықтар: /latest
story-yesterday = кеше, { $time }
