"""The outbox sinks' one run loop and one failure policy (`sink.OutboxSink`, `policy.RetryPolicy`).

Twitch chat, Twitch whispers and Discord each supply only an `Outlet`: how to read what is
pending and how to deliver one parcel. Everything else is here, the same for all three: what a
failure costs (logged without its text, counted, retried with capped exponential backoff and
jitter, parked after a last attempt), and that no failure of a delivery stops the process.
Nothing here imports a platform library.
"""
