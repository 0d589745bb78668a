chat-notice-inactive = { $reason ->
    [rights] I can no longer post in «{ $title }»: I lost the right to send messages there. Make me an administrator allowed to post again, and digests resume from the next slot.
   *[removed] I was removed from «{ $title }», so nothing more goes there. Add me back, and digests resume from the next slot.
}
chat-notice-topic = The topic chosen in «{ $title }» is closed or deleted: messages go to the general topic now. An administrator can send /here in another topic to choose it.
