chat-notice-inactive = { $reason ->
    [rights] I can no longer post in «{ $title }»: I lost the right to send messages there. Make me an administrator allowed to post again, and digests resume from the next slot.
   *[removed] I was removed from «{ $title }», so nothing more goes there. Add me back, and digests resume from the next slot.
}
chat-notice-topic = The topic chosen in «{ $title }» is closed or deleted: messages go to the general topic now. An administrator can send /here in another topic to choose it.
chat-connected-private = { $kind ->
    [channel] The channel «{ $title }» is connected
   *[other] The group «{ $title }» is connected
}: a digest goes there { $schedule } ({ $timezone }). Times, days, zone, language, sources and filters are set like your own: press the button, or send /chats at any time.
chat-connected-group = Hello! I will post a news digest here every day. Administrators set it up with /settings (or in a private chat with me: /chats); in a forum, /here in a topic sends the digests there. Anyone can ask for /latest, /search and /digest.
button-chat-settings = ⚙️ Set up the chat
chats-list = <b>Your channels and groups</b>
    Choose one: the commands and buttons you use here will change it until you go back to your own settings.
chats-none = You administer no channel or group with me in it. Add me to a group, or make me an administrator of a channel allowed to post, and it appears here.
chats-in-private = Channels and groups are set up in a private chat with me: /chats. Here, administrators can use /settings.
chat-inactive-mark = inactive
chat-editing-chosen = Now setting up «{ $title }»
chat-editing-own = Back to your own settings
chat-editing-banner = ⚙️ <b>Settings of «{ $title }»</b> — your own: /chats
button-own-settings = 👤 My own settings
chat-not-admin-private = Only administrators of «{ $title }» can change it, and Telegram does not list you as one now.
chat-admins-only = Only this chat's administrators can change its settings.
chat-settings-heading = { $kind ->
    [channel] 📢
   *[other] 👥
} <b>{ $title }</b>{ $active ->
    [yes] {""}
   *[no] {" "}(inactive: I am not allowed to post there)
}
    Mode: { $mode ->
    [instant] each story as soon as it comes
   *[digest] digests at the chosen times
}
chat-settings-topic = Topic: { $topic ->
    [chosen] the one chosen with /here
   *[general] General (/here in a topic chooses it)
}
button-chat-mode = { $mode ->
    [instant] ⚡ Instant: switch to digests
   *[digest] 🗞 Digests: switch to instant posts
}
chat-mode-set = { $mode ->
    [instant] ⚡ Each new story will be posted as it comes
   *[digest] 🗞 Digests at the chosen times
}
here-set = Done: messages go to this topic now.
here-general = Done: messages go to the General topic now.
here-not-forum = /here chooses a topic, and this chat has no topics: messages go to the chat itself.
here-in-private = /here is for a forum group: an administrator sends it in the topic where messages should go.
help-chats = /chats — channels and groups you administer, to set them up
group-help =
    <b>In this chat</b>
    /latest [N] — the newest stories
    /digest — the digest as it would be now
    /search WORDS — search the archive
    /read NUMBER — an article's full text
    <b>For administrators</b>
    /settings — all settings of the chat, with buttons
    /time, /days, /timezone, /language, /sources, /filter — as in a private chat, for this chat
    /here — in a forum, the topic where messages go
    In a private chat with me, /chats sets up every chat you administer.
cmd-chats = Your channels and groups
cmd-here = Post in this topic
admin-stats-chats = Channels and groups: { $active } active of { $total }
admin-stats-chat = { $kind ->
    [channel] 📢
   *[other] 👥
} { $title } ({ NUMBER($id, useGrouping: 0) }), { $mode ->
    [instant] instant
   *[digest] digest
}{ $active ->
    [yes] {""}
   *[no] , inactive
}
