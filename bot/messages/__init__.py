"""The message catalog: every sentence fairdrop says to fans, moderators and partners.

The words live in Fluent files (`locales/en/*.ftl`, shipped in the wheel), keyed by message id,
with named variables and plural rules; a streamer overrides any message for their community in
`<overrides>/<community>.ftl` beside the config. Code passes values, never sentences: an adapter
asks `current().say(voice, id, community, **values)` and gets the line back, its values made
inert for the platform (`Voice`) before they are put in.
"""
