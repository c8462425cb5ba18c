## Said by the web app in plain text (never markup): the answers of the live feed
## (/overlay/{community}/events, /drops/{id}/events) when it cannot serve a stream.

web-feed-no-drop = There is no such drop.
web-feed-no-community = There is no such community.
web-feed-too-many-from-address = Too many live feeds are open from your address; close one and try again.
web-feed-full = The live feed is serving all the clients it can; try again shortly.
