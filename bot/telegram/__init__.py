"""The Telegram edge: the Bot client, the Dispatcher, HTML, interface texts and middlewares."""
