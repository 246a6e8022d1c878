"""The console's words in English and French: a small catalogue keyed by the English text, as the
desktop does with Qt Linguist (English is the source language). The language is the operator's own
setting, else the browser's Accept-Language, else English."""
from __future__ import annotations

LANGUAGES = ("en", "fr")

FR: dict[str, str] = {
    "Distributor console": "Console du distributeur",
    "Log in": "Se connecter",
    "Log out": "Se déconnecter",
    "Name": "Nom",
    "Password": "Mot de passe",
    "Agents": "Agents",
    "Agent": "Agent",
    "New agent": "Nouvel agent",
    "Create": "Créer",
    "Search": "Rechercher",
    "Parent": "Parent",
    "none": "aucun",
    "Float": "Float",
    "Limit": "Limite",
    "Available": "Disponible",
    "Currency": "Devise",
    "Today's sales": "Ventes du jour",
    "sales": "ventes",
    "Face value": "Valeur faciale",
    "Allowances held by terminals": "Avances détenues par les terminaux",
    "Terminals": "Terminaux",
    "Code": "Code",
    "Label": "Libellé",
    "Allowance": "Avance",
    "Enrolled": "Enrôlé",
    "Disabled": "Désactivé",
    "Active": "Actif",
    "Retailers": "Détaillants",
    "Float history": "Historique du float",
    "When": "Quand",
    "Posting": "Écriture",
    "Kind": "Type",
    "Amount": "Montant",
    "Deposit": "Dépôt",
    "Deposit float": "Déposer du float",
    "Transfer float to a retailer": "Transférer du float à un détaillant",
    "Transfer": "Transférer",
    "To": "Vers",
    "From": "De",
    "Transfers": "Transferts",
    "Issue an enrollment code": "Émettre un code d'enrôlement",
    "Enrollment code": "Code d'enrôlement",
    "Type this code into the new terminal, or scan the QR code. It works once.":
        "Saisissez ce code dans le nouveau terminal, ou scannez le QR code. Il ne sert qu'une fois.",
    "Back to the agent": "Retour à l'agent",
    "Audit log": "Journal d'audit",
    "Actor": "Acteur",
    "Action": "Action",
    "Subject": "Objet",
    "Detail": "Détail",
    "Language": "Langue",
    "Save": "Enregistrer",
    "Browser's": "Celle du navigateur",
    "Something is not right": "Quelque chose ne va pas",
    "Back": "Retour",
    "Previous": "Précédent",
    "Next": "Suivant",
    "of": "sur",
    "Credit line (negative limit, minor units)": "Ligne de crédit (limite négative, unités mineures)",
    "Terminal code prefix": "Préfixe des codes terminaux",
    "Done.": "Fait.",
    "Moved": "Transféré",
    "Already done: this transfer had gone through once.": "Déjà fait : ce transfert était déjà passé.",
    "No agents.": "Aucun agent.",
    "Nothing yet.": "Rien pour l'instant.",
    "Signed in as": "Connecté en tant que",
    "Settlement": "Règlement",
    "Customer care": "Service client",
    "Risk desk": "Bureau des risques",
    "Operators": "Opérateurs",
    "Role": "Rôle",
    "State": "État",
    "Locked": "Verrouillé",
    "Day": "Jour",
    "Show": "Afficher",
    "Export CSV": "Exporter en CSV",
    "Sales": "Ventes",
    "Commission": "Commission",
    "Bonus cost": "Coût des bonus",
    "Reversals": "Annulations",
    "Deposits": "Dépôts",
    "Transfers in": "Transferts reçus",
    "Transfers out": "Transferts émis",
    "Opening float": "Float d'ouverture",
    "Closing float": "Float de clôture",
    "Reconciled with the ledger": "Rapproché du grand livre",
    "Difference": "Écart",
    "Payment methods": "Moyens de paiement",
    "Number": "Numéro",
    "Look up": "Consulter",
    "Balances": "Soldes",
    "Main": "Principal",
    "Bonus": "Bonus",
    "Top-ups": "Recharges",
    "Terminal": "Terminal",
    "Status": "Statut",
    "This lookup was recorded in the audit log with your name.":
        "Cette consultation a été inscrite au journal d'audit avec votre nom.",
    "Alerts": "Alertes",
    "Add an operator": "Ajouter un opérateur",
    "Add": "Ajouter",
    "Float requests from retailers": "Demandes de float des détaillants",
    "Approve": "Approuver",
    "Refuse": "Refuser",
    "Last sale": "Dernière vente",
    "Sales received": "Ventes reçues",
    "Highest sequence number": "Plus haut numéro de séquence",
    "All received through": "Tout reçu jusqu'au n°",
    "Missing sequence numbers": "Numéros de séquence manquants",
    "Disable": "Désactiver",
    "Enable": "Réactiver",
    "never": "jamais",
    "Rule": "Règle",
    "Low float": "Float bas",
    "hours left": "heures restantes",
    "Suggested deposit": "Dépôt suggéré",
    "Page not found.": "Page introuvable.",
    "The form was out of date. Reload the page and try again.":
        "Le formulaire n'était plus à jour. Rechargez la page et réessayez.",
    "That request is too large.": "Cette requête est trop grande.",
    "The request contains characters that are not allowed.": "La requête contient des caractères interdits.",
    "Your role may not do that.": "Votre rôle ne permet pas de faire cela.",
    "Please log in.": "Veuillez vous connecter.",
    "Wrong name or password.": "Nom ou mot de passe incorrect.",
    "Too many wrong passwords. Try again later.": "Trop de mots de passe erronés. Réessayez plus tard.",
    "There is no such agent.": "Cet agent n'existe pas.",
    "Not enough float above the limit.": "Pas assez de float au-dessus de la limite.",
    "Float moves only from a dealer to its own retailers.":
        "Le float ne passe que d'un grossiste à ses propres détaillants.",
    "Type an amount such as 1500 or 1500.50.": "Saisissez un montant comme 1500 ou 1500,50.",
    "That transfer id was already used for a different transfer.":
        "Cet identifiant de transfert a déjà servi pour un autre transfert.",
}

# Error codes whose console text differs from the service's English message.
ERRORS: dict[str, str] = {
    "csrf_invalid": "The form was out of date. Reload the page and try again.",
    "payload_too_large": "That request is too large.",
    "bad_request": "The request contains characters that are not allowed.",
    "permission_denied": "Your role may not do that.",
    "session_expired": "Please log in.",
    "login_failed": "Wrong name or password.",
    "login_locked": "Too many wrong passwords. Try again later.",
    "agent_unknown": "There is no such agent.",
    "insufficient_float": "Not enough float above the limit.",
    "transfer_not_allowed": "Float moves only from a dealer to its own retailers.",
    "amount_invalid": "Type an amount such as 1500 or 1500.50.",
    "id_conflict": "That transfer id was already used for a different transfer.",
    "not_found": "Page not found.",
}

_CATALOGUES = {"fr": FR}


def choose(operator_setting: str, accept_language: str | None) -> str:
    """The operator's setting, else the first supported language the browser accepts, else English."""
    if operator_setting in LANGUAGES:
        return operator_setting
    ranked = []
    for i, part in enumerate((accept_language or "")[:500].split(",")):
        tag, _, params = part.strip().partition(";")
        q = 1.0
        if params.strip().startswith("q="):
            try:
                q = float(params.strip()[2:])
            except ValueError:
                q = 0.0
        ranked.append((-q, i, tag.split("-")[0].lower()))
    for _q, _i, lang in sorted(ranked):
        if lang in LANGUAGES:
            return lang
    return "en"


def translator(language: str):  # noqa: ANN201
    table = _CATALOGUES.get(language, {})
    return lambda text: table.get(text, text)


def error_text(language: str, code: str, message: str) -> str:
    """The operator's text for an error: ours when we have one, else the service's message."""
    english = ERRORS.get(code)
    if english is None:
        return message
    return translator(language)(english)


# catalog editor, password reset, terminal day closes (issue 16, console)
FR.update({
    "Catalog": "Catalogue",
    "Catalog draft": "Brouillon de catalogue",
    "New draft from the current version": "Nouveau brouillon depuis la version en cours",
    "Published as version": "Publié comme version",
    "Versions": "Versions",
    "Version": "Version",
    "Published": "Publiée",
    "Valid until": "Valable jusqu'au",
    "Products": "Produits",
    "Product": "Produit",
    "Promotions": "Promotions",
    "Sections": "Sections",
    "current": "en cours",
    "open (current)": "ouverte (en cours)",
    "Draft from this": "Brouillon depuis celle-ci",
    "Drafts": "Brouillons",
    "Draft": "Brouillon",
    "Based on": "Basé sur",
    "Made by": "Créé par",
    "Last change": "Dernière modification",
    "published as": "publié comme",
    "draft": "brouillon",
    "A version is valid from its publication until the next version's publication plus the grace period":
        "Une version est valable de sa publication jusqu'à la publication de la suivante plus le délai de grâce",
    "Back to the catalog": "Retour au catalogue",
    "Published versions never change.": "Une version publiée ne change jamais.",
    "Make a new draft to change the catalog.": "Faites un nouveau brouillon pour changer le catalogue.",
    "Operator": "Opérateur",
    "Commission (bps)": "Commission (pb)",
    "Amounts": "Montants",
    "Edit": "Modifier",
    "Remove": "Retirer",
    "Edit product": "Modifier le produit",
    "Add a product": "Ajouter un produit",
    "Amounts are minor units (10000 is KES 100). denominations: 5000, 10000 for fixed and voucher; min, max, step for range.":
        "Montants en unités mineures (10000 = 100 KES). denominations : 5000, 10000 pour fixed et voucher ; "
        "min, max, step pour range.",
    "Save product": "Enregistrer le produit",
    "Cancel": "Annuler",
    "Every other part of the catalog as JSON, checked by the catalog parser when saved. Empty a section to remove it.":
        "Le reste du catalogue en JSON, vérifié par le lecteur de catalogue à l'enregistrement. Videz une section "
        "pour la retirer.",
    "Add a section": "Ajouter une section",
    "Preview a sale": "Aperçu d'une vente",
    "Amount": "Montant",
    "Customer number (optional)": "Numéro du client (facultatif)",
    "At (UTC, optional)": "À (UTC, facultatif)",
    "Preview": "Aperçu",
    "Customer pays": "Le client paie",
    "Bonus": "Bonus",
    "Promotion": "Promotion",
    "Commission": "Commission",
    "Float cost": "Coût en float",
    "Points": "Points",
    "Published version": "Version publiée",
    "not sellable": "pas en vente",
    "same": "identique",
    "This operator has no products.": "Cet opérateur n'a pas de produits.",
    "Publish": "Publier",
    "Publishing makes this draft the next catalog version. Terminals fetch it at their next sync; the previous version stays valid for the grace period.":
        "Publier fait de ce brouillon la prochaine version du catalogue. Les terminaux la reçoivent à leur prochaine "
        "synchronisation ; la version précédente reste valable pendant le délai de grâce.",
    "Publish as a new version": "Publier comme nouvelle version",
    "Saved.": "Enregistré.",
    "Add": "Ajouter",
    "Save": "Enregistrer",
})

ERRORS.update({
    "password_wrong": "Your current password is not right.",
    "password_same": "Choose a password that differs from the current one.",
    "password_weak": "A password has 10 to 1,024 characters.",
    "reset_self": "Change your own password on the password page (your old one is needed).",
    "password_change_required": "Choose a new password first.",
})
FR.update({
    "Your current password is not right.": "Votre mot de passe actuel n'est pas le bon.",
    "Choose a password that differs from the current one.": "Choisissez un mot de passe différent de l'actuel.",
    "A password has 10 to 1,024 characters.": "Un mot de passe a de 10 à 1 024 caractères.",
    "Change your own password on the password page (your old one is needed).":
        "Changez votre propre mot de passe sur la page du mot de passe (l'ancien est demandé).",
    "Choose a new password first.": "Choisissez d'abord un nouveau mot de passe.",
    "Change your password": "Changer votre mot de passe",
    "Your password was reset by an administrator. Choose your own before you go on.":
        "Votre mot de passe a été réinitialisé par un administrateur. Choisissez le vôtre pour continuer.",
    "Current password": "Mot de passe actuel",
    "New password": "Nouveau mot de passe",
    "New password again": "Nouveau mot de passe, à nouveau",
    "10 to 1,024 characters. Your other sessions end.": "De 10 à 1 024 caractères. Vos autres sessions se terminent.",
    "Change the password": "Changer le mot de passe",
    "The two new passwords differ.": "Les deux nouveaux mots de passe diffèrent.",
    "Temporary password for": "Mot de passe temporaire pour",
    "Shown once. Give it to the operator in person; they must choose their own password at their next login.":
        "Affiché une seule fois. Remettez-le à l'opérateur en personne ; il devra choisir le sien à sa prochaine "
        "connexion.",
    "Reset password": "Réinitialiser le mot de passe",
    "My password": "Mon mot de passe",
})
FR.update({
    "Last contact": "Dernier contact",
    "Day closes": "Clôtures de journée",
    "Each Z report the terminal sent, with the server's recompute from its own records of those sales.":
        "Chaque rapport Z envoyé par le terminal, avec le recalcul du serveur à partir de ses propres ventes.",
    "Business day": "Journée",
    "Received": "Reçu",
    "Sales": "Ventes",
    "Result": "Résultat",
    "What differs": "Écarts",
    "no terminal totals": "pas de totaux du terminal",
    "matched": "concorde",
    "mismatch": "écart",
})
FR.update({
    "Loyalty": "Fidélité",
    "Tier": "Niveau",
    "Next tier": "Niveau suivant",
    "points to go": "points restants",
    "about": "environ",
    "of top-ups": "de recharges",
    "Progress to the next tier": "Progression vers le niveau suivant",
    "Top tier reached.": "Niveau le plus haut atteint.",
    "Earned this cycle": "Gagnés ce cycle",
    "cycle ends": "fin du cycle",
    "points expire": "points expirent",
    "No loyalty programme in the current catalog.": "Pas de programme de fidélité dans le catalogue en cours.",
    "Balances by bucket": "Soldes par compartiment",
    "Bucket": "Compartiment",
    "Remaining": "Restant",
    "Reserved": "Réservé",
    "Usage, last 30 days": "Consommation, 30 derniers jours",
    "Day": "Jour",
    "Service": "Service",
    "Units": "Unités",
    "Charge": "Montant",
    "Paid from": "Payé depuis",
    "No usage in the last 30 days.": "Aucune consommation ces 30 derniers jours.",
})
ERRORS.update({
    "draft_changed": "Someone else changed this draft meanwhile. Reload it and edit again.",
    "draft_published": "This draft was published already; make a new draft to change the catalog.",
    "draft_unknown": "There is no such catalog draft.",
})
FR.update({
    "Someone else changed this draft meanwhile. Reload it and edit again.":
        "Quelqu'un d'autre a modifié ce brouillon entre-temps. Rechargez-le et recommencez.",
    "This draft was published already; make a new draft to change the catalog.":
        "Ce brouillon a déjà été publié ; faites un nouveau brouillon pour changer le catalogue.",
    "There is no such catalog draft.": "Ce brouillon de catalogue n'existe pas.",
})
FR.update({"Your password was changed.": "Votre mot de passe a été changé."})
# issue 16 item 6 (console2): settlement by payment method as the terminals' day closes reported them
FR.update({
    "Payment methods: day closes and server": "Moyens de paiement : clôtures des terminaux et serveur",
    "As the terminals' Z reports sent them, beside the server's own sales.":
        "Tels que les rapports Z des terminaux les ont envoyés, à côté des ventes du serveur.",
    "Method": "Moyen",
    "Terminals' Z": "Z des terminaux",
    "Server": "Serveur",
    "Per terminal": "Par terminal",
    "no methods reported": "aucun moyen de paiement envoyé",
    "has not closed the day": "n'a pas clôturé la journée",
    "Methods match the day closes": "Les moyens de paiement concordent avec les clôtures",
    "reported": "envoyé",
    "server": "serveur",
})
# issue 16 (console2): the catalog preview's targeted bonus reasons
FR.update({
    "Bonuses for this customer as the server would pay them (its own facts about the number).":
        "Bonus de ce client tels que le serveur les verserait (d'après ce qu'il sait du numéro).",
    "Welcome bonus": "Bonus de bienvenue",
    "Welcome back": "Bon retour",
})
