"""The OBS overlay (issue 24): a page for a browser source that shows the drop as it moves.

`page` serves it (`/overlay/{community}`, `/overlay/drop/{id}`, the moderators' preview
`/overlay/{community}/preview`) and the drops' QR codes (`/drops/{id}/qr.svg`); `words` renders
its lines from the catalog; `preview` builds the sample drop; `site` holds what the routes
share. The page follows the feed's server-sent events (`/overlay/{community}/events`,
`/drops/{id}/events`) with the script in `bot/web/static/overlay.js`.
"""
