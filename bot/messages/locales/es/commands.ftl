## Los comandos de barra de Discord tal como los ve cada miembro en su cliente: la descripción de
## cada comando y de cada opción, y el nombre de cada elección. Como mucho 100 caracteres cada
## uno, sin variables.


## /drop

discord-command-drop = Gestionar drops
discord-command-drop-create = Preparar un drop sin abrirlo
discord-option-drop-create-name = Nombre corto, el que se usa en los comandos
discord-option-drop-create-title = Lo que ven los fans (por defecto: el nombre)
discord-option-drop-create-supply = Cuántas unidades
discord-option-drop-create-duration = Cuánto tiempo se puede participar, p. ej. 10m
discord-option-drop-create-early = Cuánto dura el acceso anticipado antes de que participen todos, p. ej. 2m
discord-option-drop-create-mode = lottery: sorteo al cierre; fcfs: por orden de llegada
discord-command-drop-open = Abrir un drop: uno preparado o uno nuevo ahora
discord-option-drop-open-name = Un drop hecho con /drop create, o un nombre nuevo
discord-option-drop-open-title = Lo que ven los fans (drops nuevos; por defecto: el nombre)
discord-option-drop-open-supply = Cuántas unidades (drops nuevos)
discord-option-drop-open-duration = Cuánto tiempo se puede participar, p. ej. 10m (drops nuevos)
discord-option-drop-open-early = Cuánto dura antes el acceso anticipado, p. ej. 2m (drops nuevos)
discord-option-drop-open-mode = lottery o fcfs (drops nuevos)
discord-command-drop-schedule = Programar un drop para que se abra solo más tarde, o cada semana
discord-option-drop-schedule-name = Nombre corto, el que se usa en los comandos
discord-option-drop-schedule-at = Cuándo se abre: 20:00 (zona horaria del canal), +30m o 2026-11-21T20:00
discord-option-drop-schedule-title = Lo que ven los fans (por defecto: el nombre)
discord-option-drop-schedule-supply = Cuántas unidades
discord-option-drop-schedule-duration = Cuánto tiempo se puede participar, p. ej. 10m
discord-option-drop-schedule-early = Cuánto dura el acceso anticipado antes de que participen todos, p. ej. 2m
discord-option-drop-schedule-mode = lottery: sorteo al cierre; fcfs: por orden de llegada
discord-command-drop-close = Cerrar la participación ya (un sorteo se hace al momento)
discord-option-drop-close-name = El drop (por defecto: el que está en marcha)
discord-command-drop-status = Cómo va un drop
discord-option-drop-status-name = El drop (por defecto: el que está en marcha)
discord-command-drop-cancel = Cancelar un drop; sus códigos emitidos dejan de valer
discord-option-drop-cancel-name = El drop (por defecto: el que está en marcha)
discord-option-drop-cancel-reason = Se muestra a los fans
discord-command-drop-reroll = Pasar a la lista de espera las unidades sin reclamar fuera de plazo
discord-command-drop-list = Drops en marcha, próximos y recientes
discord-command-drop-history = Participaciones, premios y canjes de un miembro en todos los drops
discord-option-drop-history-member = El miembro
discord-command-drop-audit = Qué hicieron los moderadores: el registro, lo más reciente primero
discord-option-drop-audit-drop = Solo las acciones de este drop (por defecto: todas las de aquí)
discord-command-drop-disqualify = Quitar ya la unidad a un ganador; pasa a la lista de espera
discord-option-drop-disqualify-member = El ganador que se descalifica
discord-option-drop-disqualify-reason = Por qué (se publica en la transcripción del drop)
discord-option-drop-disqualify-name = El drop (por defecto: el que está en marcha o el más reciente)
discord-command-drop-extend = Mover el cierre de un drop abierto: más tarde, o antes con -5m
discord-option-drop-extend-by = Cuánto más tarde se cierra, p. ej. 5m; -5m lo adelanta
discord-option-drop-extend-name = El drop (por defecto: el que está en marcha)
discord-command-drop-edit = Cambiar un drop en borrador o programado antes de que se abra
discord-option-drop-edit-name = Un drop en borrador o programado
discord-option-drop-edit-title = Lo que ven los fans
discord-option-drop-edit-supply = Cuántas unidades
discord-option-drop-edit-duration = Cuánto tiempo se puede participar, p. ej. 10m
discord-option-drop-edit-early = Cuánto dura el acceso anticipado antes de que participen todos, p. ej. 2m
discord-option-drop-edit-at = Cuándo se abre un drop programado, p. ej. 20:00 o +30m
discord-command-drop-pause = Pausar la participación de un drop; se guarda el tiempo que queda
discord-option-drop-pause-name = El drop (por defecto: el que está en marcha)
discord-command-drop-resume = Reanudar la participación con el tiempo que quedaba al pausar
discord-option-drop-resume-name = El drop (por defecto: el que está en marcha)

## /alloc

discord-command-alloc = Listas de asignación
discord-command-alloc-create = Crear una lista
discord-option-alloc-create-name = El nombre de la lista
discord-option-alloc-create-kind = early: acceso anticipado; guaranteed: unidades antes del sorteo; deny: excluidos
discord-command-alloc-add = Añadir miembros a una lista
discord-option-alloc-add-name = La lista
discord-option-alloc-add-members = Menciones, twitch:<id> o logins de Twitch
discord-command-alloc-remove = Quitar miembros de una lista
discord-option-alloc-remove-name = La lista
discord-option-alloc-remove-members = Menciones, twitch:<id> o logins de Twitch
discord-command-alloc-list = Ver las listas, o los miembros de una
discord-option-alloc-list-name = Una lista (por defecto: todas)
discord-command-alloc-import = Añadir miembros desde un archivo CSV
discord-option-alloc-import-name = La lista
discord-option-alloc-import-file = CSV con una columna `account`
discord-option-alloc-import-replace = Sustituir a todos los miembros
discord-command-alloc-export = Descargar una lista en CSV
discord-option-alloc-export-name = La lista
discord-command-alloc-delete = Borrar una lista
discord-option-alloc-delete-name = La lista

discord-command-link = Obtener un código para escribir en el chat de Twitch y vincular tus cuentas

discord-command-mycodes = Tus códigos de drops recientes, en privado

## /fairdrop

discord-command-fairdrop = fairdrop
discord-command-fairdrop-setup = Elegir los canales de anuncios y de resúmenes y el rol
discord-option-fairdrop-setup-announce-channel = Dónde se publican los drops con su botón Participar
discord-option-fairdrop-setup-summary-channel = Adónde van los resúmenes de 24 h y 72 h (por defecto: anuncios)
discord-option-fairdrop-setup-moderator-role = Los miembros con este rol gestionan drops y listas (además de Gestionar servidor)

## Las elecciones de una opción, por valor

discord-choice-lottery = sorteo
discord-choice-fcfs = por orden de llegada
discord-choice-early = anticipado
discord-choice-guaranteed = garantizada
discord-choice-deny = excluidos

## Added with keywords, weekly series and receipts.

discord-option-drop-schedule-every = O un drop cada semana, que se abre solo: fri 20:00 (zona horaria del canal)
discord-option-drop-schedule-keyword = Una palabra que participa en el chat de Twitch además de !claim, p. ej. !hoodie
discord-option-drop-create-keyword = Una palabra que participa en el chat de Twitch además de !claim, p. ej. !hoodie
discord-option-drop-open-keyword = Una palabra que participa en el chat de Twitch además de !claim, p. ej. !hoodie (drops nuevos)
discord-command-drop-series = Las series semanales con su próximo drop; o detener una
discord-option-drop-series-stop = Una serie que detener
discord-command-mydrops = Tus drops recientes: tus participaciones y códigos, en privado
