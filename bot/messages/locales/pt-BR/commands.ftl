## Brazilian Portuguese (pt-BR). Discord's slash commands as members see them in their client:
## each command's description, each option's and each choice's name, by the command's full name
## (`discord-command-drop-open`) and the option's (`discord-option-drop-open-name`). Sent to
## Discord as its pt-BR localizations. At most 100 characters each, no variables. The names of
## commands and options stay as declared (a moderator types /drop open in every language); an
## option's description names its choices as the choices below say them.


## /drop

discord-command-drop = Comandar drops
discord-command-drop-create = Preparar um drop sem abrir
discord-option-drop-create-name = Nome curto, usado nos comandos
discord-option-drop-create-title = O que os fãs veem (padrão: o nome)
discord-option-drop-create-supply = Quantas unidades
discord-option-drop-create-duration = Por quanto tempo as participações ficam abertas, ex.: 10m
discord-option-drop-create-early = Quanto dura o acesso antecipado antes de todos poderem participar, ex.: 2m
discord-option-drop-create-mode = sorteio: sorteado no encerramento; ordem de chegada: quem chega primeiro leva
discord-command-drop-open = Abrir um drop: um preparado, ou um novo agora
discord-option-drop-open-name = Um drop criado com /drop create, ou um nome novo
discord-option-drop-open-title = O que os fãs veem (drops novos; padrão: o nome)
discord-option-drop-open-supply = Quantas unidades (drops novos)
discord-option-drop-open-duration = Por quanto tempo as participações ficam abertas, ex.: 10m (drops novos)
discord-option-drop-open-early = Quanto dura o acesso antecipado antes, ex.: 2m (drops novos)
discord-option-drop-open-mode = sorteio ou ordem de chegada (drops novos)
discord-command-drop-schedule = Agendar um drop para abrir sozinho mais tarde, ou toda semana
discord-option-drop-schedule-name = Nome curto, usado nos comandos
discord-option-drop-schedule-at = Quando abre: 20:00 (fuso do streamer), +30m ou 2026-11-21T20:00
discord-option-drop-schedule-title = O que os fãs veem (padrão: o nome)
discord-option-drop-schedule-supply = Quantas unidades
discord-option-drop-schedule-duration = Por quanto tempo as participações ficam abertas, ex.: 10m
discord-option-drop-schedule-early = Quanto dura o acesso antecipado antes de todos poderem participar, ex.: 2m
discord-option-drop-schedule-mode = sorteio: sorteado no encerramento; ordem de chegada: quem chega primeiro leva
discord-command-drop-close = Fechar as participações agora (um sorteio acontece na hora)
discord-option-drop-close-name = O drop (padrão: o que está rolando)
discord-command-drop-status = Como está um drop
discord-option-drop-status-name = O drop (padrão: o que está rolando)
discord-command-drop-cancel = Cancelar um drop; os códigos emitidos para ele deixam de valer
discord-option-drop-cancel-name = O drop (padrão: o que está rolando)
discord-option-drop-cancel-reason = Mostrado aos fãs
discord-command-drop-reroll = Passar para a lista de espera toda unidade não retirada no prazo
discord-command-drop-list = Drops rolando, agendados e recentes
discord-command-drop-history = Participações, prêmios e resgates de um membro em todos os drops
discord-option-drop-history-member = O membro
discord-command-drop-audit = O que os moderadores fizeram: o registro de auditoria, do mais recente
discord-option-drop-audit-drop = Só as ações deste drop (padrão: todas as ações aqui)
discord-command-drop-disqualify = Tirar agora a unidade de um ganhador; ela desce pela lista de espera
discord-option-drop-disqualify-member = O ganhador a desclassificar
discord-option-drop-disqualify-reason = Motivo (publicado na ata do sorteio do drop)
discord-option-drop-disqualify-name = O drop (padrão: o que está rolando ou o mais novo)
discord-command-drop-extend = Mudar o fechamento de um drop aberto: mais tarde, ou mais cedo com -5m
discord-option-drop-extend-by = Quanto mais tarde as participações fecham, ex.: 5m; -5m fecha mais cedo
discord-option-drop-extend-name = O drop (padrão: o que está rolando)
discord-command-drop-edit = Alterar um drop em rascunho ou agendado antes de ele abrir
discord-option-drop-edit-name = Um drop em rascunho ou agendado
discord-option-drop-edit-title = O que os fãs veem
discord-option-drop-edit-supply = Quantas unidades
discord-option-drop-edit-duration = Por quanto tempo as participações ficam abertas, ex.: 10m
discord-option-drop-edit-early = Quanto dura o acesso antecipado antes de todos poderem participar, ex.: 2m
discord-option-drop-edit-at = Quando um drop agendado abre, ex.: 20:00 ou +30m
discord-command-drop-pause = Pausar as participações de um drop; o tempo restante fica guardado
discord-option-drop-pause-name = O drop (padrão: o que está rolando)
discord-command-drop-resume = Voltar a aceitar participações, com o tempo que restava na pausa
discord-option-drop-resume-name = O drop (padrão: o que está rolando)

## /alloc

discord-command-alloc = Listas de alocação
discord-command-alloc-create = Criar uma lista
discord-option-alloc-create-name = O nome da lista
discord-option-alloc-create-kind = antecipado: entra antes; garantida: unidades antes do sorteio; bloqueio: fica de fora
discord-command-alloc-add = Adicionar membros a uma lista
discord-option-alloc-add-name = A lista
discord-option-alloc-add-members = Menções, twitch:<id> ou logins da Twitch
discord-command-alloc-remove = Tirar membros de uma lista
discord-option-alloc-remove-name = A lista
discord-option-alloc-remove-members = Menções, twitch:<id> ou logins da Twitch
discord-command-alloc-list = Mostrar as listas, ou os membros de uma lista
discord-option-alloc-list-name = Uma lista (padrão: todas as listas)
discord-command-alloc-import = Adicionar membros de um arquivo CSV
discord-option-alloc-import-name = A lista
discord-option-alloc-import-file = CSV com uma coluna `account`
discord-option-alloc-import-replace = Substituir todos os membros
discord-command-alloc-export = Baixar uma lista em CSV
discord-option-alloc-export-name = A lista
discord-command-alloc-delete = Excluir uma lista
discord-option-alloc-delete-name = A lista

discord-command-link = Pegar um código para digitar no chat da Twitch e vincular suas contas

discord-command-mycodes = Seus códigos de drops recentes, só para você

## /fairdrop

discord-command-fairdrop = fairdrop
discord-command-fairdrop-setup = Escolher os canais de anúncios e de resumos e o cargo
discord-option-fairdrop-setup-announce-channel = Onde os drops são postados com o botão Participar
discord-option-fairdrop-setup-summary-channel = Para onde vão os resumos de 24 h e 72 h (padrão: anúncios)
discord-option-fairdrop-setup-moderator-role = Membros com este cargo comandam drops e listas (além de Gerenciar servidor)

## The choices of an option, by value

discord-choice-lottery = sorteio
discord-choice-fcfs = ordem de chegada
discord-choice-early = antecipado
discord-choice-guaranteed = garantida
discord-choice-deny = bloqueio

## Added with keywords, weekly series and receipts.

discord-option-drop-schedule-every = Ou um drop toda semana, que abre sozinho: fri 20:00 (fuso do streamer)
discord-option-drop-schedule-keyword = Uma palavra que participa no chat da Twitch além de !claim, ex.: !hoodie
discord-option-drop-create-keyword = Uma palavra que participa no chat da Twitch além de !claim, ex.: !hoodie
discord-option-drop-open-keyword = Uma palavra que participa no chat da Twitch além de !claim, ex.: !hoodie (drops novos)
discord-command-drop-series = As séries semanais com o próximo drop; ou parar uma
discord-option-drop-series-stop = Uma série para parar
discord-command-mydrops = Seus drops recentes: suas participações e códigos, só para você
