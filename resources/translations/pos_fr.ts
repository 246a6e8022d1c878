<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="fr_FR">
<context>
    <name>ApprovalDialog</name>
    <message>
        <location filename="../../pos_app/ui/widgets/approval.py" line="+36"/>
        <location line="+1"/>
        <source>Manager approval</source>
        <translation>Approbation du gérant</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>A manager must approve this</source>
        <translation>Un gérant doit approuver ceci</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Action to approve</source>
        <translation>Action à approuver</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Manager&apos;s user name</source>
        <translation>Nom d&apos;utilisateur du gérant</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Manager</source>
        <translation>Gérant</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Manager&apos;s PIN</source>
        <translation>Code PIN du gérant</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>PIN</source>
        <translation>Code PIN</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Why? (kept with the approval)</source>
        <translation>Pourquoi ? (conservé avec l&apos;approbation)</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+1"/>
        <source>Reason</source>
        <translation>Motif</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Approval message</source>
        <translation>Message d&apos;approbation</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Cancel (Esc)</source>
        <translation>Annuler (Échap)</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Cancel</source>
        <translation>Annuler</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Approve (Enter)</source>
        <translation>Approuver (Entrée)</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Approve</source>
        <translation>Approuver</translation>
    </message>
    <message>
        <location line="+23"/>
        <source>Type the manager&apos;s user name.</source>
        <translation>Saisissez le nom d&apos;utilisateur du gérant.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The manager types their PIN.</source>
        <translation>Le gérant saisit son code PIN.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Say why, in a few words.</source>
        <translation>Dites pourquoi, en quelques mots.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Checking…</source>
        <translation>Vérification…</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Approved by %1.</source>
        <translation>Approuvé par %1.</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>That person is not allowed to approve this. A manager must type their own PIN.</source>
        <translation>Cette personne ne peut pas approuver ceci. Un gérant doit saisir son propre code PIN.</translation>
    </message>
</context>
<context>
    <name>AuditView</name>
    <message>
        <location filename="../../pos_app/ui/manager/audit.py" line="+65"/>
        <source>Filter: action, person or subject (e.g. sale.cancelled, Z1)</source>
        <translation>Filtre : action, personne ou objet (ex. sale.cancelled, Z1)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Filter the audit log</source>
        <translation>Filtrer le journal d&apos;audit</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Refresh</source>
        <translation>Actualiser</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Verify chain</source>
        <translation>Vérifier la chaîne</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Verify the audit chain</source>
        <translation>Vérifier la chaîne d&apos;audit</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Verification result</source>
        <translation>Résultat de la vérification</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Audit log</source>
        <translation>Journal d&apos;audit</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>Checking the whole chain…</source>
        <translation>Vérification de toute la chaîne…</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>All checks passed: %1.</source>
        <translation>Toutes les vérifications sont passées : %1.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>PROBLEM: %1</source>
        <translation>PROBLÈME : %1</translation>
    </message>
</context>
<context>
    <name>Banner</name>
    <message>
        <location filename="../../pos_app/ui/widgets/banner.py" line="+18"/>
        <source>Message</source>
        <translation>Message</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Close message</source>
        <translation>Fermer le message</translation>
    </message>
</context>
<context>
    <name>CashCountWidget</name>
    <message>
        <location filename="../../pos_app/ui/manager/shift.py" line="+45"/>
        <source>Notes</source>
        <translation>Billets</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Coins</source>
        <translation>Pièces</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Pieces of %1</source>
        <translation>Pièces/billets de %1</translation>
    </message>
</context>
<context>
    <name>DashboardView</name>
    <message>
        <location filename="../../pos_app/ui/manager/dashboard.py" line="+33"/>
        <source>Takings today</source>
        <translation>Recettes du jour</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Sales today</source>
        <translation>Ventes du jour</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Commission today</source>
        <translation>Commission du jour</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Average day, last 7</source>
        <translation>Jour moyen, 7 derniers</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Takings by hour — today (bars) against the 7-day average (line)</source>
        <translation>Recettes par heure — aujourd&apos;hui (barres) et moyenne sur 7 jours (ligne)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Takings by hour</source>
        <translation>Recettes par heure</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Top operators</source>
        <translation>Meilleurs opérateurs</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Top products</source>
        <translation>Meilleurs produits</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Clerks side by side</source>
        <translation>Caissiers côte à côte</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Last 7 days</source>
        <translation>7 derniers jours</translation>
    </message>
    <message>
        <location line="+26"/>
        <source>Today</source>
        <translation>Aujourd&apos;hui</translation>
    </message>
</context>
<context>
    <name>Errors</name>
    <message>
        <location filename="../../pos_app/ui/errors.py" line="+60"/>
        <source>Type the customer&apos;s phone number.</source>
        <translation>Saisissez le numéro de téléphone du client.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Digits only, please (spaces and dashes are fine).</source>
        <translation>Des chiffres uniquement, s&apos;il vous plaît (espaces et tirets acceptés).</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The number is too short. Check it with the customer.</source>
        <translation>Le numéro est trop court. Vérifiez-le avec le client.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The number is too long. Check it with the customer.</source>
        <translation>Le numéro est trop long. Vérifiez-le avec le client.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Only numbers of this country can be topped up here.</source>
        <translation>Seuls les numéros de ce pays peuvent être rechargés ici.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>That number does not exist. Check the digits with the customer.</source>
        <translation>Ce numéro n&apos;existe pas. Vérifiez les chiffres avec le client.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>That is not a mobile number. Ask for the customer&apos;s mobile number.</source>
        <translation>Ce n&apos;est pas un numéro de mobile. Demandez le numéro de mobile du client.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Choose the customer&apos;s network.</source>
        <translation>Choisissez le réseau du client.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>That network is not in the price list. Choose another.</source>
        <translation>Ce réseau n&apos;est pas dans la liste des prix. Choisissez-en un autre.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Type the amount in digits, for example 100 or 99.50.</source>
        <translation>Saisissez le montant en chiffres, par exemple 100 ou 99.50.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The amount must be more than zero.</source>
        <translation>Le montant doit être supérieur à zéro.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>That amount is not possible. Check the digits.</source>
        <translation>Ce montant n&apos;est pas possible. Vérifiez les chiffres.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Pick one of the amounts shown for this product.</source>
        <translation>Choisissez l&apos;un des montants proposés pour ce produit.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>That amount is below this product&apos;s smallest amount.</source>
        <translation>Ce montant est inférieur au plus petit montant de ce produit.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>That amount is above this product&apos;s largest amount.</source>
        <translation>Ce montant dépasse le plus grand montant de ce produit.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>That amount is not one of this product&apos;s steps.</source>
        <translation>Ce montant ne correspond pas aux pas de ce produit.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>That is more than one sale may be. Split it into two sales.</source>
        <translation>C&apos;est plus qu&apos;une vente ne peut valoir. Faites-en deux ventes.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Type the amount, or tap one.</source>
        <translation>Saisissez le montant, ou touchez-en un.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Choose a product first.</source>
        <translation>Choisissez d&apos;abord un produit.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>That product is no longer sold. Pick another.</source>
        <translation>Ce produit n&apos;est plus vendu. Choisissez-en un autre.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>That product is not on sale right now. Pick another.</source>
        <translation>Ce produit n&apos;est pas en vente en ce moment. Choisissez-en un autre.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>No vouchers of this amount left here. Sell another amount or a pinless top-up.</source>
        <translation>Plus de bons de ce montant ici. Vendez un autre montant ou une recharge directe.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Type the cash the customer handed over.</source>
        <translation>Saisissez l&apos;espèce remise par le client.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>That is less than the price. Take more cash or choose another payment.</source>
        <translation>C&apos;est moins que le prix. Prenez plus d&apos;espèces ou choisissez un autre paiement.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The money must be in the shop&apos;s currency.</source>
        <translation>L&apos;argent doit être dans la monnaie de la boutique.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Type the reference from the card or mobile-money slip.</source>
        <translation>Saisissez la référence du ticket de carte ou de mobile money.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>A reference has 3 to 64 letters, digits, dashes or slashes.</source>
        <translation>Une référence compte 3 à 64 lettres, chiffres, tirets ou barres obliques.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Choose cash, card or mobile money.</source>
        <translation>Choisissez espèces, carte ou mobile money.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The number, the amount or the payment is missing. Go back and fill it in.</source>
        <translation>Il manque le numéro, le montant ou le paiement. Revenez en arrière pour le compléter.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The server cannot be reached and this till has no offline allowance yet. Connect to the server, then sell.</source>
        <translation>Le serveur est injoignable et cette caisse n&apos;a pas encore de réserve hors ligne. Connectez-vous au serveur, puis vendez.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Offline, this till cannot sell more: its allowance is used up. Reconnect to the server to sell more.</source>
        <translation>Hors ligne, cette caisse ne peut plus vendre : sa réserve est épuisée. Reconnectez-la au serveur pour vendre davantage.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Wrong user or PIN.</source>
        <translation>Utilisateur ou code PIN incorrect.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Too many wrong PINs. Wait, then try again.</source>
        <translation>Trop de codes PIN erronés. Patientez, puis réessayez.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>A PIN is 4 to 8 digits.</source>
        <translation>Un code PIN compte 4 à 8 chiffres.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The two PINs are different. Type the same PIN twice.</source>
        <translation>Les deux codes PIN sont différents. Saisissez deux fois le même.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Your session has ended. Type your PIN to go on.</source>
        <translation>Votre session est terminée. Saisissez votre code PIN pour continuer.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>You may not do this. Ask a manager.</source>
        <translation>Vous ne pouvez pas faire ceci. Demandez à un gérant.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>You could not be signed in. Type your PIN again.</source>
        <translation>Vous n&apos;avez pas pu être identifié. Saisissez à nouveau votre code PIN.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The count is off by more than is allowed. A manager must approve.</source>
        <translation>L&apos;écart de caisse dépasse le seuil permis. Un gérant doit approuver.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Say why, in a few words.</source>
        <translation>Dites pourquoi, en quelques mots.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>There is already a user with that name. Choose another user name.</source>
        <translation>Il existe déjà un utilisateur de ce nom. Choisissez un autre nom d&apos;utilisateur.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>There is no such user on this till.</source>
        <translation>Cet utilisateur n&apos;existe pas sur cette caisse.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>A user name is 2 to 32 lowercase letters, digits, dots, dashes or underscores.</source>
        <translation>Un nom d&apos;utilisateur compte 2 à 32 lettres minuscules, chiffres, points, tirets ou tirets bas.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>You cannot disable your own account.</source>
        <translation>Vous ne pouvez pas désactiver votre propre compte.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>This sale may already have reached the server, so it cannot be cancelled here. Wait for its result; if it goes through, reverse it.</source>
        <translation>Cette vente est peut-être déjà arrivée au serveur : elle ne peut pas être annulée ici. Attendez son résultat ; si elle passe, annulez-la par contre-passation.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Only a sale still waiting to be sent can be cancelled.</source>
        <translation>Seule une vente qui attend encore d&apos;être envoyée peut être annulée.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Only a sale the network confirmed can be reversed. A queued sale is cancelled instead.</source>
        <translation>Seule une vente confirmée par le réseau peut être contre-passée. Une vente en attente s&apos;annule.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The sale has moved on meanwhile. Look at it again in History.</source>
        <translation>La vente a changé entre-temps. Regardez-la de nouveau dans l&apos;historique.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>There is no such sale status.</source>
        <translation>Ce statut de vente n&apos;existe pas.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>A recorded sale cannot be changed.</source>
        <translation>Une vente enregistrée ne peut pas être modifiée.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>It is too late to reverse this sale: the time allowed for it has passed.</source>
        <translation>Il est trop tard pour contre-passer cette vente : le délai permis est écoulé.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The server has no confirmed sale to reverse. Nothing was changed.</source>
        <translation>Le serveur n&apos;a pas de vente confirmée à contre-passer. Rien n&apos;a été modifié.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The customer has already used the airtime, so it cannot be taken back.</source>
        <translation>Le client a déjà utilisé le crédit : il ne peut pas être repris.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>This sale has already been reversed.</source>
        <translation>Cette vente a déjà été contre-passée.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The server had already received this sale, so it could not be cancelled. Reverse it if needed.</source>
        <translation>Le serveur avait déjà reçu cette vente : elle n&apos;a pas pu être annulée. Contre-passez-la si besoin.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>That sale belongs to another till.</source>
        <translation>Cette vente appartient à une autre caisse.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The sale was cancelled before it was sent. Nothing was charged.</source>
        <translation>La vente a été annulée avant son envoi. Rien n&apos;a été débité.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The server refused this sale. Nothing was charged.</source>
        <translation>Le serveur a refusé cette vente. Rien n&apos;a été débité.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The server refused this.</source>
        <translation>Le serveur a refusé.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The server priced this sale differently. Nothing was charged; sync to get the new prices.</source>
        <translation>Le serveur a calculé un autre prix pour cette vente. Rien n&apos;a été débité ; synchronisez pour recevoir les nouveaux prix.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The price list this sale used is not known. Sync to get the current one.</source>
        <translation>La liste de prix utilisée par cette vente est inconnue. Synchronisez pour recevoir la liste actuelle.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The price list this sale used was not valid at the time. Sync, then sell again.</source>
        <translation>La liste de prix utilisée n&apos;était pas valable à ce moment-là. Synchronisez, puis vendez à nouveau.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The agent&apos;s float is too low for this sale. Nothing was charged.</source>
        <translation>Le solde de l&apos;agent est insuffisant pour cette vente. Rien n&apos;a été débité.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The server&apos;s risk checks stopped this sale. Nothing was charged. Call your manager.</source>
        <translation>Les contrôles de risque du serveur ont bloqué cette vente. Rien n&apos;a été débité. Appelez votre gérant.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The server already has a different sale with this number. Nothing was charged. Call your technician.</source>
        <translation>Le serveur a déjà une autre vente sous ce numéro. Rien n&apos;a été débité. Appelez votre technicien.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The sale names another till than the one that sent it. Call your technician.</source>
        <translation>La vente indique une autre caisse que celle qui l&apos;a envoyée. Appelez votre technicien.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The sale is dated in the future: check the till&apos;s date and time.</source>
        <translation>La vente est datée dans le futur : vérifiez la date et l&apos;heure de la caisse.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The server could not read this sale. Call your technician.</source>
        <translation>Le serveur n&apos;a pas pu lire cette vente. Appelez votre technicien.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>That number has never been topped up.</source>
        <translation>Ce numéro n&apos;a jamais été rechargé.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The customer does not have that much credit.</source>
        <translation>Le client n&apos;a pas autant de crédit.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The server cannot be reached. Sales are kept and sent by themselves later.</source>
        <translation>Le serveur est injoignable. Les ventes sont gardées et partiront d&apos;elles-mêmes plus tard.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The server is having trouble. Sales are kept and sent by themselves later.</source>
        <translation>Le serveur a des difficultés. Les ventes sont gardées et partiront d&apos;elles-mêmes plus tard.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The server&apos;s answer could not be read. It will be asked again.</source>
        <translation>La réponse du serveur est illisible. Elle sera redemandée.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>This till is not connected to a prepaid server yet. Enroll it in the setup.</source>
        <translation>Cette caisse n&apos;est pas encore reliée à un serveur prépayé. Enregistrez-la dans la configuration.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The server address starts with https:// or http://.</source>
        <translation>L&apos;adresse du serveur commence par https:// ou http://.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Type the enrollment code from the server&apos;s administrator.</source>
        <translation>Saisissez le code d&apos;enregistrement donné par l&apos;administrateur du serveur.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>That enrollment code does not exist. Check it with the server&apos;s administrator.</source>
        <translation>Ce code d&apos;enregistrement n&apos;existe pas. Vérifiez-le avec l&apos;administrateur du serveur.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>That enrollment code has already been used. Ask for a new one.</source>
        <translation>Ce code d&apos;enregistrement a déjà servi. Demandez-en un nouveau.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>That enrollment code has expired. Ask for a new one.</source>
        <translation>Ce code d&apos;enregistrement a expiré. Demandez-en un nouveau.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The server refused an unsigned request. Call your technician.</source>
        <translation>Le serveur a refusé une requête non signée. Appelez votre technicien.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The server did not accept this till&apos;s signature. Call your technician.</source>
        <translation>Le serveur n&apos;a pas accepté la signature de cette caisse. Appelez votre technicien.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The till&apos;s clock is too far from the server&apos;s. Check the date and time.</source>
        <translation>L&apos;horloge de la caisse est trop éloignée de celle du serveur. Vérifiez la date et l&apos;heure.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The server already received this request. It will be sent again.</source>
        <translation>Le serveur a déjà reçu cette requête. Elle sera renvoyée.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The server does not know this till. Enroll it again.</source>
        <translation>Le serveur ne connaît pas cette caisse. Enregistrez-la à nouveau.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The server has disabled this till. Call your manager.</source>
        <translation>Le serveur a désactivé cette caisse. Appelez votre gérant.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>This till is already sending its sales.</source>
        <translation>Cette caisse envoie déjà ses ventes.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The server did not understand the request. Call your technician.</source>
        <translation>Le serveur n&apos;a pas compris la requête. Appelez votre technicien.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The server did not accept this till. Call your technician.</source>
        <translation>Le serveur n&apos;a pas accepté cette caisse. Appelez votre technicien.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The server does not allow this.</source>
        <translation>Le serveur ne le permet pas.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The server does not know this.</source>
        <translation>Le serveur ne connaît pas cet élément.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The server does not offer this. Call your technician.</source>
        <translation>Le serveur ne propose pas cette opération. Appelez votre technicien.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The server cannot answer in a form this till reads. Call your technician.</source>
        <translation>Le serveur ne peut pas répondre sous une forme lisible par cette caisse. Appelez votre technicien.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>This clashes with what is already recorded.</source>
        <translation>Cela entre en conflit avec ce qui est déjà enregistré.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>That was too much to send at once. It will be sent in smaller parts.</source>
        <translation>C&apos;était trop à envoyer d&apos;un coup. Ce sera envoyé en plus petites parties.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The server could not read the request. Call your technician.</source>
        <translation>Le serveur n&apos;a pas pu lire la requête. Appelez votre technicien.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The server found a mistake in what was sent. Call your technician.</source>
        <translation>Le serveur a trouvé une erreur dans l&apos;envoi. Appelez votre technicien.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The server is busy. It will be tried again shortly.</source>
        <translation>Le serveur est occupé. Nouvel essai dans un instant.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The server had a problem. Sales are kept and sent again later.</source>
        <translation>Le serveur a rencontré un problème. Les ventes sont gardées et renvoyées plus tard.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The database is not available right now. Nothing was saved. Try again in a moment.</source>
        <translation>La base de données n&apos;est pas disponible pour l&apos;instant. Rien n&apos;a été enregistré. Réessayez dans un instant.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>There is no price list yet. Connect to the server to download it.</source>
        <translation>Pas encore de liste de prix. Connectez-vous au serveur pour la télécharger.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The price list is damaged. Sync to download it again.</source>
        <translation>La liste de prix est endommagée. Synchronisez pour la télécharger à nouveau.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The price list cannot be read. Sync to download it again.</source>
        <translation>La liste de prix est illisible. Synchronisez pour la télécharger à nouveau.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>A promotion in the price list is damaged. Sync to download the list again.</source>
        <translation>Une promotion de la liste de prix est endommagée. Synchronisez pour retélécharger la liste.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>A currency is three capital letters, such as KES.</source>
        <translation>Une monnaie s&apos;écrit en trois lettres majuscules, par exemple KES.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>You already have an open shift. Close it first.</source>
        <translation>Vous avez déjà un poste ouvert. Fermez-le d&apos;abord.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>You have no open shift. Open one from the Shift menu.</source>
        <translation>Vous n&apos;avez pas de poste ouvert. Ouvrez-en un depuis le menu Poste.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>There is no such shift.</source>
        <translation>Ce poste n&apos;existe pas.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>That shift is already closed.</source>
        <translation>Ce poste est déjà fermé.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>A closed shift cannot be changed.</source>
        <translation>Un poste fermé ne peut pas être modifié.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>That is not a note or coin of this currency.</source>
        <translation>Ce n&apos;est pas un billet ou une pièce de cette monnaie.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Count whole pieces for each note and coin.</source>
        <translation>Comptez des pièces entières pour chaque billet et chaque pièce.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>That business day is already closed by a Z report.</source>
        <translation>Cette journée est déjà clôturée par un rapport Z.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>That business day has not started yet.</source>
        <translation>Cette journée n&apos;a pas encore commencé.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>That business day is closed by a Z report. The sale goes to the next day.</source>
        <translation>Cette journée est clôturée par un rapport Z. La vente passe au jour suivant.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Some sales of this day are not settled with the server yet. Sync first, or carry them over to the report.</source>
        <translation>Certaines ventes de la journée ne sont pas encore réglées avec le serveur. Synchronisez d&apos;abord, ou reportez-les dans le rapport.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>There is no such Z report.</source>
        <translation>Ce rapport Z n&apos;existe pas.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>This Z report does not match its seal: it may have been altered. Call your manager.</source>
        <translation>Ce rapport Z ne correspond pas à son sceau : il a peut-être été modifié. Appelez votre gérant.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>A Z report cannot be changed.</source>
        <translation>Un rapport Z ne peut pas être modifié.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Z reports are numbered without gaps.</source>
        <translation>Les rapports Z sont numérotés sans trou.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The report&apos;s list of sales is not valid. Call your technician.</source>
        <translation>La liste des ventes du rapport n&apos;est pas valable. Appelez votre technicien.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>A settled cancellation or reversal cannot be changed.</source>
        <translation>Une annulation ou une contre-passation réglée ne peut pas être modifiée.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>That printer address cannot be used. Use for example tcp://192.168.1.50:9100 or usb://04b8:0202.</source>
        <translation>Cette adresse d&apos;imprimante est inutilisable. Utilisez par exemple tcp://192.168.1.50:9100 ou usb://04b8:0202.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The receipt could not be printed. The sale stands; reprint it from History.</source>
        <translation>Le reçu n&apos;a pas pu être imprimé. La vente est maintenue ; réimprimez-le depuis l&apos;historique.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>There is no such print job.</source>
        <translation>Cette impression n&apos;existe pas.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>That print job cannot do this in its present state.</source>
        <translation>Cette impression ne le permet pas dans son état actuel.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>This receipt may have printed already: confirm it, or reprint it as a COPY.</source>
        <translation>Ce reçu est peut-être déjà imprimé : confirmez-le, ou réimprimez-le en COPIE.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Only receipts can be reprinted; retry this job instead.</source>
        <translation>Seuls les reçus se réimpriment ; relancez plutôt cette impression.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The till is busy. Nothing was saved. Press Enter to try again.</source>
        <translation>La caisse est occupée. Rien n&apos;a été enregistré. Appuyez sur Entrée pour réessayer.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The disk is full. Nothing was saved. Call your technician.</source>
        <translation>Le disque est plein. Rien n&apos;a été enregistré. Appelez votre technicien.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The database failed. Nothing was saved. Try again, then call your technician.</source>
        <translation>La base de données a échoué. Rien n&apos;a été enregistré. Réessayez, puis appelez votre technicien.</translation>
    </message>
    <message>
        <location line="-86"/>
        <source>That sale is not on this till.</source>
        <translation>Cette vente n&apos;est pas sur cette caisse.</translation>
    </message>
    <message>
        <location line="+87"/>
        <source>This clashes with a record already stored. Nothing was saved.</source>
        <translation>Cela entre en conflit avec un enregistrement existant. Rien n&apos;a été enregistré.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The audit log cannot be changed.</source>
        <translation>Le journal d&apos;audit ne peut pas être modifié.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Work not yet sent to the server cannot be removed.</source>
        <translation>Ce qui n&apos;est pas encore envoyé au serveur ne peut pas être supprimé.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>This till&apos;s data is in use by another TopUp POS. Close it first.</source>
        <translation>Les données de cette caisse sont utilisées par un autre TopUp POS. Fermez-le d&apos;abord.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>That setting has a value it cannot take.</source>
        <translation>Ce réglage a une valeur qu&apos;il ne peut pas prendre.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Type the shop&apos;s name: it is printed on every receipt.</source>
        <translation>Saisissez le nom de la boutique : il est imprimé sur chaque reçu.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The limit is a whole number from 1 upwards.</source>
        <translation>La limite est un nombre entier à partir de 1.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Something typed is not right. Check it and try again.</source>
        <translation>Une saisie n&apos;est pas correcte. Vérifiez-la et réessayez.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>There is no such agent.</source>
        <translation>Cet agent n&apos;existe pas.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>An agent needs a name of 1 to 120 characters.</source>
        <translation>Un agent a besoin d&apos;un nom de 1 à 120 caractères.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>There is no such risk rule.</source>
        <translation>Cette règle de risque n&apos;existe pas.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>That is not an action a risk rule can take.</source>
        <translation>Ce n&apos;est pas une action possible pour une règle de risque.</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>This till still has sales waiting for the server&apos;s answer. Sync them first, then enroll again.</source>
        <translation>Cette caisse a encore des ventes en attente de la réponse du serveur. Synchronisez-les d&apos;abord, puis réinscrivez-la.</translation>
    </message>
    <message>
        <source>The server already has this sale from an earlier enrollment of this till. The manager checks it; do not sell it again.</source>
        <translation type="vanished">Le serveur a déjà cette vente, reçue d&apos;une inscription précédente de cette caisse. Le gérant la vérifie ; ne la vendez pas une deuxième fois.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Only an administrator can do this.</source>
        <translation>Seul un administrateur peut faire cela.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>There is no such setting.</source>
        <translation>Ce réglage n&apos;existe pas.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The certificate file for the server does not exist.</source>
        <translation>Le fichier de certificats du serveur n&apos;existe pas.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The voucher PIN key cannot be read. Call your technician.</source>
        <translation>La clé des codes PIN des cartes ne peut pas être lue. Appelez votre technicien.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>This sale has no dispute with the server to settle.</source>
        <translation>Cette vente n&apos;a pas de litige avec le serveur à régler.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Settle it as confirmed or rejected, as the server&apos;s record says.</source>
        <translation>Réglez-la comme confirmée ou refusée, selon l&apos;enregistrement du serveur.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The server&apos;s certificate could not be verified. Call your technician.</source>
        <translation>Le certificat du serveur n&apos;a pas pu être vérifié. Appelez votre technicien.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>A voucher PIN cannot be opened with this till&apos;s key. Call your technician.</source>
        <translation>Un code PIN de carte ne peut pas être ouvert avec la clé de cette caisse. Appelez votre technicien.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>A till cannot charge usage; only a charging client can.</source>
        <translation>Une caisse ne peut pas facturer la consommation ; seul un client de taxation le peut.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>This charging client is not enrolled with the server.</source>
        <translation>Ce client de taxation n’est pas enregistré auprès du serveur.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>This charging client has been disabled.</source>
        <translation>Ce client de taxation a été désactivé.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>A charging client needs a name of 1 to 120 characters.</source>
        <translation>Un client de taxation doit avoir un nom de 1 à 120 caractères.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The customer has no credit left for this.</source>
        <translation>Le client n’a plus de crédit pour cela.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The number of units is not a whole number the server accepts.</source>
        <translation>Le nombre d’unités n’est pas un nombre entier accepté par le serveur.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>That service is not voice, data or SMS.</source>
        <translation>Ce service n’est ni la voix, ni les données, ni les SMS.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The tariff has no price for that service.</source>
        <translation>Le tarif ne donne pas de prix pour ce service.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The catalog has no tariff yet, so usage cannot be charged.</source>
        <translation>Le catalogue n’a pas encore de tarif : la consommation ne peut pas être facturée.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The tariff in this catalog is not valid.</source>
        <translation>Le tarif de ce catalogue n’est pas valide.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>This request number was already used with other content.</source>
        <translation>Ce numéro de requête a déjà servi pour un autre contenu.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>This request came after a later one of the same session.</source>
        <translation>Cette requête arrive après une requête plus récente de la même session.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>That charging session is already open.</source>
        <translation>Cette session de taxation est déjà ouverte.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>There is no such charging session.</source>
        <translation>Cette session de taxation n’existe pas.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>That charging session is already closed.</source>
        <translation>Cette session de taxation est déjà fermée.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>That charging session timed out and its reservation was released.</source>
        <translation>Cette session de taxation a expiré et sa réservation a été libérée.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>A bundle is valid for 1 to 366 days.</source>
        <translation>Un forfait est valable de 1 à 366 jours.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Usage can be shown for 1 to 92 days.</source>
        <translation>La consommation peut être affichée sur 1 à 92 jours.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>This statement link is not valid.</source>
        <translation>Ce lien de relevé n’est pas valide.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>That is not an operator role (admin, finance, risk or support).</source>
        <translation>Ce n&apos;est pas un rôle d&apos;opérateur (admin, finance, risk ou support).</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>A password needs at least 10 characters.</source>
        <translation>Un mot de passe compte au moins 10 caractères.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The form was out of date. Reload the page and try again.</source>
        <translation>Le formulaire n&apos;était plus à jour. Rechargez la page et réessayez.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Float moves only from a dealer to its own retailers.</source>
        <translation>Le float ne passe que d&apos;un grossiste à ses propres détaillants.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The transfer has no valid id. Reload the page and try again.</source>
        <translation>Le transfert n&apos;a pas d&apos;identifiant valide. Rechargez la page et réessayez.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>That parent agent cannot be used (another currency?).</source>
        <translation>Cet agent parent ne peut pas être utilisé (autre devise ?).</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>A day is written YYYY-MM-DD.</source>
        <translation>Un jour s&apos;écrit AAAA-MM-JJ.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>There is no such catalog draft.</source>
        <translation>Ce brouillon de catalogue n&apos;existe pas.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>This draft is already published. Start a new draft from the current version.</source>
        <translation>Ce brouillon est déjà publié. Commencez un nouveau brouillon à partir de la version en cours.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Someone else changed this draft meanwhile. Reload it and edit again.</source>
        <translation>Quelqu&apos;un d&apos;autre a modifié ce brouillon entre-temps. Rechargez-le et modifiez-le à nouveau.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Choose a new password first.</source>
        <translation>Choisissez d&apos;abord un nouveau mot de passe.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Change your own password on the password page (your old one is needed).</source>
        <translation>Changez votre propre mot de passe sur la page du mot de passe (l&apos;ancien est demandé).</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Your current password is not right.</source>
        <translation>Votre mot de passe actuel n&apos;est pas le bon.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Choose a password that differs from the current one.</source>
        <translation>Choisissez un mot de passe différent de l&apos;actuel.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>No single person has this PIN here. Choose your name (Up/Down keys), then type your PIN.</source>
        <translation>Personne n&apos;a ce code seul ici. Choisissez votre nom (flèches haut/bas), puis tapez votre code.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Choose your name first (Up/Down keys), then type your PIN.</source>
        <translation>Choisissez d&apos;abord votre nom (flèches haut/bas), puis tapez votre code.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The customer does not have enough points for this sale. Take another payment.</source>
        <translation>Le client n&apos;a pas assez de points pour cette vente. Prenez un autre paiement.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>There is no loyalty programme: points cannot pay for this sale.</source>
        <translation>Il n&apos;y a pas de programme de fidélité : les points ne peuvent pas payer cette vente.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Points can pay only while the till reaches the server. Take another payment.</source>
        <translation>Les points ne peuvent payer que si la caisse joint le serveur. Prenez un autre paiement.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Offline, this till has not seen the customer&apos;s points yet. Take another payment.</source>
        <translation>Hors ligne, cette caisse ne connaît pas encore les points du client. Prenez un autre paiement.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Offline, points can pay only up to the offline limit for this customer. Take another payment or reconnect.</source>
        <translation>Hors ligne, les points ne peuvent payer que jusqu&apos;à la limite hors ligne de ce client. Prenez un autre paiement ou reconnectez-vous.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>That alert is not one of this shop&apos;s.</source>
        <translation>Cette alerte n&apos;est pas une alerte de cette boutique.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Pick the reason for the reversal.</source>
        <translation>Choisissez le motif de la contre-passation.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Pick one of the reasons offered for a reversal.</source>
        <translation>Choisissez l&apos;un des motifs proposés pour une contre-passation.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>A manager must approve the reversal.</source>
        <translation>Un gérant doit approuver la contre-passation.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Above this amount the refund policy needs a second, different manager to approve.</source>
        <translation>Au-delà de ce montant, la politique de remboursement exige l&apos;approbation d&apos;un second gérant, différent.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The second approval must come from a different manager.</source>
        <translation>La seconde approbation doit venir d&apos;un autre gérant.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The refund policy allows full reversals only: the customer has used part of the airtime.</source>
        <translation>La politique de remboursement n&apos;autorise que les contre-passations totales : le client a utilisé une partie du crédit.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Part of the airtime was used. Only what remains can be taken back: tick partial reversal to accept it.</source>
        <translation>Une partie du crédit a été utilisée. Seul le reste peut être repris : cochez la contre-passation partielle pour l&apos;accepter.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>A reversal of this sale is already waiting for the server.</source>
        <translation>Une contre-passation de cette vente attend déjà le serveur.</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>The smallest amount is %1.</source>
        <translation>Le plus petit montant est %1.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The largest amount is %1.</source>
        <translation>Le plus grand montant est %1.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Amounts go up in steps of %1. Did you mean %2 or %3?</source>
        <translation>Les montants vont par pas de %1. Vouliez-vous dire %2 ou %3 ?</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Amounts go up in steps of %1.</source>
        <translation>Les montants vont par pas de %1.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>One sale can be at most %1. Split it into two sales.</source>
        <translation>Une vente ne peut dépasser %1. Faites-en deux ventes.</translation>
    </message>
    <message numerus="yes">
        <location line="+12"/>
        <source>Wrong PIN. %n tries left before a lockout.</source>
        <translation>
            <numerusform>Code PIN incorrect. %n essai restant avant un blocage.</numerusform>
            <numerusform>Code PIN incorrect. %n essais restants avant un blocage.</numerusform>
        </translation>
    </message>
    <message>
        <location line="+5"/>
        <source>The server refused this (HTTP %1).</source>
        <translation>Le serveur a refusé (HTTP %1).</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Something went wrong on this till (%1). Your sale in progress is kept; try again.</source>
        <translation>Un problème est survenu sur cette caisse (%1). Votre vente en cours est conservée ; réessayez.</translation>
    </message>
    <message numerus="yes">
        <location line="+21"/>
        <source>Too many wrong PINs. Try again in %n s.</source>
        <translation>
            <numerusform>Trop de codes PIN incorrects. Réessayez dans %n s.</numerusform>
            <numerusform>Trop de codes PIN incorrects. Réessayez dans %n s.</numerusform>
        </translation>
    </message>
    <message>
        <location line="-141"/>
        <source>The server had already accepted this sale from this till before it was enrolled again. It was charged once. A manager must check it.</source>
        <translation>Le serveur avait déjà accepté cette vente de cette caisse avant son nouvel enregistrement. Elle a été débitée une fois. Un responsable doit la vérifier.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Too many customer lookups in a short time. Wait a moment and try again.</source>
        <translation>Trop de recherches de clients en peu de temps. Attendez un instant puis réessayez.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The server refused a value that was sent. Nothing was saved. Call your technician.</source>
        <translation>Le serveur a refusé une valeur envoyée. Rien n&apos;a été enregistré. Appelez votre technicien.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The prepaid server&apos;s key is damaged. Call your technician.</source>
        <translation>La clé du serveur prépayé est endommagée. Appelez votre technicien.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The prepaid server&apos;s key file can be read by other users. Call your technician.</source>
        <translation>Le fichier de clé du serveur prépayé est lisible par d&apos;autres utilisateurs. Appelez votre technicien.</translation>
    </message>
</context>
<context>
    <name>History</name>
    <message>
        <location filename="../../pos_app/ui/history/screen.py" line="+37"/>
        <source>Pending</source>
        <translation>En attente</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Success</source>
        <translation>Réussie</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Rejected</source>
        <translation>Refusée</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Cancelled</source>
        <translation>Annulée</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Reversal pending</source>
        <translation>Annulation en attente</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Reversed</source>
        <translation>Annulée par le réseau</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Reversal refused</source>
        <translation>Annulation refusée</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Manager check</source>
        <translation>Vérification du gérant</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>no reason given</source>
        <translation>aucun motif donné</translation>
    </message>
    <message>
        <location line="+2"/>
        <location line="+2"/>
        <source>Rejected: %1</source>
        <translation>Refusée : %1</translation>
    </message>
    <message>
        <location line="-2"/>
        <source>Nothing was charged and the customer&apos;s points were not used. Check the number and sell again with another payment.</source>
        <translation>Rien n&apos;a été débité et les points du client n&apos;ont pas été utilisés. Vérifiez le numéro et revendez avec un autre paiement.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Nothing was charged. If the customer is still here, give back %1 (or refund the card / mobile money), check the number and sell again.</source>
        <translation>Rien n&apos;a été débité. Si le client est encore là, rendez %1 (ou remboursez la carte / le mobile money), vérifiez le numéro et vendez à nouveau.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Waiting %1 min for the server</source>
        <translation>En attente du serveur depuis %1 min</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Do not sell it again: it is sent by itself once the till is online. Check the connection in the status bar. If the customer cannot wait, a manager can cancel it before it is sent.</source>
        <translation>Ne la vendez pas à nouveau : elle part toute seule dès que la caisse est en ligne. Vérifiez la connexion dans la barre d&apos;état. Si le client ne peut pas attendre, un gérant peut l&apos;annuler avant son envoi.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Server already has this sale: %1</source>
        <translation>Le serveur a déjà cette vente : %1</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Do not sell it again and do not give money back yet. Call your manager: the server&apos;s record decides.</source>
        <translation>Ne la vendez pas une deuxième fois et ne rendez pas encore l&apos;argent. Appelez votre gérant : l&apos;enregistrement du serveur décide.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Reversal refused by the network</source>
        <translation>Annulation refusée par le réseau</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>The airtime stays with the customer. Call your manager.</source>
        <translation>Le crédit reste au client. Appelez votre gérant.</translation>
    </message>
    <message>
        <location line="+42"/>
        <location line="+48"/>
        <source>Time</source>
        <translation>Heure</translation>
    </message>
    <message>
        <location line="-48"/>
        <location line="+48"/>
        <source>Receipt</source>
        <translation>Reçu</translation>
    </message>
    <message>
        <location line="-48"/>
        <location line="+48"/>
        <source>Number</source>
        <translation>Numéro</translation>
    </message>
    <message>
        <location line="-48"/>
        <location line="+48"/>
        <source>Amount</source>
        <translation>Montant</translation>
    </message>
    <message>
        <location line="-48"/>
        <source>Status</source>
        <translation>État</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Top-up</source>
        <translation>Recharge</translation>
    </message>
    <message>
        <location line="+48"/>
        <source>Problem</source>
        <translation>Problème</translation>
    </message>
</context>
<context>
    <name>HistoryScreen</name>
    <message>
        <location line="+26"/>
        <source>Sales history</source>
        <translation>Historique des ventes</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>Back to sale (Esc)</source>
        <translation>Retour à la vente (Échap)</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Back to sale</source>
        <translation>Retour à la vente</translation>
    </message>
    <message>
        <location line="+5"/>
        <location line="+53"/>
        <location line="+126"/>
        <source>Today&apos;s sales</source>
        <translation>Ventes du jour</translation>
    </message>
    <message>
        <location line="-177"/>
        <source>All clerks</source>
        <translation>Tous les caissiers</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Show every clerk&apos;s sales (manager)</source>
        <translation>Afficher les ventes de tous les caissiers (gérant)</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Refresh</source>
        <translation>Actualiser</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>History views</source>
        <translation>Vues de l&apos;historique</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Search: number, receipt (NBO1-000012) or status</source>
        <translation>Rechercher : numéro, reçu (NBO1-000012) ou état</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Search sales</source>
        <translation>Rechercher des ventes</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Status filter</source>
        <translation>Filtre d&apos;état</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Every status</source>
        <translation>Tous les états</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Sales</source>
        <translation>Ventes</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>Sales that need attention</source>
        <translation>Ventes à surveiller</translation>
    </message>
    <message>
        <location line="+5"/>
        <location line="+132"/>
        <location line="+9"/>
        <source>Nothing needs your attention.</source>
        <translation>Rien ne demande votre attention.</translation>
    </message>
    <message>
        <location line="-137"/>
        <source>What to do</source>
        <translation>Que faire</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Needs attention</source>
        <translation>À surveiller</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>Details</source>
        <translation>Détails</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Pick a sale to see it here.</source>
        <translation>Choisissez une vente pour la voir ici.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Sale details</source>
        <translation>Détails de la vente</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Reprint</source>
        <translation>Réimprimer</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Reprint receipt</source>
        <translation>Réimprimer le reçu</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Cancel sale…</source>
        <translation>Annuler la vente…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Cancel a queued sale (manager)</source>
        <translation>Annuler une vente en file d&apos;attente (gérant)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Reverse sale…</source>
        <translation>Contre-passer la vente…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Reverse a confirmed sale through the server (manager)</source>
        <translation>Contre-passer une vente confirmée via le serveur (gérant)</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Print this receipt again (marked COPY).</source>
        <translation>Imprimer ce reçu à nouveau (marqué COPIE).</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>A manager can cancel a sale that was never sent.</source>
        <translation>Un gérant peut annuler une vente jamais envoyée.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>A manager can reverse a confirmed sale within its time window; the server decides.</source>
        <translation>Un gérant peut contre-passer une vente confirmée dans le délai prévu ; le serveur décide.</translation>
    </message>
    <message>
        <location line="+60"/>
        <source>Needs attention (%1)</source>
        <translation>À surveiller (%1)</translation>
    </message>
    <message>
        <location line="-16"/>
        <source>Today&apos;s sales — every clerk</source>
        <translation>Ventes du jour — tous les caissiers</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>Pick a line to see what to do.</source>
        <translation>Choisissez une ligne pour voir que faire.</translation>
    </message>
    <message>
        <location line="+33"/>
        <source>No sale matches.</source>
        <translation>Aucune vente ne correspond.</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>No sales yet today.</source>
        <translation>Pas encore de vente aujourd&apos;hui.</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>Reversal</source>
        <translation>Contre-passation</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Partial (only the unspent credit)</source>
        <translation>Partielle (le crédit non utilisé seulement)</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Full</source>
        <translation>Totale</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Taken back</source>
        <translation>Repris</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Refund to customer</source>
        <translation>À rembourser au client</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Reason</source>
        <translation>Motif</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Receipt</source>
        <translation>Reçu</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Time</source>
        <translation>Heure</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Status</source>
        <translation>État</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Number</source>
        <translation>Numéro</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Top-up</source>
        <translation>Recharge</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Amount</source>
        <translation>Montant</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Bonus</source>
        <translation>Bonus</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>none</source>
        <translation>aucun</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Paid</source>
        <translation>Payé</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Cash / change</source>
        <translation>Espèces / monnaie</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Reference</source>
        <translation>Référence</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Server ref</source>
        <translation>Réf. serveur</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Server&apos;s answer</source>
        <translation>Réponse du serveur</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Refused because</source>
        <translation>Refusée car</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Voucher serial</source>
        <translation>N° de série du bon</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Payment</source>
        <translation>Paiement</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Cash</source>
        <translation>Espèces</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Card</source>
        <translation>Carte</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Mobile money</source>
        <translation>Mobile money</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Points</source>
        <translation>Points</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Clerk</source>
        <translation>Caissier</translation>
    </message>
    <message>
        <location line="+22"/>
        <source>Show every clerk&apos;s sales on this till.</source>
        <translation>Afficher les ventes de tous les caissiers sur cette caisse.</translation>
    </message>
    <message>
        <location line="+33"/>
        <source>Sent to the printer.</source>
        <translation>Envoyé à l&apos;imprimante.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The voucher PIN is not printed on a clerk&apos;s copy: ask a manager.</source>
        <translation>Le code PIN du bon n&apos;est pas imprimé sur la copie d&apos;un caissier : demandez à un gérant.</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Cancel sale %1 before it is sent.</source>
        <translation>Annuler la vente %1 avant son envoi.</translation>
    </message>
    <message>
        <source>Reverse sale %1 through the server.</source>
        <translation type="vanished">Contre-passer la vente %1 via le serveur.</translation>
    </message>
    <message>
        <location line="+30"/>
        <source>Reversal sent. The server&apos;s answer shows here as soon as it arrives (Refresh).</source>
        <translation>Contre-passation envoyée. La réponse du serveur s&apos;affiche ici dès son arrivée (Actualiser).</translation>
    </message>
</context>
<context>
    <name>LanguagePage</name>
    <message>
        <location filename="../../pos_app/ui/setup/wizard.py" line="+50"/>
        <source>Welcome to TopUp POS</source>
        <translation>Bienvenue dans TopUp POS</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Choose the language and where this shop is. You can change them later in Settings.</source>
        <translation>Choisissez la langue et le lieu de la boutique. Vous pourrez les changer plus tard dans Paramètres.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Language</source>
        <translation>Langue</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;Language</source>
        <translation>&amp;Langue</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Country</source>
        <translation>Pays</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>&amp;Country</source>
        <translation>&amp;Pays</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Currency</source>
        <translation>Devise</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>C&amp;urrency</source>
        <translation>&amp;Devise</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Time zone</source>
        <translation>Fuseau horaire</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Time zone</source>
        <translation>&amp;Fuseau horaire</translation>
    </message>
</context>
<context>
    <name>LoginScreen</name>
    <message>
        <location filename="../../pos_app/ui/login/screen.py" line="+29"/>
        <location line="+82"/>
        <source>Log in</source>
        <translation>Connexion</translation>
    </message>
    <message>
        <location line="-61"/>
        <source>TopUp POS</source>
        <translation>TopUp POS</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Shop</source>
        <translation>Boutique</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Terminal</source>
        <translation>Terminal</translation>
    </message>
    <message>
        <location line="+2"/>
        <location line="+91"/>
        <source>● Sync not set up</source>
        <translation>● Synchronisation non configurée</translation>
    </message>
    <message>
        <location line="-90"/>
        <source>Connection</source>
        <translation>Connexion</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Type your PIN and press Enter.
F12 locks the till when you step away.</source>
        <translation>Saisissez votre code PIN et appuyez sur Entrée.
F12 verrouille la caisse quand vous vous absentez.</translation>
    </message>
    <message>
        <location line="+18"/>
        <location line="+82"/>
        <source>Who is at the till?</source>
        <translation>Qui est à la caisse ?</translation>
    </message>
    <message>
        <location line="-78"/>
        <source>Clerk</source>
        <translation>Caissier</translation>
    </message>
    <message>
        <location line="+9"/>
        <location line="+3"/>
        <source>PIN</source>
        <translation>Code PIN</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Your 4 to 8 digit PIN, then Enter</source>
        <translation>Votre code PIN de 4 à 8 chiffres, puis Entrée</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>Login message</source>
        <translation>Message de connexion</translation>
    </message>
    <message>
        <location line="+33"/>
        <source>Terminal %1</source>
        <translation>Terminal %1</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>● Online</source>
        <translation>● En ligne</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>● Offline — sales will be queued</source>
        <translation>● Hors ligne — les ventes seront mises en attente</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Locked — type your PIN to go on</source>
        <translation>Verrouillée — saisissez votre code PIN pour continuer</translation>
    </message>
    <message>
        <source>Tap your name first (or use the Up and Down keys).</source>
        <translation type="vanished">Touchez d&apos;abord votre nom (ou utilisez les flèches Haut et Bas).</translation>
    </message>
    <message>
        <location line="+46"/>
        <source>Type your PIN.</source>
        <translation>Saisissez votre code PIN.</translation>
    </message>
    <message>
        <location line="-8"/>
        <location line="+13"/>
        <source>Checking…</source>
        <translation>Vérification…</translation>
    </message>
    <message>
        <location line="-8"/>
        <source>Type your PIN, or tap your name first (or use the Up and Down keys).</source>
        <translation>Tapez votre code, ou touchez d&apos;abord votre nom (ou utilisez les flèches haut et bas).</translation>
    </message>
    <message>
        <location line="+41"/>
        <source>You can try again now.</source>
        <translation>Vous pouvez réessayer maintenant.</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../pos_app/ui/mainwindow.py" line="+79"/>
        <source>TopUp POS</source>
        <translation>TopUp POS</translation>
    </message>
    <message>
        <location line="+83"/>
        <source>TopUp POS — %1 (%2)</source>
        <translation>TopUp POS — %1 (%2)</translation>
    </message>
    <message>
        <location line="+104"/>
        <source>Locked after a while without use.</source>
        <translation>Verrouillée après un moment d&apos;inactivité.</translation>
    </message>
    <message>
        <location line="+24"/>
        <source>&amp;Shift</source>
        <translation>&amp;Poste</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Open shift…</source>
        <translation>Ouvrir le poste…</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Close shift…</source>
        <translation>Clôturer le poste…</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>&amp;Manager</source>
        <translation>&amp;Gérant</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Dashboard and reports…</source>
        <translation>Tableau de bord et rapports…</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Close the day (Z report)…</source>
        <translation>Clôturer la journée (rapport Z)…</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Audit log…</source>
        <translation>Journal d&apos;audit…</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Settings…</source>
        <translation>Paramètres…</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>Settings are for managers. Ask a manager to log in.</source>
        <translation>Les paramètres sont réservés aux gérants. Demandez à un gérant de se connecter.</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>since %1</source>
        <translation>depuis %1</translation>
    </message>
    <message>
        <location line="+24"/>
        <source>Open the manager&apos;s dashboard, reports and audit log.</source>
        <translation>Ouvrir le tableau de bord, les rapports et le journal d&apos;audit du gérant.</translation>
    </message>
    <message>
        <location line="+48"/>
        <source>A sale is being recorded. Close again in a moment.</source>
        <translation>Une vente est en cours d&apos;enregistrement. Fermez à nouveau dans un instant.</translation>
    </message>
</context>
<context>
    <name>ManagerPage</name>
    <message>
        <location filename="../../pos_app/ui/setup/wizard.py" line="+111"/>
        <source>First manager</source>
        <translation>Premier gérant</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The manager logs in with this PIN, adds clerks and closes the day.</source>
        <translation>Le gérant se connecte avec ce code PIN, ajoute les caissiers et clôture la journée.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Manager&apos;s name</source>
        <translation>Nom du gérant</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Name</source>
        <translation>&amp;Nom</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>User name</source>
        <translation>Nom d&apos;utilisateur</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;User name</source>
        <translation>Nom d&apos;&amp;utilisateur</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>PIN</source>
        <translation>Code PIN</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>PIN again</source>
        <translation>Code PIN à nouveau</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>&amp;PIN (4 to 8 digits)</source>
        <translation>Code &amp;PIN (4 à 8 chiffres)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>PIN &amp;again</source>
        <translation>Code PIN à &amp;nouveau</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>PIN check</source>
        <translation>Vérification du code PIN</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>This terminal has a manager already. Fill this in only to add another one.</source>
        <translation>Ce terminal a déjà un gérant. Remplissez ceci seulement pour en ajouter un autre.</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>A PIN is 4 to 8 digits.</source>
        <translation>Un code PIN compte 4 à 8 chiffres.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The two PINs are different.</source>
        <translation>Les deux codes PIN sont différents.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The PINs match.</source>
        <translation>Les codes PIN correspondent.</translation>
    </message>
</context>
<context>
    <name>ManagerScreen</name>
    <message>
        <location filename="../../pos_app/ui/manager/screen.py" line="+28"/>
        <location line="+13"/>
        <source>Manager</source>
        <translation>Gérant</translation>
    </message>
    <message>
        <location line="-5"/>
        <source>Back to sale (Esc)</source>
        <translation>Retour à la vente (Échap)</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Back to sale</source>
        <translation>Retour à la vente</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Refresh</source>
        <translation>Actualiser</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Dashboard</source>
        <translation>Tableau de bord</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Reports</source>
        <translation>Rapports</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Audit log</source>
        <translation>Journal d&apos;audit</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Manager — %1</source>
        <translation>Gérant — %1</translation>
    </message>
</context>
<context>
    <name>NumPad</name>
    <message>
        <location filename="../../pos_app/ui/widgets/numpad.py" line="+19"/>
        <source>Number pad</source>
        <translation>Pavé numérique</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Delete last digit</source>
        <translation>Effacer le dernier chiffre</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>OK</source>
        <translation>OK</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>OK (Enter)</source>
        <translation>OK (Entrée)</translation>
    </message>
</context>
<context>
    <name>PrintJobs</name>
    <message>
        <location filename="../../pos_app/ui/history/print_jobs.py" line="+30"/>
        <source>Did not print</source>
        <translation>Non imprimé</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>May have printed</source>
        <translation>Peut-être imprimé</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Look at the printer. If the receipt printed, press Confirm printed. If not, print a COPY (it says COPY: the first one may still come out).</source>
        <translation>Regardez l&apos;imprimante. Si le reçu est sorti, appuyez sur Confirmer l&apos;impression. Sinon, imprimez une COPIE (elle porte COPIE : le premier peut encore sortir).</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>It never reached the printer, so it prints by itself when the printer answers again. Or press Retry, Re-route it to another printer or a PDF file, or Dismiss it.</source>
        <translation>Il n&apos;a jamais atteint l&apos;imprimante : il s&apos;imprimera tout seul dès qu&apos;elle répondra. Ou appuyez sur Réessayer, envoyez-le vers une autre imprimante ou un fichier PDF, ou abandonnez-le.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Fix the printer (paper, cover, cable), then press Retry; or Re-route it to another printer or a PDF file; or Dismiss it.</source>
        <translation>Réparez l&apos;imprimante (papier, capot, câble), puis appuyez sur Réessayer ; ou envoyez-le vers une autre imprimante ou un fichier PDF ; ou abandonnez-le.</translation>
    </message>
    <message>
        <location line="+26"/>
        <source>Time</source>
        <translation>Heure</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Receipt</source>
        <translation>Reçu</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>State</source>
        <translation>État</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Printer</source>
        <translation>Imprimante</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>What happened</source>
        <translation>Ce qui s&apos;est passé</translation>
    </message>
    <message>
        <location line="+31"/>
        <location line="+4"/>
        <source>Receipts that did not print</source>
        <translation>Reçus non imprimés</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>What to do with this receipt</source>
        <translation>Que faire de ce reçu</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Retry</source>
        <translation>Réessayer</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Print it again on its printer</source>
        <translation>L&apos;imprimer de nouveau sur son imprimante</translation>
    </message>
    <message>
        <location line="+2"/>
        <location line="+55"/>
        <source>Re-route…</source>
        <translation>Rediriger…</translation>
    </message>
    <message>
        <location line="-54"/>
        <source>Print it on another printer or as a PDF file</source>
        <translation>L&apos;imprimer sur une autre imprimante ou en fichier PDF</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Confirm printed</source>
        <translation>Confirmer l&apos;impression</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>It did print</source>
        <translation>Il a bien été imprimé</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Print a COPY</source>
        <translation>Imprimer une COPIE</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Print a COPY instead</source>
        <translation>Imprimer une COPIE à la place</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Dismiss</source>
        <translation>Abandonner</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Give up on this receipt</source>
        <translation>Abandonner ce reçu</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Message</source>
        <translation>Message</translation>
    </message>
    <message>
        <location line="+43"/>
        <source>COPY on another printer…</source>
        <translation>COPIE sur une autre imprimante…</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>Print %1 on another printer</source>
        <translation>Imprimer %1 sur une autre imprimante</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Sent to the printer.</source>
        <translation>Envoyé à l&apos;imprimante.</translation>
    </message>
</context>
<context>
    <name>Printer</name>
    <message>
        <location filename="../../pos_app/ui/widgets/printer_words.py" line="+17"/>
        <source>out of paper: load a new roll</source>
        <translation>plus de papier : mettez un nouveau rouleau</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>cover open: close the cover</source>
        <translation>capot ouvert : fermez le capot</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>printer error: switch the printer off and on</source>
        <translation>erreur d&apos;imprimante : éteignez-la puis rallumez-la</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>printer offline</source>
        <translation>imprimante hors ligne</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Printer ready</source>
        <translation>Imprimante prête</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Printer ready (paper low)</source>
        <translation>Imprimante prête (bientôt plus de papier)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Printer down</source>
        <translation>Imprimante en panne</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Printer status unknown</source>
        <translation>État de l&apos;imprimante inconnu</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Printer connected (it does not report status)</source>
        <translation>Imprimante connectée (elle ne donne pas son état)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Printer connected (this link cannot report status)</source>
        <translation>Imprimante connectée (ce lien ne donne pas d&apos;état)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>PDF folder ready</source>
        <translation>Dossier PDF prêt</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>PDF files</source>
        <translation>fichiers PDF</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Printed</source>
        <translation>Imprimé</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The printer stopped answering after the receipt was sent: check whether it printed.</source>
        <translation>L&apos;imprimante ne répond plus depuis l&apos;envoi du reçu : vérifiez s&apos;il est sorti.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The program stopped while this was printing: check whether it printed.</source>
        <translation>Le programme s&apos;est arrêté pendant l&apos;impression : vérifiez si le reçu est sorti.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Dismissed</source>
        <translation>Abandonné</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Confirmed printed by the clerk</source>
        <translation>Impression confirmée par le caissier</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Printer not reachable: %1</source>
        <translation>Imprimante injoignable : %1</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Cannot write to %1</source>
        <translation>Impossible d&apos;écrire dans %1</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The connection was lost before the whole receipt reached the printer (%1).</source>
        <translation>La connexion a été perdue avant que tout le reçu n&apos;atteigne l&apos;imprimante (%1).</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The connection broke after the receipt was sent: check whether it printed (%1).</source>
        <translation>La connexion a été coupée après l&apos;envoi du reçu : vérifiez s&apos;il est sorti (%1).</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Cannot save the PDF receipt in %1: %2</source>
        <translation>Impossible d&apos;enregistrer le reçu PDF dans %1 : %2</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Reprinted as COPY %1</source>
        <translation>Réimprimé en COPIE %1</translation>
    </message>
    <message numerus="yes">
        <location line="+17"/>
        <source>(gave up after %n tries)</source>
        <translation>
            <numerusform>(abandon après %n essai)</numerusform>
            <numerusform>(abandon après %n essais)</numerusform>
        </translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Printer %1</source>
        <translation>Imprimante : %1</translation>
    </message>
</context>
<context>
    <name>PrinterAddress</name>
    <message>
        <location filename="../../pos_app/ui/widgets/printer_address.py" line="+31"/>
        <source>Printer address</source>
        <translation>Adresse de l&apos;imprimante</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>tcp://HOST:9100, usb://VID:PID, serial:///dev/ttyUSB0, cups://QUEUE, win32://NAME, pdf://DIR</source>
        <translation>tcp://HÔTE:9100, usb://VID:PID, serial:///dev/ttyUSB0, cups://FILE, win32://NOM, pdf://DOSSIER</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Printer &amp;address</source>
        <translation>&amp;Adresse de l&apos;imprimante</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>What is wrong with the address</source>
        <translation>Ce qui ne va pas dans l&apos;adresse</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Type the printer&apos;s address.</source>
        <translation>Tapez l&apos;adresse de l&apos;imprimante.</translation>
    </message>
</context>
<context>
    <name>PrinterPage</name>
    <message>
        <location filename="../../pos_app/ui/setup/wizard.py" line="+22"/>
        <source>Receipt printer</source>
        <translation>Imprimante de reçus</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Until a printer is set, receipts are saved as PDF files. Print a test page to check the printer.</source>
        <translation>Tant qu&apos;aucune imprimante n&apos;est réglée, les reçus sont enregistrés en PDF. Imprimez une page de test pour vérifier l&apos;imprimante.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Printer address</source>
        <translation>Adresse de l&apos;imprimante</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>tcp://HOST:9100, usb://VID:PID, serial:///dev/ttyUSB0, cups://QUEUE, win32://NAME, pdf://DIR</source>
        <translation>tcp://HÔTE:9100, usb://VID:PID, serial:///dev/ttyUSB0, cups://FILE, win32://NOM, pdf://DOSSIER</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Printer &amp;address</source>
        <translation>&amp;Adresse de l&apos;imprimante</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>USB printers found</source>
        <translation>Imprimantes USB trouvées</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>USB printers on this computer:</source>
        <translation>Imprimantes USB sur cet ordinateur :</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;Look for USB printers</source>
        <translation>&amp;Chercher les imprimantes USB</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Look for USB printers</source>
        <translation>Chercher les imprimantes USB</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Use &amp;PDF files</source>
        <translation>Utiliser des fichiers &amp;PDF</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Use PDF files</source>
        <translation>Utiliser des fichiers PDF</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Print a &amp;test page</source>
        <translation>Imprimer une page de &amp;test</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Print a test page</source>
        <translation>Imprimer une page de test</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Printer status</source>
        <translation>État de l&apos;imprimante</translation>
    </message>
    <message>
        <location line="+29"/>
        <source>No USB receipt printer found.</source>
        <translation>Aucune imprimante de reçus USB trouvée.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Printing a test page…</source>
        <translation>Impression d&apos;une page de test…</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Test page sent: %1</source>
        <translation>Page de test envoyée : %1</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The test page did not print: %1</source>
        <translation>La page de test ne s&apos;est pas imprimée : %1</translation>
    </message>
</context>
<context>
    <name>Receipt</name>
    <message>
        <location filename="../../pos_app/ui/widgets/receipt_panel.py" line="+51"/>
        <source>Receipt</source>
        <translation>Reçu</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>It &amp;printed</source>
        <translation>Il est &amp;imprimé</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>The receipt did print</source>
        <translation>Le reçu est bien sorti</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+154"/>
        <source>&amp;Retry</source>
        <translation>&amp;Réessayer</translation>
    </message>
    <message>
        <location line="-154"/>
        <source>Print the receipt again</source>
        <translation>Imprimer le reçu de nouveau</translation>
    </message>
    <message>
        <location line="+2"/>
        <location line="+153"/>
        <source>Print to P&amp;DF</source>
        <translation>Imprimer en P&amp;DF</translation>
    </message>
    <message>
        <location line="-153"/>
        <source>Save the receipt as a PDF file</source>
        <translation>Enregistrer le reçu en fichier PDF</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+153"/>
        <source>&amp;Another printer…</source>
        <translation>&amp;Autre imprimante…</translation>
    </message>
    <message>
        <location line="-153"/>
        <source>Print on another printer</source>
        <translation>Imprimer sur une autre imprimante</translation>
    </message>
    <message>
        <location line="+77"/>
        <source>Print this receipt on another printer</source>
        <translation>Imprimer ce reçu sur une autre imprimante</translation>
    </message>
    <message>
        <location line="+47"/>
        <source>Printing the receipt…</source>
        <translation>Impression du reçu…</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Receipt saved as a PDF file.</source>
        <translation>Reçu enregistré en fichier PDF.</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Receipt printed.</source>
        <translation>Reçu imprimé.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>COPY %1 saved as a PDF file.</source>
        <translation>COPIE %1 enregistrée en fichier PDF.</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>COPY %1 printed.</source>
        <translation>COPIE %1 imprimée.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The receipt may not have printed.</source>
        <translation>Le reçu n&apos;est peut-être pas sorti.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Look at the printer: if it printed, press It printed; if not, print a COPY.</source>
        <translation>Regardez l&apos;imprimante : s&apos;il est sorti, appuyez sur Il est imprimé ; sinon, imprimez une COPIE.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>No receipt for this sale (dismissed).</source>
        <translation>Pas de reçu pour cette vente (abandonné).</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The printer has not answered yet.</source>
        <translation>L&apos;imprimante n&apos;a pas encore répondu.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The receipt did not print.</source>
        <translation>Le reçu n&apos;a pas été imprimé.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The receipt has not printed yet.</source>
        <translation>Le reçu n&apos;est pas encore imprimé.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The sale stands. It prints by itself when the printer answers again, or choose below.</source>
        <translation>La vente est enregistrée. Le reçu s&apos;imprimera tout seul dès que l&apos;imprimante répondra, ou choisissez ci-dessous.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The sale stands. Choose below.</source>
        <translation>La vente est enregistrée. Choisissez ci-dessous.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Print a &amp;COPY</source>
        <translation>Imprimer une &amp;COPIE</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>COPY to P&amp;DF</source>
        <translation>COPIE en P&amp;DF</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>COPY on &amp;another printer…</source>
        <translation>COPIE sur une &amp;autre imprimante…</translation>
    </message>
</context>
<context>
    <name>ReportsView</name>
    <message>
        <location filename="../../pos_app/ui/manager/reports.py" line="+38"/>
        <source>X report (snapshot)</source>
        <translation>Rapport X (instantané)</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Show an X report</source>
        <translation>Afficher un rapport X</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Close the day (Z)…</source>
        <translation>Clôturer la journée (Z)…</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Close the business day</source>
        <translation>Clôturer la journée commerciale</translation>
    </message>
    <message>
        <location line="+3"/>
        <location line="+1"/>
        <source>Carry over unsent sales</source>
        <translation>Reporter les ventes non envoyées</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Save PDF…</source>
        <translation>Enregistrer en PDF…</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Save as PDF</source>
        <translation>Enregistrer en PDF</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Save CSV…</source>
        <translation>Enregistrer en CSV…</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Save as CSV</source>
        <translation>Enregistrer en CSV</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Print slip</source>
        <translation>Imprimer le ticket</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Print the report slip</source>
        <translation>Imprimer le ticket du rapport</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Closed days (Z reports)</source>
        <translation>Journées clôturées (rapports Z)</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Closed days</source>
        <translation>Journées clôturées</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Report</source>
        <translation>Rapport</translation>
    </message>
    <message>
        <location line="+62"/>
        <source>Close the business day with a numbered Z report. It cannot be changed afterwards.</source>
        <translation>Clôturez la journée commerciale par un rapport Z numéroté. Il ne pourra plus être modifié.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Unsent sales will be carried over, and the report will say so.</source>
        <translation>Les ventes non envoyées seront reportées, et le rapport l&apos;indiquera.</translation>
    </message>
    <message numerus="yes">
        <location line="+2"/>
        <source>%n shift(s) still open: %1. Close them first, or close the day anyway.</source>
        <translation>
            <numerusform>%n service encore ouvert : %1. Fermez-le d&apos;abord, ou clôturez la journée quand même.</numerusform>
            <numerusform>%n services encore ouverts : %1. Fermez-les d&apos;abord, ou clôturez la journée quand même.</numerusform>
        </translation>
    </message>
    <message>
        <location line="+10"/>
        <location line="+3"/>
        <location line="+17"/>
        <location line="+2"/>
        <source>Close the day</source>
        <translation>Clôturer la journée</translation>
    </message>
    <message>
        <location line="-1"/>
        <source>Why are unsent sales carried over? (kept in the audit log)</source>
        <translation>Pourquoi reporter les ventes non envoyées ? (gardé dans le journal d&apos;audit)</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Reason</source>
        <translation>Motif</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>Day closed: Z report #%1.</source>
        <translation>Journée clôturée : rapport Z n° %1.</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Tick “Carry over unsent sales” to close anyway.</source>
        <translation>Cochez « Reporter les ventes non envoyées » pour clôturer quand même.</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Save report</source>
        <translation>Enregistrer le rapport</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Saved %1</source>
        <translation>Enregistré : %1</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Slip sent to the printer.</source>
        <translation>Ticket envoyé à l&apos;imprimante.</translation>
    </message>
</context>
<context>
    <name>ReverseDialog</name>
    <message>
        <location filename="../../pos_app/ui/history/reverse_dialog.py" line="+60"/>
        <location line="+1"/>
        <source>Reverse sale</source>
        <translation>Contre-passer la vente</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Reverse sale %1</source>
        <translation>Contre-passer la vente %1</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>%1 of airtime to %2, paid %3.</source>
        <translation>%1 de crédit pour %2, payé %3.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The sale</source>
        <translation>La vente</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Refund policy</source>
        <translation>Politique de remboursement</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Checking the customer&apos;s balance…</source>
        <translation>Vérification du solde du client…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>What the reversal takes back</source>
        <translation>Ce que la contre-passation reprend</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Pick a reason</source>
        <translation>Choisissez un motif</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Reason for the reversal</source>
        <translation>Motif de la contre-passation</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Reason</source>
        <translation>Motif</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>In a few words (kept with the reversal)</source>
        <translation>En quelques mots (conservé avec la contre-passation)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Reason in words</source>
        <translation>Motif en mots</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Details</source>
        <translation>Détails</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Allow a partial reversal: take back only what remains</source>
        <translation>Autoriser une contre-passation partielle : ne reprendre que le reste</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Allow a partial reversal</source>
        <translation>Autoriser une contre-passation partielle</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Manager</source>
        <translation>Gérant</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Second manager</source>
        <translation>Second gérant</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Reversal message</source>
        <translation>Message de contre-passation</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Cancel (Esc)</source>
        <translation>Annuler (Échap)</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Cancel</source>
        <translation>Annuler</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Reverse (Enter)</source>
        <translation>Contre-passer (Entrée)</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Reverse</source>
        <translation>Contre-passer</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>user name</source>
        <translation>nom d&apos;utilisateur</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>PIN</source>
        <translation>Code PIN</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>This till does not hold the sale&apos;s catalog: the server applies its refund policy.</source>
        <translation>Cette caisse n&apos;a pas le catalogue de la vente : le serveur applique sa politique de remboursement.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Can be reversed until %1.</source>
        <translation>Contre-passation possible jusqu&apos;au %1.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Above %1, two different managers approve.</source>
        <translation>Au-delà de %1, deux gérants différents approuvent.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>A manager approves.</source>
        <translation>Un gérant approuve.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Full reversals only.</source>
        <translation>Contre-passations totales uniquement.</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>The customer has already used all of the airtime: it cannot be taken back.</source>
        <translation>Le client a déjà utilisé tout le crédit : il ne peut pas être repris.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>The customer still holds all of it: a full reversal. Refund %1.</source>
        <translation>Le client a encore tout le crédit : contre-passation totale. Remboursez %1.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Partial: %1 of %2 remains. Takes back %1, the %3 bonus and the points of this sale; refund the customer %4 (they keep %5 they used).</source>
        <translation>Partielle : il reste %1 sur %2. Reprend %1, le bonus de %3 et les points de cette vente ; remboursez %4 au client (il garde les %5 utilisés).</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>The refund policy allows full reversals only.</source>
        <translation>La politique de remboursement n&apos;autorise que les contre-passations totales.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>The customer&apos;s balance is not known now. If part of the airtime was used, the server takes back only what remains when a partial reversal is allowed.</source>
        <translation>Le solde du client n&apos;est pas connu pour l&apos;instant. Si une partie du crédit a été utilisée, le serveur ne reprend que le reste quand la contre-passation partielle est autorisée.</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>Pick the reason for the reversal.</source>
        <translation>Choisissez le motif de la contre-passation.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Say why, in a few words.</source>
        <translation>Dites pourquoi, en quelques mots.</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Each manager types their user name and PIN.</source>
        <translation>Chaque gérant saisit son nom d&apos;utilisateur et son code PIN.</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Checking…</source>
        <translation>Vérification…</translation>
    </message>
    <message>
        <location line="+32"/>
        <source>That person is not allowed to approve this. A manager must type their own PIN.</source>
        <translation>Cette personne ne peut pas approuver ceci. Un gérant doit saisir son propre code PIN.</translation>
    </message>
</context>
<context>
    <name>SaleScreen</name>
    <message>
        <location filename="../../pos_app/ui/sale/screen.py" line="+46"/>
        <source>Sale</source>
        <translation>Vente</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/sale/top_bar.py" line="+25"/>
        <source>1 Number</source>
        <translation>1 Numéro</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>2 Amount</source>
        <translation>2 Montant</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>3 Payment</source>
        <translation>3 Paiement</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>4 Confirm</source>
        <translation>4 Confirmation</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Repeat last (F5)</source>
        <translation>Répéter (F5)</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Repeat last top-up</source>
        <translation>Répéter la dernière recharge</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>History (F8)</source>
        <translation>Historique (F8)</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Sales history</source>
        <translation>Historique des ventes</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Lock (F12)</source>
        <translation>Verrou (F12)</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Lock the till / switch clerk</source>
        <translation>Verrouiller la caisse / changer de caissier</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/sale/number_step.py" line="+29"/>
        <location line="+6"/>
        <source>Customer&apos;s phone number</source>
        <translation>Numéro de téléphone du client</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Type the number, national or international, then Enter</source>
        <translation>Saisissez le numéro, national ou international, puis Entrée</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Number check</source>
        <translation>Vérification du numéro</translation>
    </message>
    <message>
        <location line="+3"/>
        <location line="+2"/>
        <location filename="../../pos_app/ui/sale/side_panel.py" line="+67"/>
        <source>Network</source>
        <translation>Réseau</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Network hint</source>
        <translation>Indication du réseau</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Next (Enter)</source>
        <translation>Suivant (Entrée)</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Next: amount</source>
        <translation>Suivant : montant</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/sale/amount_step.py" line="+37"/>
        <location line="+11"/>
        <location line="+33"/>
        <location filename="../../pos_app/ui/sale/confirm_step.py" line="+43"/>
        <location filename="../../pos_app/ui/sale/side_panel.py" line="+1"/>
        <source>Amount</source>
        <translation>Montant</translation>
    </message>
    <message>
        <location line="-41"/>
        <location filename="../../pos_app/ui/sale/side_panel.py" line="+0"/>
        <source>Product</source>
        <translation>Produit</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Type the top-up amount, then Enter</source>
        <translation>Saisissez le montant de la recharge, puis Entrée</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Amount rules</source>
        <translation>Règles de montant</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Promotion bonus</source>
        <translation>Bonus de promotion</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/sale/confirm_step.py" line="+2"/>
        <location filename="../../pos_app/ui/sale/payment_step.py" line="+33"/>
        <location filename="../../pos_app/ui/sale/side_panel.py" line="+2"/>
        <source>Payment</source>
        <translation>Paiement</translation>
    </message>
    <message>
        <location line="-1"/>
        <location filename="../../pos_app/ui/sale/payment_step.py" line="+4"/>
        <source>Customer pays</source>
        <translation>Le client paie</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/sale/payment_step.py" line="+4"/>
        <source>Payment method</source>
        <translation>Mode de paiement</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/sale/words.py" line="+17"/>
        <source>Cash</source>
        <translation>Espèces</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Card</source>
        <translation>Carte</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Mobile money</source>
        <translation>Mobile money</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Points</source>
        <translation>Points</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/sale/payment_step.py" line="+11"/>
        <location line="+5"/>
        <source>Cash handed over</source>
        <translation>Espèces remises</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Type the cash received, then Enter</source>
        <translation>Saisissez les espèces reçues, puis Entrée</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Cash check</source>
        <translation>Vérification des espèces</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Change to give</source>
        <translation>Monnaie à rendre</translation>
    </message>
    <message>
        <location line="+7"/>
        <location line="+5"/>
        <source>Payment reference</source>
        <translation>Référence du paiement</translation>
    </message>
    <message>
        <location line="-1"/>
        <source>From the card slip or the mobile-money SMS</source>
        <translation>Sur le ticket de carte ou le SMS de mobile money</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Reference check</source>
        <translation>Vérification de la référence</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Points to take</source>
        <translation>Points à prendre</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Points this sale takes</source>
        <translation>Points que prend cette vente</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Press Enter to pay with points</source>
        <translation>Appuyez sur Entrée pour payer avec les points</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>The customer&apos;s points</source>
        <translation>Les points du client</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Points check</source>
        <translation>Vérification des points</translation>
    </message>
    <message>
        <location line="+83"/>
        <source>%1 points</source>
        <translation>%1 points</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The customer has %1 points</source>
        <translation>Le client a %1 points</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The customer&apos;s points are not known here yet</source>
        <translation>Les points du client ne sont pas encore connus ici</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>(as of %1)</source>
        <translation>(à %1)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>1 point = %1</source>
        <translation>1 point = %1</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Offline: points can pay at most %1 points now.</source>
        <translation>Hors ligne : les points peuvent payer au plus %1 points maintenant.</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/sale/confirm_step.py" line="-22"/>
        <source>Read the number back to the customer</source>
        <translation>Relisez le numéro au client</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Customer&apos;s number, to read back</source>
        <translation>Numéro du client, à relire</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>International form</source>
        <translation>Format international</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Top-up</source>
        <translation>Recharge</translation>
    </message>
    <message>
        <location line="+1"/>
        <location filename="../../pos_app/ui/sale/customer_panel.py" line="+264"/>
        <location filename="../../pos_app/ui/sale/side_panel.py" line="-1"/>
        <source>Bonus</source>
        <translation>Bonus</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Back (Esc)</source>
        <translation>Retour (Échap)</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Back to payment</source>
        <translation>Retour au paiement</translation>
    </message>
    <message>
        <location line="+7"/>
        <location line="+31"/>
        <source>Confirm sale (Enter)</source>
        <translation>Confirmer la vente (Entrée)</translation>
    </message>
    <message>
        <location line="-31"/>
        <source>Confirm sale</source>
        <translation>Confirmer la vente</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/sale/result_step.py" line="+51"/>
        <source>Sale result</source>
        <translation>Résultat de la vente</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>What happened</source>
        <translation>Ce qui s&apos;est passé</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>What it means for the customer</source>
        <translation>Ce que cela signifie pour le client</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Cash to give back</source>
        <translation>Espèces à rendre</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Voucher PIN</source>
        <translation>Code PIN du bon</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Receipt</source>
        <translation>Reçu</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Next customer (Enter)</source>
        <translation>Client suivant (Entrée)</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Next customer</source>
        <translation>Client suivant</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/sale/side_panel.py" line="-5"/>
        <source>This sale</source>
        <translation>Cette vente</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Number</source>
        <translation>Numéro</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>To pay</source>
        <translation>À payer</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/sale/screen.py" line="+284"/>
        <source>The till could not tell whether this sale was saved (%1). Check History (F8) before selling it again.</source>
        <translation>La caisse ne sait pas si cette vente a été enregistrée (%1). Vérifiez l&apos;historique (F8) avant de la revendre.</translation>
    </message>
    <message numerus="yes">
        <location filename="../../pos_app/ui/sale/number_step.py" line="+93"/>
        <source>Keep typing… (%n digits)</source>
        <translation>
            <numerusform>Continuez… (%n chiffre)</numerusform>
            <numerusform>Continuez… (%n chiffres)</numerusform>
        </translation>
    </message>
    <message>
        <location line="-12"/>
        <source>✓ %1</source>
        <translation>✓ %1</translation>
    </message>
    <message>
        <location line="-49"/>
        <source>Letters are not allowed in a phone number: “%1” left out, the digits kept. Check the number with the customer.</source>
        <translation>Les lettres ne sont pas acceptées dans un numéro : « %1 » retiré, les chiffres gardés. Vérifiez le numéro avec le client.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>“%1” is not a digit: type digits only (spaces and dashes are fine).</source>
        <translation>« %1 » n&apos;est pas un chiffre : tapez seulement des chiffres (espaces et tirets acceptés).</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>e.g. %1</source>
        <translation>ex. %1</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>National or international form.</source>
        <translation>Format national ou international.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>National (%1) or international (%2).</source>
        <translation>National (%1) ou international (%2).</translation>
    </message>
    <message numerus="yes">
        <location line="+23"/>
        <source>Keep typing… %n of %1 digits</source>
        <translation>
            <numerusform>Continuez… %n chiffre sur %1</numerusform>
            <numerusform>Continuez… %n chiffres sur %1</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+3"/>
        <source>%n digits typed: a number here has %1. Check it with the customer.</source>
        <translation>
            <numerusform>%n chiffre tapé : un numéro ici en a %1. Vérifiez-le avec le client.</numerusform>
            <numerusform>%n chiffres tapés : un numéro ici en a %1. Vérifiez-le avec le client.</numerusform>
        </translation>
    </message>
    <message>
        <location line="+15"/>
        <source>Suggested from the number. Numbers move between networks: tap another if the customer says so.</source>
        <translation>Suggéré d&apos;après le numéro. Les numéros changent de réseau : touchez-en un autre si le client le dit.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Chosen by you.</source>
        <translation>Choisi par vous.</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/sale/amount_step.py" line="+18"/>
        <source>Amount — %1</source>
        <translation>Montant — %1</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Nothing to sell for this network right now.</source>
        <translation>Rien à vendre pour ce réseau en ce moment.</translation>
    </message>
    <message>
        <location line="-61"/>
        <source>%1
any amount</source>
        <translation>%1
montant libre</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>%1
PIN voucher</source>
        <translation>%1
bon à code PIN</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>%1
fixed amounts</source>
        <translation>%1
montants fixes</translation>
    </message>
    <message>
        <location line="+91"/>
        <source>Any amount from %1 to %2, in steps of %3.</source>
        <translation>Tout montant de %1 à %2, par pas de %3.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Tap an amount, or type it and press Enter.</source>
        <translation>Touchez un montant, ou saisissez-le et appuyez sur Entrée.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Top up %1</source>
        <translation>Recharger %1</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Bonus +%1 — %2</source>
        <translation>Bonus +%1 — %2</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/sale/payment_step.py" line="+15"/>
        <source>To pay %1</source>
        <translation>À payer %1</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Exact</source>
        <translation>Exact</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Cash handed over: %1</source>
        <translation>Espèces remises : %1</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>%1 short</source>
        <translation>Il manque %1</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Change %1</source>
        <translation>Monnaie %1</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/sale/confirm_step.py" line="+15"/>
        <location filename="../../pos_app/ui/sale/side_panel.py" line="+46"/>
        <source>none</source>
        <translation>aucun</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Cash %1 · change %2</source>
        <translation>Espèces %1 · monnaie %2</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>%1 · ref %2</source>
        <translation>%1 · réf. %2</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Recording…</source>
        <translation>Enregistrement…</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/sale/result_step.py" line="+57"/>
        <source>✓ SUCCESS</source>
        <translation>✓ RÉUSSIE</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>%1 sent to %2.</source>
        <translation>%1 envoyé au %2.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The network confirmed it. Reference: %1</source>
        <translation>Le réseau l&apos;a confirmée. Référence : %1</translation>
    </message>
    <message>
        <location line="+2"/>
        <location line="+30"/>
        <source>Give change: %1</source>
        <translation>Rendez la monnaie : %1</translation>
    </message>
    <message>
        <location line="-27"/>
        <source>✕ REJECTED</source>
        <translation>✕ REFUSÉE</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The top-up was refused. Nothing was charged.</source>
        <translation>La recharge a été refusée. Rien n&apos;a été débité.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>No reason given.</source>
        <translation>Aucun motif donné.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Reason: %1</source>
        <translation>Motif : %1</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Give back %1</source>
        <translation>Rendez %1</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Refund the %1 payment.</source>
        <translation>Remboursez le paiement %1.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The customer&apos;s points were not used. Take another payment.</source>
        <translation>Les points du client n&apos;ont pas été utilisés. Prenez un autre paiement.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>⚠ DISPUTED</source>
        <translation>⚠ CONTESTÉE</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The server already has this sale under another record.</source>
        <translation>Le serveur a déjà cette vente sous un autre enregistrement.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Server&apos;s answer: %1</source>
        <translation>Réponse du serveur : %1</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Do not sell it again and do not give money back yet. Call your manager: they settle it in History → Needs attention, where the server&apos;s record decides.</source>
        <translation>Ne la vendez pas une deuxième fois et ne rendez pas encore l&apos;argent. Appelez votre responsable : il la règle dans Historique → À surveiller, où l&apos;enregistrement du serveur fait foi.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>PENDING</source>
        <translation>EN ATTENTE</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Recorded on this till. Not confirmed by the network yet.</source>
        <translation>Enregistrée sur cette caisse. Pas encore confirmée par le réseau.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The till sends it by itself as soon as it can reach the server. Tell the customer the airtime should arrive shortly; the receipt says PENDING. Do not sell it again — if it fails, it shows in History under Needs attention.</source>
        <translation>La caisse l&apos;envoie d&apos;elle-même dès qu&apos;elle joint le serveur. Dites au client que le crédit devrait arriver bientôt ; le reçu indique EN ATTENTE. Ne la revendez pas — en cas d&apos;échec, elle apparaît dans l&apos;historique sous À surveiller.</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>PIN %1   serial %2</source>
        <translation>PIN %1   série %2</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Receipt %1 · %2 · %3 · %4</source>
        <translation>Reçu %1 · %2 · %3 · %4</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/sale/top_bar.py" line="+15"/>
        <source>Sell again: %1 to %2</source>
        <translation>Revendre : %1 au %2</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/sale/screen.py" line="-40"/>
        <source>Repeating the last top-up: check the number with the customer.</source>
        <translation>Répétition de la dernière recharge : vérifiez le numéro avec le client.</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/sale/customer_panel.py" line="-204"/>
        <location line="+14"/>
        <source>Customer</source>
        <translation>Client</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Customer details state</source>
        <translation>État des informations client</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Balances, in the order they are used</source>
        <translation>Soldes, dans l&apos;ordre où ils sont utilisés</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Usage in the last 7 days</source>
        <translation>Consommation des 7 derniers jours</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Loyalty tier and points</source>
        <translation>Niveau de fidélité et points</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Progress to the next tier</source>
        <translation>Progression vers le niveau suivant</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>What the next tier needs</source>
        <translation>Ce qu&apos;il faut pour le niveau suivant</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Points or bonus about to expire</source>
        <translation>Points ou bonus qui vont expirer</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Offers for this customer</source>
        <translation>Offres pour ce client</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Suggested amount</source>
        <translation>Montant suggéré</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Repeat the customer&apos;s last top-up</source>
        <translation>Refaire la dernière recharge du client</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>When the customer usually tops up next</source>
        <translation>Quand le client recharge d&apos;habitude la prochaine fois</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Last top-ups</source>
        <translation>Dernières recharges</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>SMS top-up reminders</source>
        <translation>Rappels de recharge par SMS</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The customer agrees to top-up reminders by SMS</source>
        <translation>Le client accepte les rappels de recharge par SMS</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Who recorded the consent, and when</source>
        <translation>Qui a enregistré le consentement, et quand</translation>
    </message>
    <message>
        <location line="+23"/>
        <location line="+107"/>
        <source>Looking up…</source>
        <translation>Recherche…</translation>
    </message>
    <message>
        <location line="-55"/>
        <source>Type a number to see the customer</source>
        <translation>Saisissez un numéro pour voir le client</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>not asked yet</source>
        <translation>pas encore demandé</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>agreed %1 · %2</source>
        <translation>accepté le %1 · %2</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>withdrawn %1 · %2</source>
        <translation>retiré le %1 · %2</translation>
    </message>
    <message>
        <location line="+28"/>
        <source>Up to date</source>
        <translation>À jour</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>as of %1</source>
        <translation>au %1</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>New customer: never topped up with us</source>
        <translation>Nouveau client : jamais rechargé chez nous</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Customer details need the server</source>
        <translation>Les informations client demandent le serveur</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Main</source>
        <translation>Principal</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>expires %1</source>
        <translation>expire le %1</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>%1 · %2 points (%3)</source>
        <translation>%1 · %2 points (%3)</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>%1 to %2 · cycle ends %3</source>
        <translation>%1 avant %2 · fin du cycle le %3</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Top tier · cycle ends %1</source>
        <translation>Niveau le plus haut · fin du cycle le %1</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>%1 points expire on %2</source>
        <translation>%1 points expirent le %2</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>Repeat %1</source>
        <translation>Refaire %1</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Next top-up around %1</source>
        <translation>Prochaine recharge vers le %1</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>another shop</source>
        <translation>autre boutique</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>reversed</source>
        <translation>annulée</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>At this till:</source>
        <translation>À cette caisse :</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/sale/offer_words.py" line="+14"/>
        <source>Welcome bonus</source>
        <translation>Bonus de bienvenue</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Welcome back</source>
        <translation>Bon retour parmi nous</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>%1 bonus</source>
        <translation>Bonus %1</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Top-up no. %1 in %2 days</source>
        <translation>Recharge n° %1 en %2 jours</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/sale/customer_panel.py" line="+8"/>
        <source>%1 min</source>
        <translation>%1 min</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>%1 MB</source>
        <translation>%1 Mo</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>voice</source>
        <translation>appels</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>data</source>
        <translation>données</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>SMS</source>
        <translation>SMS</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>bundle</source>
        <translation>forfait</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>no usage</source>
        <translation>aucune consommation</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Last %1 days: %2</source>
        <translation>%1 derniers jours : %2</translation>
    </message>
</context>
<context>
    <name>ServerPage</name>
    <message>
        <location filename="../../pos_app/ui/setup/wizard.py" line="-216"/>
        <source>Prepaid server</source>
        <translation>Serveur prépayé</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Type the server address and the enrollment code the server&apos;s administrator gave you (pos-server issue-code).</source>
        <translation>Saisissez l&apos;adresse du serveur et le code d&apos;enrôlement donné par l&apos;administrateur du serveur (pos-server issue-code).</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Server address</source>
        <translation>Adresse du serveur</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Server &amp;address</source>
        <translation>&amp;Adresse du serveur</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Enrollment code</source>
        <translation>Code d&apos;enrôlement</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Enrollment &amp;code</source>
        <translation>&amp;Code d&apos;enrôlement</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Name of this till</source>
        <translation>Nom de cette caisse</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Name of this till</source>
        <translation>&amp;Nom de cette caisse</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;Enroll now</source>
        <translation>&amp;Enrôler maintenant</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Enroll now</source>
        <translation>Enrôler maintenant</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Enrollment status</source>
        <translation>État de l&apos;enrôlement</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Set up without a server for now (enroll later with pos-admin enroll)</source>
        <translation>Configurer sans serveur pour l&apos;instant (enrôler plus tard avec pos-admin enroll)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Set up without a server</source>
        <translation>Configurer sans serveur</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>This till is enrolled as %1 with %2.</source>
        <translation>Cette caisse est enrôlée sous %1 auprès de %2.</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Enrolling…</source>
        <translation>Enrôlement…</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>The catalog will be fetched later: %1</source>
        <translation>Le catalogue sera téléchargé plus tard : %1</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <location filename="../../pos_app/ui/settings_dialog/__init__.py" line="+28"/>
        <source>The new language shows after the app is started again.</source>
        <translation>La nouvelle langue s&apos;affichera au prochain démarrage de l&apos;application.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The next receipt prints on %1.</source>
        <translation>Le prochain reçu s&apos;imprime sur %1.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>PDF files</source>
        <translation>des fichiers PDF</translation>
    </message>
    <message>
        <location filename="../../pos_app/ui/settings_dialog/dialog.py" line="+34"/>
        <source>Settings</source>
        <translation>Paramètres</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Settings pages</source>
        <translation>Pages des paramètres</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Message</source>
        <translation>Message</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Save settings</source>
        <translation>Enregistrer les paramètres</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Language</source>
        <translation>Langue</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>&amp;Language</source>
        <translation>&amp;Langue</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>A new language shows after the app is started again.</source>
        <translation>Une nouvelle langue s&apos;affiche au prochain démarrage de l&apos;application.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Lock after seconds without use</source>
        <translation>Verrouiller après des secondes d&apos;inactivité</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Never</source>
        <translation>Jamais</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Lock after (&amp;seconds without use)</source>
        <translation>Verrouiller après (&amp;secondes d&apos;inactivité)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Show the number pad on the sale screen</source>
        <translation>Afficher le pavé numérique sur l&apos;écran de vente</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Show the number pad</source>
        <translation>Afficher le pavé numérique</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>This till</source>
        <translation>Cette caisse</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Shop name</source>
        <translation>Nom de la boutique</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Shop &amp;name</source>
        <translation>&amp;Nom de la boutique</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Shop address</source>
        <translation>Adresse de la boutique</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Address</source>
        <translation>&amp;Adresse</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Receipt footer</source>
        <translation>Pied de reçu</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Receipt &amp;footer</source>
        <translation>&amp;Pied de reçu</translation>
    </message>
    <message>
        <location line="+2"/>
        <location line="+1"/>
        <source>Terminal</source>
        <translation>Terminal</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Run &amp;setup again…</source>
        <translation>Relancer la &amp;configuration…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Run setup again</source>
        <translation>Relancer la configuration</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Only an administrator can change the shop&apos;s settings.</source>
        <translation>Seul un administrateur peut modifier les paramètres de la boutique.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Shop</source>
        <translation>Boutique</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Printer address</source>
        <translation>Adresse de l&apos;imprimante</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>empty: PDF files in the data folder</source>
        <translation>vide : fichiers PDF dans le dossier de données</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Printer &amp;address</source>
        <translation>&amp;Adresse de l&apos;imprimante</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>What is wrong with the printer address</source>
        <translation>Ce qui ne va pas dans l&apos;adresse de l&apos;imprimante</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Open the cash drawer for cash sales</source>
        <translation>Ouvrir le tiroir-caisse pour les ventes en espèces</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Open the cash drawer</source>
        <translation>Ouvrir le tiroir-caisse</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Only an administrator can change the printer.</source>
        <translation>Seul un administrateur peut changer l&apos;imprimante.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Who may change the printer</source>
        <translation>Qui peut changer l&apos;imprimante</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>A new printer is used from the next receipt on; no restart is needed.</source>
        <translation>Une nouvelle imprimante sert dès le prochain reçu ; pas besoin de redémarrer.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Printer</source>
        <translation>Imprimante</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Back up the database every day</source>
        <translation>Sauvegarder la base de données chaque jour</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Daily backup</source>
        <translation>Sauvegarde quotidienne</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Backups to keep</source>
        <translation>Sauvegardes à conserver</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Backups to &amp;keep</source>
        <translation>Sauvegardes à &amp;conserver</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Back up now</source>
        <translation>&amp;Sauvegarder maintenant</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Back up now</source>
        <translation>Sauvegarder maintenant</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Last backup</source>
        <translation>Dernière sauvegarde</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Backups</source>
        <translation>Sauvegardes</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>Newest backup: %1</source>
        <translation>Sauvegarde la plus récente : %1</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>No backup yet.</source>
        <translation>Pas encore de sauvegarde.</translation>
    </message>
    <message>
        <location line="+54"/>
        <source>Backup written: %1</source>
        <translation>Sauvegarde écrite : %1</translation>
    </message>
</context>
<context>
    <name>SetupWizard</name>
    <message>
        <location filename="../../pos_app/ui/setup/wizard.py" line="+218"/>
        <source>TopUp POS — setup</source>
        <translation>TopUp POS — configuration</translation>
    </message>
    <message>
        <location line="+73"/>
        <source>Saving…</source>
        <translation>Enregistrement…</translation>
    </message>
</context>
<context>
    <name>ShiftCloseDialog</name>
    <message>
        <location filename="../../pos_app/ui/manager/shift.py" line="-26"/>
        <source>Cash</source>
        <translation>Espèces</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Card</source>
        <translation>Carte</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Mobile money</source>
        <translation>Mobile money</translation>
    </message>
    <message>
        <location line="+102"/>
        <location line="+1"/>
        <location line="+9"/>
        <location line="+36"/>
        <source>Close shift</source>
        <translation>Clôturer le poste</translation>
    </message>
    <message>
        <location line="-28"/>
        <source>total on the slip / statement</source>
        <translation>total sur le ticket / relevé</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+2"/>
        <source>%1 counted</source>
        <translation>%1 compté</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Method</source>
        <translation>Mode</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Expected</source>
        <translation>Attendu</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Counted</source>
        <translation>Compté</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Variance</source>
        <translation>Écart</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Message</source>
        <translation>Message</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Cancel (Esc)</source>
        <translation>Annuler (Échap)</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Cancel</source>
        <translation>Annuler</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>Close shift of %1 — %2 sales</source>
        <translation>Clôture du poste de %1 — %2 ventes</translation>
    </message>
    <message>
        <location line="+30"/>
        <source>Off by more than %1: a manager will have to approve.</source>
        <translation>Écart de plus de %1 : un gérant devra approuver.</translation>
    </message>
    <message>
        <location line="+34"/>
        <source>Close this shift with the count as it is.</source>
        <translation>Clôturer ce poste avec le comptage tel quel.</translation>
    </message>
</context>
<context>
    <name>ShiftOpenDialog</name>
    <message>
        <location line="-181"/>
        <location line="+19"/>
        <source>Open shift</source>
        <translation>Ouvrir le poste</translation>
    </message>
    <message>
        <location line="-16"/>
        <source>Count the cash in the drawer</source>
        <translation>Comptez les espèces du tiroir</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Opening cash</source>
        <translation>Fonds de caisse</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Message</source>
        <translation>Message</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Cancel (Esc)</source>
        <translation>Annuler (Échap)</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Cancel</source>
        <translation>Annuler</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Opening cash: %1</source>
        <translation>Fonds de caisse : %1</translation>
    </message>
</context>
<context>
    <name>ShopAlerts</name>
    <message>
        <location filename="../../pos_app/ui/history/shop_alerts.py" line="+26"/>
        <source>Same number again</source>
        <translation>Même numéro encore</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Daily cap passed</source>
        <translation>Plafond journalier dépassé</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Unusual amount</source>
        <translation>Montant inhabituel</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Customer&apos;s balance is low</source>
        <translation>Solde du client bas</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Customer&apos;s usage spiked</source>
        <translation>Consommation du client en forte hausse</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Low float</source>
        <translation>Float bas</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Low float: float and offline allowance (%1) cover about %2 hours of this shop&apos;s typical sales (%3 an hour; the warning starts below %4 hours). Top up about %5.</source>
        <translation>Float bas : le float et l&apos;allocation hors ligne (%1) couvrent environ %2 heures des ventes habituelles de cette boutique (%3 par heure ; l&apos;alerte commence sous %4 heures). Rechargez environ %5.</translation>
    </message>
    <message>
        <location line="+29"/>
        <source>Time</source>
        <translation>Heure</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Alert</source>
        <translation>Alerte</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Number</source>
        <translation>Numéro</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Why</source>
        <translation>Pourquoi</translation>
    </message>
    <message>
        <location line="+32"/>
        <source>From the server</source>
        <translation>Du serveur</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>When the server said so</source>
        <translation>Quand le serveur l&apos;a signalé</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Low float warning</source>
        <translation>Alerte de float bas</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Alerts from the server</source>
        <translation>Alertes du serveur</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Acknowledge</source>
        <translation>Prendre acte</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>A manager has seen this alert</source>
        <translation>Un responsable a vu cette alerte</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Message</source>
        <translation>Message</translation>
    </message>
    <message>
        <location line="+35"/>
        <source>as of %1</source>
        <translation>à %1</translation>
    </message>
    <message>
        <location line="+26"/>
        <source>Acknowledged: the server has recorded it.</source>
        <translation>Pris acte : le serveur l’a enregistré.</translation>
    </message>
</context>
<context>
    <name>ShopPage</name>
    <message>
        <location filename="../../pos_app/ui/setup/wizard.py" line="-116"/>
        <source>The shop</source>
        <translation>La boutique</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The shop&apos;s name and address are printed at the top of every receipt.</source>
        <translation>Le nom et l&apos;adresse de la boutique sont imprimés en haut de chaque reçu.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Shop name</source>
        <translation>Nom de la boutique</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Shop &amp;name</source>
        <translation>&amp;Nom de la boutique</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Shop address</source>
        <translation>Adresse de la boutique</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;Address</source>
        <translation>&amp;Adresse</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Setup status</source>
        <translation>État de la configuration</translation>
    </message>
</context>
<context>
    <name>StatusBar</name>
    <message>
        <location filename="../../pos_app/ui/status.py" line="+83"/>
        <source>Connection</source>
        <translation>Connexion</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Queued sales</source>
        <translation>Ventes en attente</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Float available</source>
        <translation>Float disponible</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Offline allowance left</source>
        <translation>Réserve hors ligne restante</translation>
    </message>
    <message>
        <location line="-30"/>
        <location line="+31"/>
        <source>Printer</source>
        <translation>Imprimante</translation>
    </message>
    <message>
        <location line="-38"/>
        <source>Receipts: PDF files</source>
        <translation>Reçus : fichiers PDF</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>No receipt printer is set: receipts are saved as PDF files.</source>
        <translation>Aucune imprimante de reçus n&apos;est réglée : les reçus sont enregistrés en fichiers PDF.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Printer ready</source>
        <translation>Imprimante prête</translation>
    </message>
    <message>
        <location line="+29"/>
        <source>Can sell up to</source>
        <translation>Peut encore vendre</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Clerk</source>
        <translation>Caissier</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Shift</source>
        <translation>Poste</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Time</source>
        <translation>Heure</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>● Sync not set up</source>
        <translation>● Synchronisation non configurée</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>● Online</source>
        <translation>● En ligne</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>synced %1</source>
        <translation>synchronisé %1</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>● Offline</source>
        <translation>● Hors ligne</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>last sync %1</source>
        <translation>dernière synchro %1</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Queued: %1</source>
        <translation>En attente : %1</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Float: %1</source>
        <translation>Float : %1</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Offline limit: %1</source>
        <translation>Limite hors ligne : %1</translation>
    </message>
    <message>
        <location line="-83"/>
        <location line="+11"/>
        <source>Printer: %1</source>
        <translation>Imprimante : %1</translation>
    </message>
    <message>
        <location line="-11"/>
        <source>none</source>
        <translation>aucun</translation>
    </message>
    <message>
        <location line="+90"/>
        <source>Can sell up to %1</source>
        <translation>Peut vendre jusqu&apos;à %1</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Online, a sale uses this till&apos;s offline allowance first, then the float; offline, only the allowance.</source>
        <translation>En ligne, une vente utilise d&apos;abord la réserve hors ligne de cette caisse, puis le float ; hors ligne, seulement la réserve.</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Clerk: %1</source>
        <translation>Caissier : %1</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Locked</source>
        <translation>Verrouillée</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Shift: %1</source>
        <translation>Poste : %1</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>No shift open</source>
        <translation>Aucun poste ouvert</translation>
    </message>
</context>
</TS>
