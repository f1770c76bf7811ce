import { matchLocale } from './locale';

/** The storefront's own words. Event titles and descriptions come from the organizer instead. */
export interface Messages {
  skipToContent: string;
  language: string;
  upcomingEvents: string;
  findEvents: string;
  keywords: string;
  keywordsPlaceholder: string;
  category: string;
  allCategories: string;
  eventLanguage: string;
  anyLanguage: string;
  search: string;
  clearFilters: string;
  noUpcomingEvents: string;
  noMatchingEvents: string;
  moreEvents: string;
  pagination: string;
  firstPage: string;
  free: string;
  priceFrom: (price: string) => string;
  soldOut: string;
  ticketsLeft: (count: number) => string;
  backToEvents: string;
  when: string;
  where: string;
  languages: string;
  tickets: string;
  ticketTier: string;
  price: string;
  availability: string;
  available: string;
  onSaleFrom: (date: string) => string;
  salesEnded: string;
  notOnSale: string;
  maxPerOrder: (count: number) => string;
  noTickets: string;
  storeNotFound: string;
  storeNotFoundHint: string;
  eventNotFound: string;
  pageNotFound: string;
  badSearch: string;
  unavailable: string;
  poweredBy: string;
}

const en: Messages = {
  skipToContent: 'Skip to content',
  language: 'Language',
  upcomingEvents: 'Upcoming events',
  findEvents: 'Find events',
  keywords: 'Keywords',
  keywordsPlaceholder: 'Artist, venue, community…',
  category: 'Category',
  allCategories: 'All categories',
  eventLanguage: 'Event language',
  anyLanguage: 'Any language',
  search: 'Search',
  clearFilters: 'Clear filters',
  noUpcomingEvents: 'No upcoming events yet. Check back soon.',
  noMatchingEvents: 'No events match your search. Try other keywords or clear the filters.',
  moreEvents: 'More events',
  pagination: 'Pages of events',
  firstPage: 'Back to the first page',
  free: 'Free',
  priceFrom: (price) => `from ${price}`,
  soldOut: 'Sold out',
  ticketsLeft: (count) => (count === 1 ? 'Only 1 ticket left' : `Only ${count} tickets left`),
  backToEvents: 'All events',
  when: 'When',
  where: 'Where',
  languages: 'Languages',
  tickets: 'Tickets',
  ticketTier: 'Ticket',
  price: 'Price',
  availability: 'Availability',
  available: 'Available',
  onSaleFrom: (date) => `On sale from ${date}`,
  salesEnded: 'Sales have ended',
  notOnSale: 'Not on sale',
  maxPerOrder: (count) => `Up to ${count} per order`,
  noTickets: 'Tickets for this event are not on sale online.',
  storeNotFound: 'There is no event store at this address.',
  storeNotFoundHint: 'Check the address you typed, or ask the organizer for their link.',
  eventNotFound: 'This event does not exist or is no longer published.',
  pageNotFound: 'This page does not exist.',
  badSearch: 'This search could not be run. Clear the filters and try again.',
  unavailable: 'The event listings are unavailable right now. Please try again in a few minutes.',
  poweredBy: 'Tickets by Access Plus',
};

const es: Messages = {
  skipToContent: 'Saltar al contenido',
  language: 'Idioma',
  upcomingEvents: 'Próximos eventos',
  findEvents: 'Buscar eventos',
  keywords: 'Palabras clave',
  keywordsPlaceholder: 'Artista, lugar, comunidad…',
  category: 'Categoría',
  allCategories: 'Todas las categorías',
  eventLanguage: 'Idioma del evento',
  anyLanguage: 'Cualquier idioma',
  search: 'Buscar',
  clearFilters: 'Quitar filtros',
  noUpcomingEvents: 'Todavía no hay eventos próximos. Vuelva pronto.',
  noMatchingEvents: 'Ningún evento coincide con su búsqueda. Pruebe otras palabras o quite los filtros.',
  moreEvents: 'Más eventos',
  pagination: 'Páginas de eventos',
  firstPage: 'Volver a la primera página',
  free: 'Gratis',
  priceFrom: (price) => `desde ${price}`,
  soldOut: 'Agotado',
  ticketsLeft: (count) => (count === 1 ? 'Solo queda 1 boleto' : `Solo quedan ${count} boletos`),
  backToEvents: 'Todos los eventos',
  when: 'Cuándo',
  where: 'Dónde',
  languages: 'Idiomas',
  tickets: 'Boletos',
  ticketTier: 'Boleto',
  price: 'Precio',
  availability: 'Disponibilidad',
  available: 'Disponible',
  onSaleFrom: (date) => `A la venta desde el ${date}`,
  salesEnded: 'La venta terminó',
  notOnSale: 'No está a la venta',
  maxPerOrder: (count) => `Hasta ${count} por compra`,
  noTickets: 'Los boletos de este evento no se venden en línea.',
  storeNotFound: 'No hay ninguna tienda de eventos en esta dirección.',
  storeNotFoundHint: 'Revise la dirección o pida el enlace al organizador.',
  eventNotFound: 'Este evento no existe o ya no está publicado.',
  pageNotFound: 'Esta página no existe.',
  badSearch: 'No se pudo hacer esta búsqueda. Quite los filtros e inténtelo de nuevo.',
  unavailable: 'Los eventos no están disponibles en este momento. Inténtelo de nuevo en unos minutos.',
  poweredBy: 'Boletos por Access Plus',
};

const catalogs: Record<string, Messages> = { en, es };

/**
 * Locales the storefront's own words are translated into. Others (am, yo, …) show the organizer's
 * text in their language and these words in English until a native speaker translates them.
 */
export const UI_LOCALES = Object.keys(catalogs);

/** The UI locale that serves `locale`, English when there is no translation. */
export function uiLocale(locale: string): string {
  return matchLocale(locale, UI_LOCALES) ?? 'en';
}

export function messagesFor(locale: string): Messages {
  return catalogs[uiLocale(locale)] ?? en;
}
