import { describe, expect, it } from 'vitest';
import {
  AGE_MARKERS, CHALLENGE_MARKERS, LEGAL_MARKERS, LOGIN_MARKERS, PRIVATE_MARKERS, REMOVAL_MARKERS,
} from '../../src/checker/generic-markers.ts';
import type { Marker } from '../../src/checker/generic-markers.ts';
import { normaliseForMatch } from '../../src/checker/text.ts';
import { describeHit, languageName } from '../../src/checker/wording.ts';
import type { Zone } from '../../src/checker/wording.ts';

// How a title segment or heading is matched: labels must be the whole text, phrases may sit inside.
function firstMatch(markers: readonly Marker[], text: string): string | null {
  const normal = normaliseForMatch(text);
  for (const marker of markers) {
    const re = marker.whole ?? marker.pattern;
    if (re.test(normal)) return marker.id;
  }
  return null;
}

const TABLES = { REMOVAL_MARKERS, LEGAL_MARKERS, CHALLENGE_MARKERS, LOGIN_MARKERS, PRIVATE_MARKERS, AGE_MARKERS };

describe('marker tables', () => {
  const all = Object.values(TABLES).flat();

  it('give every marker a unique id that starts with its language', () => {
    const ids = all.map((m) => m.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const m of all) expect(m.id.startsWith(`${m.lang}.`)).toBe(true);
  });

  it.each([
    ['REMOVAL_MARKERS', ['en', 'es', 'pt', 'fr', 'de', 'ru', 'ar', 'it', 'nl', 'pl', 'tr', 'ja']],
    ['LEGAL_MARKERS', ['en', 'es', 'pt', 'fr', 'de', 'ru', 'ar', 'it', 'nl', 'pl', 'tr', 'ja']],
    ['CHALLENGE_MARKERS', ['en', 'es', 'pt', 'fr', 'de', 'ru', 'ar']],
    ['LOGIN_MARKERS', ['en', 'es', 'pt', 'fr', 'de', 'ru', 'ar']],
    ['PRIVATE_MARKERS', ['en', 'es', 'pt', 'fr', 'de', 'ru', 'ar']],
    ['AGE_MARKERS', ['en', 'es', 'pt', 'fr', 'de', 'ru', 'ar']],
  ] as const)('%s covers %j', (table, langs) => {
    const covered = new Set(TABLES[table].map((m) => m.lang));
    for (const lang of langs) expect(covered.has(lang)).toBe(true);
  });
});

describe('removal wording', () => {
  it.each([
    ['This video has been removed by the uploader', 'en.this-removed'],
    ['This video is no longer available because the YouTube account associated with this video has been terminated.', 'en.no-longer-available'],
    ['Sorry, this page isn’t available.', 'en.no-longer-available'],
    ['The page you requested does not exist', 'en.does-not-exist'],
    ['The requested URL was not found on this server.', 'en.not-found'],
    ["We couldn't find the page you were looking for", 'en.cant-find'],
    ['Video has been removed at the request of the copyright owner', 'en.removed-because'],
    ['The link you followed may be broken, or the page may have been removed.', 'en.link-broken'],
    ['This account has been suspended', 'en.account-gone'],
    ['The file you requested has been deleted', 'en.file-gone'],
    ['Page not found', 'en.label-not-found'],
    ['Oops! 404 - Page Not Found', 'en.label-not-found'],
    ['Video unavailable', 'en.label-gone'],
    ['Post deleted', 'en.label-gone'],
    ['Account suspended', 'en.label-account'],
    ['404', 'en.label-404'],
    ['Error 404', 'en.label-404'],
    ['404 Not Found', 'en.label-404'],
    ['Este video ha sido eliminado', 'es.removed'],
    ['La página que buscas no existe', 'es.not-exist'],
    ['Este vídeo ya no está disponible', 'es.unavailable'],
    ['Esta cuenta ha sido suspendida', 'es.account'],
    ['Página no encontrada', 'es.label'],
    ['Este vídeo foi removido', 'pt.removed'],
    ['A página que você procura não existe', 'pt.not-exist'],
    ['Este conteúdo não está mais disponível', 'pt.unavailable'],
    ['Página não encontrada', 'pt.label'],
    ['Cette vidéo a été supprimée', 'fr.removed'],
    ["La page que vous recherchez n’existe pas", 'fr.not-exist'],
    ["Ce contenu n'est plus disponible", 'fr.unavailable'],
    ['Page introuvable', 'fr.label'],
    ['Dieses Video wurde entfernt', 'de.removed'],
    ['Die angeforderte Seite existiert leider nicht', 'de.not-exist'],
    ['Dieser Inhalt ist nicht mehr verfügbar', 'de.unavailable'],
    ['Seite nicht gefunden', 'de.label'],
    ['Видео удалено', 'ru.removed'],
    ['Страница не найдена', 'ru.not-found'],
    ['Такой страницы не существует', 'ru.not-found'],
    ['Запрашиваемой страницы нет', 'ru.no-such-page'],
    ['Это видео недоступно', 'ru.unavailable'],
    ['Аккаунт заблокирован', 'ru.account'],
    ['تم حذف هذا الفيديو', 'ar.removed'],
    ['الصفحة غير موجودة', 'ar.gone'],
    ['عذرًا، هذا المحتوى لم يعد متاحًا', 'ar.gone'],
    ['لم يتم العثور على الصفحة', 'ar.not-found'],
    ['تم تعليق هذا الحساب', 'ar.account'],
    ['Questo video è stato rimosso', 'it.removed'],
    ['Pagina non trovata', 'it.label'],
    ['Deze pagina bestaat niet meer', 'nl.not-exist'],
    ['Ten film został usunięty', 'pl.removed'],
    ['Strona nie istnieje', 'pl.not-exist'],
    ['Bu video kaldırıldı', 'tr.removed'],
    ['Sayfa bulunamadı', 'tr.unavailable'],
    ['この動画は削除されました', 'ja.removed'],
    ['お探しのページは見つかりませんでした', 'ja.not-found'],
  ])('%s -> %s', (text, id) => {
    expect(firstMatch(REMOVAL_MARKERS, text)).toBe(id);
  });

  it.each([
    'Removed scene from our first trip',
    'Platforms removed 10,000 intimate videos after new law',
    'Note: this video was removed from another site last month, so we uploaded it here again.',
    'This video is not available in your country',
    'This content isn’t available right now',
    'Not Found',
    'Gone',
    'Deleted footage from the camping weekend',
    'Page Not Found (2024) - trailer',
    'Most read: account suspended, what to do next',
    'El vídeo está disponible en alta calidad',
    'Das Video ist verfügbar',
    'Видео доступно в HD',
    'هذا الفيديو متاح الآن',
  ])('does not read %j as a removal notice', (text) => {
    expect(firstMatch(REMOVAL_MARKERS, text)).toBeNull();
  });
});

describe('gate wording', () => {
  it.each([
    ['LEGAL_MARKERS', 'This content is not available in your country', 'en.not-in-country'],
    ['LEGAL_MARKERS', 'This Post has been withheld in Germany in response to a legal demand.', 'en.withheld'],
    ['LEGAL_MARKERS', 'Content not viewable in your region', 'en.not-in-country'],
    ['LEGAL_MARKERS', 'This video was removed due to a legal complaint', 'en.legal-complaint'],
    ['LEGAL_MARKERS', '451 Unavailable For Legal Reasons', 'en.legal-reasons'],
    ['LEGAL_MARKERS', 'Error 451', 'en.label-451'],
    ['LEGAL_MARKERS', 'Este vídeo no está disponible en tu país', 'es.country'],
    ['LEGAL_MARKERS', 'Este vídeo não está disponível no seu país', 'pt.country'],
    ['LEGAL_MARKERS', "Cette vidéo n'est pas disponible dans votre pays", 'fr.country'],
    ['LEGAL_MARKERS', 'Dieses Video ist in deinem Land nicht verfügbar', 'de.country'],
    ['LEGAL_MARKERS', 'Видео недоступно в вашей стране', 'ru.country'],
    ['LEGAL_MARKERS', 'هذا الفيديو غير متاح في بلدك', 'ar.country'],
    ['LEGAL_MARKERS', 'Questo video non è disponibile nel tuo paese', 'it.country'],
    ['LEGAL_MARKERS', 'Deze video is niet beschikbaar in jouw land', 'nl.country'],
    ['LEGAL_MARKERS', 'Ten film jest niedostępny w twoim kraju', 'pl.country'],
    ['LEGAL_MARKERS', 'Bu video ülkenizde kullanılamıyor', 'tr.country'],
    ['LEGAL_MARKERS', 'この動画はお住まいの地域では視聴できません', 'ja.country'],
    ['CHALLENGE_MARKERS', 'Just a moment...', 'en.just-a-moment'],
    ['CHALLENGE_MARKERS', 'Attention Required! | Cloudflare', 'en.attention-required'],
    ['CHALLENGE_MARKERS', 'Checking your browser before accessing tube.example', 'en.checking-browser'],
    ['CHALLENGE_MARKERS', 'DDoS protection by DDoS-Guard', 'en.ddos-protection'],
    ['CHALLENGE_MARKERS', 'Please verify you are a human', 'en.verify-human'],
    ['CHALLENGE_MARKERS', 'Access Denied', 'en.attention-required'],
    ['CHALLENGE_MARKERS', 'Einen Moment…', 'de.moment'],
    ['CHALLENGE_MARKERS', 'Проверка браузера', 'ru.challenge'],
    ['LOGIN_MARKERS', 'Log in to continue', 'en.login-to-view'],
    ['LOGIN_MARKERS', 'You must be logged in to view this content', 'en.must-login'],
    ['LOGIN_MARKERS', 'Sign in', 'en.login'],
    ['LOGIN_MARKERS', 'Inicia sesión para ver', 'es.login'],
    ['LOGIN_MARKERS', 'Войдите, чтобы продолжить', 'ru.login'],
    ['PRIVATE_MARKERS', 'This content is private', 'en.private'],
    ['PRIVATE_MARKERS', 'Members only', 'en.members-label'],
    ['PRIVATE_MARKERS', 'Dieses Video ist privat', 'de.private'],
    ['AGE_MARKERS', 'Are you 18 or older?', 'en.are-you-18'],
    ['AGE_MARKERS', 'You must be 18 to enter', 'en.must-be-18'],
    ['AGE_MARKERS', 'Age verification', 'en.age-label'],
    ['AGE_MARKERS', '¿Eres mayor de edad?', 'es.age'],
    ['AGE_MARKERS', 'Avez-vous 18 ans ?', 'fr.age'],
    ['AGE_MARKERS', 'Вам есть 18 лет?', 'ru.age'],
  ] as const)('%s: %s -> %s', (table, text, id) => {
    expect(firstMatch(TABLES[table], text)).toBe(id);
  });

  it.each([
    ['LOGIN_MARKERS', 'Log in to comment'],
    ['CHALLENGE_MARKERS', 'This site is protected by reCAPTCHA and the Google Privacy Policy'],
    ['AGE_MARKERS', 'Trip photos from age 18 to 30'],
    ['LEGAL_MARKERS', 'Available in every country'],
  ] as const)('%s: %s is not a gate', (table, text) => {
    expect(firstMatch(TABLES[table], text)).toBeNull();
  });
});

describe('describeHit: what a result detail says about page wording', () => {
  const marker = (id: string): Marker => {
    const found = Object.values(TABLES).flat().find((m) => m.id === id);
    if (!found) throw new Error(`no marker ${id}`);
    return found;
  };
  it.each<[string, Zone, string, string]>([
    ['en.label-gone', 'title', 'Video removed', 'the title says "Video removed"'],
    ['en.this-removed', 'heading', 'This video has been removed', 'a heading says "This video has been removed"'],
    ['es.unavailable', 'text', 'Este vídeo ya no está disponible', 'the page says "Este vídeo ya no está disponible" (Spanish)'],
    ['ja.not-found', 'heading', 'ページは見つかりません', 'a heading says "ページは見つかりません" (Japanese)'],
    ['en.label-404', 'title', `404 ${'x'.repeat(200)}`, `the title says "404 ${'x'.repeat(73)}..."`],
  ])('%s in the %s', (id, zone, match, detail) => {
    expect(describeHit({ marker: marker(id), zone, match })).toBe(detail);
  });

  it('names every marker language in plain English', () => {
    for (const m of Object.values(TABLES).flat()) expect(languageName(m.lang)).toMatch(/^[A-Z][a-z]+$/);
  });
});
