// Removal wording of soft-404 and "content removed" pages, in the languages of the big platforms.
// Each sentence says that THIS item is gone ("this video has been removed"), not that something
// somewhere was removed, so that live pages that talk about removals do not match.
import { label, phrase, SEP } from './marker.ts';
import type { Marker } from './marker.ts';

export type { Marker, MarkerForm } from './marker.ts';
export { LEGAL_MARKERS, CHALLENGE_MARKERS, LOGIN_MARKERS, PRIVATE_MARKERS, AGE_MARKERS } from './gate-markers.ts';

const N_EN = 'video|page|post|content|file|folder|album|gallery|image|photo|picture|clip|movie|item|upload|link|thread|topic|tweet|story|reel|listing|media|paste|document|article|entry|comment|message|stream';
const WHO_EN = String.raw`(?: you (?:requested|are looking for|were looking for|tried to (?:access|reach|view|open))| requested)?`;
const N_ES = String.raw`v[ií]deo|p[áa]gina|contenido|archivo|fichero|publicaci[óo]n|post|imagen|foto|[áa]lbum|enlace|mensaje|tema|hilo|art[íi]culo|galer[íi]a`;
const WHO_ES = String.raw`(?: que (?:buscas|busca|est[áa]s buscando|solicitaste|has solicitado|ha solicitado|intentas ver))?`;
const N_PT = String.raw`v[íi]deo|p[áa]gina|conte[úu]do|arquivo|ficheiro|publica[çc][ãa]o|post|postagem|imagem|foto|[áa]lbum|link|mensagem|t[óo]pico|galeria`;
const WHO_PT = String.raw`(?: que (?:voc[êe] )?(?:procura|est[áa] procurando|solicitou|tentou acessar))?`;
const N_FR = String.raw`vid[ée]o|page|publication|photo|image|contenu|fichier|album|galerie|lien|message|post|sujet|article`;
const WHO_FR = String.raw`(?: que vous (?:recherchez|cherchez|avez demand[ée]e?)| demand[ée]e?)?`;
const N_DE = 'video|seite|inhalt|datei|beitrag|bild|foto|album|galerie|link|post|thema|artikel|clip|film';
const ADJ_DE = String.raw`(?: (?:angeforderte|gesuchte|aufgerufene|gew[üu]nschte))?`;
const N_RU = 'видео(?:запись)?|ролик|страниц[аы]|запись|пост|публикаци[яи]|файл|фото(?:графия)?|изображение|картинк[аи]|контент|материал|альбом|сообщение|тема|статья|галерея';
const N_AR = '(?:ال)?(?:فيديو|مقطع|صفحة|منشور|محتوى|ملف|صورة|تغريدة|رابط|مشاركة)';
const N_IT = "video|pagina|contenuto|file|post|immagine|foto|album|galleria|link|messaggio|discussione|articolo";
const N_NL = 'video|pagina|bericht|bestand|inhoud|content|afbeelding|foto|album|galerij|link|post|onderwerp|artikel';
const N_PL = String.raw`film(?:ik)?|wideo|plik|post|wpis|materia[łl]|zdj[ęe]cie|album|strona|tre[śs][ćc]|galeria|link|wiadomo[śs][ćc]|temat|artyku[łl]`;
const N_TR = String.raw`video|sayfa|[iİıI][çc]eri[kğg]|dosya|g[öo]nderi|payla[şs][ıi]m|foto[ğg]raf|resim|g[öo]rsel|alb[üu]m|ba[ğg]lant[ıi]|mesaj|konu`;
const N_JA = '動画|ページ|投稿|ファイル|コンテンツ|画像|記事|ツイート|ポスト|アルバム';
// "was removed from another site, watch it here" tells of a removal elsewhere, not of this page's.
const NOT_ELSEWHERE_EN = String.raw`(?! (?:from|on|at) (?:another|other|a different|some other|the other|that other|an other)(?![\p{L}])| elsewhere| by mistake| and (?:re-?uploaded|restored|reposted))`;
// "not available in ..." / "... right now" is a regional or temporary notice, not a removal.
const NOT_REGIONAL_EN = String.raw`(?! (?:in|on|to|for|right now|at the moment|at this time|temporarily|yet|until|currently))`;

export const REMOVAL_MARKERS: readonly Marker[] = [
  // English
  phrase('en.this-removed', 'en', `this (?:${N_EN}|account|profile|channel) (?:has been|had been|has now been|was|is|got) (?:permanently |already )?(?:removed|deleted|taken down|disabled|pulled)${NOT_ELSEWHERE_EN}`),
  phrase('en.no-longer-available', 'en', `(?:this|the) (?:${N_EN})${WHO_EN} (?:is no longer |is not |isn't |is un|has become un|is no more )available${NOT_REGIONAL_EN}`),
  phrase('en.does-not-exist', 'en', `(?:this|the) (?:${N_EN})${WHO_EN} (?:does not|doesn't|did not|no longer|does no longer) exists?`),
  phrase('en.not-found', 'en', `(?:this|the|that)(?: requested)? (?:${N_EN}|url|resource)${WHO_EN} (?:could not|couldn't|cannot|can't|can not|was not|wasn't) (?:be )?found`),
  phrase('en.cant-find', 'en', `(?:we|i) (?:could not|couldn't|cannot|can't|were unable to|are unable to) find (?:the|that|this|your) (?:${N_EN})`),
  phrase('en.removed-because', 'en', `(?:${N_EN}) (?:has been|had been|was) (?:removed|deleted|taken down|disabled) (?:by the (?:uploader|user|owner|author|creator|moderators?|administrators?|admins?|site staff)|at the request of|due to (?:a |an )?(?:copyright|dmca|terms|violation|policy|infringement)|for (?:violating|a violation of|breaching)|because (?:it|of)|in response to|following (?:a |an )?(?:copyright|dmca))`),
  phrase('en.link-broken', 'en', 'the link you followed may be broken'),
  phrase('en.account-gone', 'en', '(?:this|the) (?:account|profile|user|channel) (?:has been|had been|was|is) (?:permanently )?(?:suspended|terminated|deleted|banned|removed|closed|deactivated)'),
  phrase('en.owner-terminated', 'en', `account associated with this (?:${N_EN}) has been (?:terminated|closed|suspended|deleted)`),
  phrase('en.file-gone', 'en', '(?:the |this )?file (?:you (?:requested|are looking for) )?(?:has been|was|is) (?:deleted|removed|expired|no longer available)|invalid or deleted file'),
  label('en.label-not-found', 'en', `(?:${N_EN}|url|resource|account|user|profile|channel) (?:not found|does not exist|doesn't exist|no longer exists|cannot be found|could not be found)`),
  label('en.label-gone', 'en', `(?:${N_EN}) (?:unavailable|not available|no longer available|removed|deleted|taken down|disabled|gone|expired)`),
  label('en.label-account', 'en', '(?:account|user|profile|channel) (?:suspended|terminated|banned|deleted|deactivated)'),
  label('en.label-404', 'en', `(?:404|410)(?:${SEP}*(?:not found|gone|page not found|file not found))?|not found${SEP}*(?:404|410)`),
  // Spanish
  phrase('es.removed', 'es', `(?:este|esta|el|la|tu|su) (?:${N_ES}|cuenta|perfil|canal) (?:ha sido|fue|se ha|ha|hab[íi]a sido) (?:eliminad[oa]|borrad[oa]|retirad[oa]|suprimid[oa]|dad[oa] de baja|desactivad[oa])`),
  phrase('es.unavailable', 'es', `(?:este|esta|el|la) (?:${N_ES})${WHO_ES} (?:ya no est[áa]|no est[áa]|ya no se encuentra|no se encuentra) disponible(?! (?:en|para|todav[íi]a|temporalmente|por el momento))`),
  phrase('es.not-exist', 'es', `(?:este|esta|el|la) (?:${N_ES})${WHO_ES} (?:ya )?no existe`),
  phrase('es.not-found', 'es', `no (?:se ha podido|se pudo|pudimos|podemos|hemos podido) encontrar (?:la|el|este|esta) (?:${N_ES})|(?:la|el) (?:${N_ES}) (?:solicitad[oa] )?no (?:se ha encontrado|fue encontrad[oa]|se encontr[óo]|ha sido encontrad[oa])`),
  phrase('es.account', 'es', '(?:esta|la) cuenta (?:ha sido|fue|est[áa]) (?:suspendida|eliminada|cancelada|cerrada|desactivada|inhabilitada)'),
  label('es.label', 'es', `(?:${N_ES}) (?:no encontrad[oa]|no disponible|eliminad[oa]|borrad[oa]|no existe)|contenido no disponible|cuenta suspendida`),
  // Portuguese
  phrase('pt.removed', 'pt', `(?:este|esta|o|a|seu|sua) (?:${N_PT}|conta|perfil|canal) (?:foi|j[áa] foi|tem sido|havia sido) (?:removid[oa]|exclu[íi]d[oa]|apagad[oa]|eliminad[oa]|deletad[oa]|retirad[oa]|desativad[oa])`),
  phrase('pt.unavailable', 'pt', `(?:este|esta|o|a) (?:${N_PT})${WHO_PT} (?:j[áa] )?(?:n[ãa]o est[áa] (?:mais )?dispon[íi]vel|n[ãa]o se encontra (?:mais )?dispon[íi]vel|est[áa] indispon[íi]vel)(?! (?:em|no|na|para|ainda|temporariamente|no momento))`),
  phrase('pt.not-exist', 'pt', `(?:este|esta|o|a) (?:${N_PT})${WHO_PT} (?:n[ãa]o existe(?: mais)?|j[áa] n[ãa]o existe|n[ãa]o foi encontrad[oa]|n[ãa]o pode ser encontrad[oa])`),
  phrase('pt.not-found', 'pt', `n[ãa]o (?:foi poss[íi]vel|conseguimos|podemos) encontrar (?:a|o|esta|este) (?:${N_PT})`),
  phrase('pt.account', 'pt', '(?:esta|a) conta (?:foi|est[áa]) (?:suspensa|encerrada|exclu[íi]da|banida|desativada|removida)'),
  label('pt.label', 'pt', `(?:${N_PT}) (?:n[ãa]o encontrad[oa]|indispon[íi]vel|n[ãa]o dispon[íi]vel|removid[oa]|exclu[íi]d[oa])|conta suspensa`),
  // French
  phrase('fr.removed', 'fr', `(?:cette|ce|cet|la|le|votre) (?:${N_FR}|compte|profil|cha[îi]ne) (?:a [ée]t[ée]|avait [ée]t[ée]|est|vient d'[êe]tre) (?:d[ée]finitivement )?(?:supprim[ée]e?|retir[ée]e?|effac[ée]e?|d[ée]sactiv[ée]e?)`),
  phrase('fr.unavailable', 'fr', `(?:cette|ce|cet|la|le) (?:${N_FR})${WHO_FR} (?:n'est plus (?:disponible|accessible)|n'est pas disponible|est indisponible)(?! (?:dans|en|sur|pour|pour le moment|actuellement|temporairement))`),
  phrase('fr.not-exist', 'fr', `(?:cette|ce|cet|la|le) (?:${N_FR})${WHO_FR} (?:n'existe (?:plus|pas)|est introuvable|n'a pas (?:pu )?[êe]tre trouv[ée]e?|est inexistante?)`),
  phrase('fr.not-found', 'fr', `(?:ne pouvons pas|n'avons pas pu|ne parvenons pas [àa]|impossible de) trouver (?:la|le|cette|ce) (?:${N_FR})`),
  phrase('fr.account', 'fr', '(?:ce|le) compte (?:a [ée]t[ée]|est) (?:suspendu|supprim[ée]|ferm[ée]|d[ée]sactiv[ée]|banni)'),
  label('fr.label', 'fr', `(?:${N_FR}) (?:introuvable|non trouv[ée]e?|indisponible|non disponible|supprim[ée]e?|inexistante?)|compte suspendu`),
  // German
  phrase('de.removed', 'de', `(?:dieses|diese|dieser|das|die|der|dein|ihr)${ADJ_DE} (?:${N_DE}) (?:wurde|ist|war) (?:bereits |leider |dauerhaft )*(?:entfernt|gel[öo]scht|geloescht|deaktiviert)`),
  phrase('de.unavailable', 'de', `(?:dieses|diese|dieser|das|die|der)${ADJ_DE} (?:${N_DE}) ist (?:leider )?nicht(?: mehr)? (?:verf[üu]gbar|vorhanden|abrufbar)(?! (?:in|im|f[üu]r|auf|zur zeit|zurzeit|derzeit|momentan|vor[üu]bergehend))`),
  phrase('de.not-exist', 'de', `(?:dieses|diese|dieser|das|die|der)${ADJ_DE} (?:${N_DE}) (?:existiert (?:leider )?nicht(?: mehr)?|wurde (?:leider )?nicht gefunden|konnte (?:leider )?nicht gefunden werden|gibt es (?:leider )?nicht(?: mehr)?)`),
  phrase('de.account', 'de', '(?:dieses|das|dein|ihr) (?:konto|profil|benutzerkonto|nutzerkonto|kanal) (?:wurde|ist) (?:dauerhaft )?(?:gesperrt|gel[öo]scht|deaktiviert|entfernt|suspendiert)'),
  label('de.label', 'de', `(?:${N_DE}) (?:nicht gefunden|nicht (?:mehr )?verf[üu]gbar|entfernt|gel[öo]scht|existiert nicht)|(?:konto|profil) gesperrt`),
  // Russian
  phrase('ru.removed', 'ru', `(?:${N_RU})(?: (?:был[аои]?))? удал[её]н[аоы]?`),
  phrase('ru.not-found', 'ru', `(?:(?:запрашиваем|искам|указанн|данн)\\p{L}* )?(?:${N_RU}) не (?:найден[аоы]?|существует)`),
  phrase('ru.unavailable', 'ru', `(?:${N_RU}) (?:больше )?(?:недоступ|не доступ)(?:ен|на|но|ны)(?! (?:в|на|для)(?!\\p{L}))`),
  phrase('ru.no-such-page', 'ru', '(?:такой|этой|данной|запрашиваемой) страницы (?:не существует|нет)'),
  phrase('ru.account', 'ru', '(?:аккаунт|профиль|пользователь|канал|учётная запись|учетная запись)(?: (?:был[аои]?))? (?:заблокирован[аоы]?|удал[её]н[аоы]?|забанен[аоы]?)'),
  // Arabic: words take attached prefixes (ال، و، ف), so these are not word-bounded.
  phrase('ar.removed', 'ar', `(?:تم|تمت|قد تم|لقد تم) (?:حذف|إزالة|ازالة|إلغاء|الغاء) (?:هذا |هذه )?${N_AR}`, false),
  phrase('ar.gone', 'ar', `${N_AR}(?: المطلوبة?)? (?:غير موجود|لم (?:يعد|تعد) موجود|غير متاح|لم (?:يعد|تعد) متاح|غير متوفر|لم (?:يعد|تعد) متوفر|محذوف)(?:ة|ا)?(?![ةا])(?!\\s*(?:في|ف[يى]|بمنطقتك)(?!\\p{L}))`, false),
  phrase('ar.not-found', 'ar', `لم (?:يتم|نتمكن من|نستطع|يتمكن) (?:العثور على|إيجاد|ايجاد) (?:هذه |هذا )?${N_AR}`, false),
  phrase('ar.account', 'ar', '(?:تم|تمت|قد تم|لقد تم) (?:تعليق|إيقاف|ايقاف|تعطيل|حظر|حذف) (?:هذا )?(?:ال)?حساب', false),
  // Italian
  phrase('it.removed', 'it', `(?:questo|questa|il|la|lo|l') ?(?:${N_IT}|account|profilo|canale) (?:[èe] stat[oa]|e' stat[oa]|era stat[oa]|fu|venne) (?:rimoss[oa]|eliminat[oa]|cancellat[oa]|disattivat[oa])`),
  phrase('it.unavailable', 'it', `(?:questo|questa|il|la|lo|l') ?(?:${N_IT})(?: che stai cercando| richiest[oa])? non [èe] (?:pi[ùu] )?disponibile(?! (?:nel|in|per|al momento|temporaneamente))`),
  phrase('it.not-exist', 'it', `(?:questo|questa|il|la|lo|l') ?(?:${N_IT})(?: che stai cercando| richiest[oa])? (?:non esiste(?: pi[ùu])?|non [èe] stat[oa] trovat[oa]|non pu[òo] essere trovat[oa])`),
  phrase('it.account', 'it', "(?:questo|l') ?account (?:[èe] stato|e' stato) (?:sospeso|eliminato|disattivato|chiuso|bannato)"),
  label('it.label', 'it', `(?:${N_IT}) (?:non trovat[oa]|non disponibile|rimoss[oa]|eliminat[oa])|account sospeso`),
  // Dutch
  phrase('nl.removed', 'nl', `(?:deze|dit|de|het|je|uw) (?:${N_NL}|account|profiel|kanaal) (?:is|werd|was) (?:verwijderd|gewist|offline gehaald|uitgeschakeld|opgeschort)`),
  phrase('nl.unavailable', 'nl', `(?:deze|dit|de|het) (?:${N_NL})(?: die (?:je|u) (?:zoekt|zocht))? is (?:niet meer|niet langer|niet) beschikbaar(?! (?:in|op|voor|momenteel|tijdelijk))`),
  phrase('nl.not-exist', 'nl', `(?:deze|dit|de|het) (?:${N_NL})(?: die (?:je|u) (?:zoekt|zocht|hebt opgevraagd))? (?:bestaat niet(?: meer)?|kan niet (?:meer )?worden gevonden|is niet gevonden|werd niet gevonden)`),
  label('nl.label', 'nl', `(?:${N_NL}) (?:niet gevonden|niet beschikbaar|verwijderd)|account opgeschort`),
  // Polish
  phrase('pl.removed', 'pl', `(?:${N_PL}|konto|profil|kana[łl]) (?:zosta[łl][aoy]?|by[łl][aoy]?) (?:ju[żz] )?(?:usuni[ęe]t[yaeo]|skasowan[yaeo]|wy[łl][ąa]czon[yaeo])`),
  phrase('pl.not-exist', 'pl', `(?:${N_PL})(?: (?:kt[óo]rej|kt[óo]rego) szukasz)? (?:nie istnieje|nie zosta[łl][ao]? znalezion[yaeo]|jest (?:ju[żz] )?niedost[ęe]pn[yaeo]|nie jest (?:ju[żz] )?dost[ęe]pn[yaeo])(?! (?:w|na|dla)(?!\\p{L}))`),
  phrase('pl.not-found', 'pl', String.raw`nie (?:znaleziono|mo[żz]emy znale[źz][ćc]|uda[łl]o si[ęe] znale[źz][ćc]) (?:strony|filmu|pliku|tre[śs]ci|materia[łl]u)`),
  phrase('pl.account', 'pl', String.raw`konto (?:zosta[łl]o|jest) (?:zawieszone|zablokowane|usuni[ęe]te|dezaktywowane)`),
  label('pl.label', 'pl', `(?:${N_PL}) (?:nie istnieje|niedost[ęe]pn[yaeo]|usuni[ęe]t[yaeo])|nie znaleziono strony|konto zawieszone`),
  // Turkish: nouns carry suffixes (videosu, sayfası), hence the trailing letters.
  phrase('tr.removed', 'tr', String.raw`(?:bu )?(?:${N_TR}|hesa[bp])\p{L}* (?:art[ıi]k )?(?:kald[ıi]r[ıi]ld[ıi]|kald[ıi]r[ıi]lm[ıi][şs](?:t[ıi]r)?|silindi|silinmi[şs](?:tir)?)`),
  phrase('tr.unavailable', 'tr', String.raw`(?:bu )?(?:${N_TR})\p{L}* (?:art[ıi]k )?(?:mevcut de[ğg]il|bulunamad[ıi]|bulunmuyor)`),
  phrase('tr.account', 'tr', String.raw`(?:bu )?hesa[bp]\p{L}* (?:ask[ıi]ya al[ıi]nd[ıi]|ask[ıi]ya al[ıi]nm[ıi][şs]t[ıi]r|kapat[ıi]ld[ıi]|kapat[ıi]lm[ıi][şs]t[ıi]r)`),
  // Japanese: no spaces between words, so not word-bounded.
  phrase('ja.removed', 'ja', `(?:${N_JA})(?:は|が)(?:既に|すでに)?(?:削除|除去)され(?:ました|ています|た)`, false),
  phrase('ja.not-found', 'ja', `(?:${N_JA})(?:は|が)(?:見つかりません|見つかりませんでした|存在しません|存在しないか|利用できません)`, false),
  phrase('ja.account', 'ja', 'アカウントは(?:凍結|停止|削除|永久停止)され(?:ています|ました)', false),
];
