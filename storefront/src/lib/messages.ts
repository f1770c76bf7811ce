import { matchLocale } from './locale';

/** The storefront's own words. Event titles and descriptions come from the organizer instead. */
export interface Messages {
  skipToContent: string;
  themePreviewing: string;
  themePreviewGone: string;
  themePreviewLeave: string;
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
  /** Beside "no events match": the link that takes every filter off. */
  showAllEvents: string;
  dates: string;
  anyDate: string;
  thisWeekend: string;
  thisMonth: string;
  fromDate: string;
  toDate: string;
  city: string;
  stateOrRegion: string;
  priceFilter: string;
  anyPrice: string;
  freeOnly: string;
  upTo: (amount: string) => string;
  // The organizer's page
  aboutLink: string;
  aboutTitle: (organizer: string) => string;
  aboutHeading: string;
  contactDetails: string;
  phone: string;
  address: string;
  website: string;
  followUs: string;
  opensInNewTab: string;
  writeToUs: string;
  orderReferenceOptional: string;
  orderReferenceHint: string;
  yourMessage: string;
  sendMessage: string;
  contactEnterMessage: string;
  contactThanks: (organizer: string) => string;
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
  /** On this machine (`http://localhost:5173`): the stores there are, each at its own address. */
  localStoresHeading: string;
  localStoresIntro: string;
  localStoresEmpty: string;
  eventNotFound: string;
  pageNotFound: string;
  badSearch: string;
  unavailable: string;
  poweredBy: string;
  /** The organizer's contact address in the footer: "Questions? Write to …". */
  contactUs: string;
  // Header
  yourOrders: string;
  signIn: string;
  // Buying on the event page
  buyTickets: string;
  quantity: string;
  notEnoughLeft: string;
  yourDetails: string;
  buyerName: string;
  buyerEmail: string;
  buyerEmailHint: string;
  promoCode: string;
  seeTotal: string;
  continueToPayment: string;
  holdNote: string;
  signedInAs: (email: string) => string;
  chooseTickets: string;
  /** The cart is empty on a page that offers add-ons or donations too. */
  chooseSomething: string;
  enterName: string;
  enterEmail: string;
  sessionEnded: string;
  tryAgainLater: string;
  // Prices
  priceSummary: string;
  allInNote: string;
  subtotal: string;
  discount: (code: string | null) => string;
  serviceFee: string;
  impactFee: (fund: string | null) => string;
  salesTax: string;
  donations: string;
  total: string;
  // Add-ons, donations and names on tickets
  addOns: string;
  itemsLeft: (count: number) => string;
  donation: string;
  donationIntro: string;
  donationAmount: (symbol: string) => string;
  donationAmountHint: (least: string) => string;
  suggestedAmounts: string;
  raisedOfGoal: (raised: string, goal: string) => string;
  raisedSoFar: (raised: string) => string;
  donationUnreadable: string;
  donationTooSmall: (least: string) => string;
  donationTooLarge: (most: string) => string;
  attendeeNames: string;
  attendeeNamesRequired: string;
  attendeeNamesOptional: string;
  attendeeName: (n: number, tier: string) => string;
  enterAttendeeNames: string;
  updatingTotal: string;
  // Online events
  online: string;
  onlineEventNote: string;
  addToCalendar: string;
  calendarFile: string;
  share: string;
  shareByEmail: string;
  copyLink: string;
  linkCopied: string;
  addToCart: string;
  cartLink: (count: number) => string;
  yourCart: string;
  cartEmpty: string;
  browseEvents: string;
  cartChanged: string;
  eachPrice: (price: string) => string;
  remove: string;
  updateCart: string;
  continueShopping: string;
  joinOnline: string;
  onlineLinkHint: string;
  onlineLinkAfterPayment: string;
  // Waitlist
  joinWaitlist: string;
  waitlistIntro: string;
  ticketsWanted: string;
  waitlistJoined: (position: number | null) => string;
  // Order page
  orderTitle: (number: string) => string;
  orderNotFound: string;
  orderStatus: Record<
    'awaiting_payment' | 'reserved' | 'paid' | 'partially_refunded' | 'refunded' | 'cancelled' | 'expired',
    string
  >;
  heldUntil: (time: string) => string;
  timeLeft: (countdown: string) => string;
  timeRanOut: string;
  waitlistOfferNote: string;
  reservedCash: (deadline: string) => string;
  reservedPartner: (partner: string, deadline: string) => string;
  payment: string;
  testMode: string;
  testModeExplained: string;
  testCardNumber: string;
  testCardHint: string;
  pay: (amount: string) => string;
  payByCard: string;
  paying: string;
  cardFormLoading: string;
  cardFormUnavailable: string;
  cardNeedsJavaScript: string;
  cardByStripe: string;
  /** A card payment finished in the browser, as it stood when the buyer came back from Stripe. */
  cardPaymentOutcome: Record<'failed' | 'processing' | 'refunded', string>;
  orPayByCard: string;
  otherWaysToPay: string;
  payInCash: string;
  payInCashHint: string;
  partner: string;
  partnerHint: string;
  payAtPartner: string;
  cancelOrder: string;
  cancelOrderHint: string;
  paidOn: (date: string) => string;
  testOrderNote: string;
  showAtTheDoor: string;
  ticketOf: (n: number, count: number) => string;
  qrCodeOf: (n: number) => string;
  ticketCode: string;
  attendee: string;
  ticketStatus: string;
  ticketValid: string;
  ticketRevoked: Record<'refunded' | 'cancelled' | 'reissued' | 'event_cancelled' | 'other', string>;
  checkedInAt: (time: string) => string;
  refundedNote: (amount: string) => string;
  partiallyRefundedNote: (amount: string) => string;
  cancelledNote: string;
  expiredNote: string;
  buyAgain: string;
  orderSummary: string;
  buyer: string;
  // Account
  signInHeading: string;
  signInIntro: string;
  email: string;
  emailMeALink: string;
  linkSent: (email: string) => string;
  finishSignInHeading: (organizer: string) => string;
  finishSignInIntro: string;
  finishSignIn: string;
  signInLinkInvalid: string;
  signedOut: string;
  signInAgain: string;
  signedInEmail: (email: string) => string;
  signOut: string;
  noOrders: string;
  moreOrders: string;
  ordersPagination: string;
  orderedOn: (date: string) => string;
  viewOrder: string;
}

const en: Messages = {
  skipToContent: 'Skip to content',
  themePreviewing: 'You are looking at the draft theme. Buyers see the published one.',
  themePreviewGone: 'This preview link has expired or was replaced. You are looking at the published storefront.',
  themePreviewLeave: 'Leave the preview',
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
  showAllEvents: 'Show all events',
  dates: 'Dates',
  anyDate: 'Any date',
  thisWeekend: 'This weekend',
  thisMonth: 'This month',
  fromDate: 'From',
  toDate: 'To',
  city: 'City',
  stateOrRegion: 'State',
  priceFilter: 'Price',
  anyPrice: 'Any price',
  freeOnly: 'Free',
  upTo: (amount) => `Up to ${amount}`,
  aboutLink: 'About us & contact',
  aboutTitle: (organizer) => `About ${organizer}`,
  aboutHeading: 'About us',
  contactDetails: 'How to reach us',
  phone: 'Phone',
  address: 'Address',
  website: 'Website',
  followUs: 'Follow us',
  opensInNewTab: '(opens in a new tab)',
  writeToUs: 'Write to us',
  orderReferenceOptional: 'Order number (optional)',
  orderReferenceHint: 'If your message is about an order, the order number from your confirmation email.',
  yourMessage: 'Your message',
  sendMessage: 'Send message',
  contactEnterMessage: 'Write your message.',
  contactThanks: (organizer) => `Thank you. Your message is on its way to ${organizer}, who will answer by email.`,
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
  localStoresHeading: 'Stores on this machine',
  localStoresIntro:
    'Access Plus is running on this machine. This address is no organizer’s: each store has an address of its own.',
  localStoresEmpty:
    'No organizer has published an event yet. Sign in to the admin, publish an event, and its store will be listed here.',
  eventNotFound: 'This event does not exist or is no longer published.',
  pageNotFound: 'This page does not exist.',
  badSearch: 'This search could not be run. Clear the filters and try again.',
  unavailable: 'The event listings are unavailable right now. Please try again in a few minutes.',
  poweredBy: 'Tickets by Access Plus',
  contactUs: 'Questions? Write to',
  yourOrders: 'Your orders',
  signIn: 'Sign in',
  buyTickets: 'Buy tickets',
  quantity: 'Quantity',
  notEnoughLeft: 'Too few left to buy',
  yourDetails: 'Your details',
  buyerName: 'Full name',
  buyerEmail: 'Email',
  buyerEmailHint: 'Your tickets and receipt are sent here.',
  promoCode: 'Promo code (optional)',
  seeTotal: 'See total price',
  continueToPayment: 'Continue to payment',
  holdNote: 'Continuing holds your tickets for a few minutes while you pay.',
  signedInAs: (email) => `Signed in as ${email}: this order will be saved to your account.`,
  chooseTickets: 'Choose how many tickets you want.',
  chooseSomething: 'Choose tickets, an add-on or a donation.',
  enterName: 'Enter your name.',
  enterEmail: 'Enter your email address.',
  sessionEnded:
    'Your sign-in at this store has ended, so you are now signed out. Sign in again to save this order to your account, or continue as a guest.',
  tryAgainLater: 'This could not be done right now. Please try again in a few minutes.',
  priceSummary: 'Price summary',
  allInNote: 'This is the full price, with fees and tax included.',
  subtotal: 'Subtotal',
  discount: (code) => (code ? `Discount (${code})` : 'Discount'),
  serviceFee: 'Service fee',
  impactFee: (fund) => (fund ? `of which goes to ${fund}` : 'of which goes to the community fund'),
  salesTax: 'Sales tax',
  donations: 'Donations',
  total: 'Total',
  addOns: 'Add-ons',
  itemsLeft: (count) => `Only ${count} left`,
  donation: 'Donation',
  donationIntro: 'Give what you like to support this event. No fee or tax is added to a donation.',
  donationAmount: (symbol) => `Amount (${symbol})`,
  donationAmountHint: (least) => `Leave it empty to give nothing, or give at least ${least}.`,
  suggestedAmounts: 'Suggested amounts',
  raisedOfGoal: (raised, goal) => `${raised} raised of ${goal} goal`,
  raisedSoFar: (raised) => `${raised} raised so far`,
  donationUnreadable: 'Enter the amount in numbers, like 10 or 12.50.',
  donationTooSmall: (least) => `Give at least ${least}, or leave the amount empty.`,
  donationTooLarge: (most) => `One donation can be at most ${most}.`,
  attendeeNames: 'Names on the tickets',
  attendeeNamesRequired:
    'The organizer asks for the name of each person coming: each ticket is for the person named on it.',
  attendeeNamesOptional: 'Optional: the name of each person coming. A ticket left blank carries your name.',
  attendeeName: (n, tier) => `Name on ticket ${n} (${tier})`,
  enterAttendeeNames: 'Enter the name of each person coming, one per ticket.',
  updatingTotal: 'Updating the total…',
  online: 'Online',
  onlineEventNote: 'This event happens online. The link to join is on your order page once you have paid.',
  addToCalendar: 'Add to calendar:',
  calendarFile: 'Apple, Outlook and others (.ics)',
  share: 'Share:',
  shareByEmail: 'Email',
  copyLink: 'Copy link',
  linkCopied: 'Link copied.',
  addToCart: 'Add to cart',
  cartLink: (count) => `Cart (${count})`,
  yourCart: 'Your cart',
  cartEmpty: 'Your cart is empty.',
  browseEvents: 'See the events',
  cartChanged: 'Some things in your cart are no longer on sale, so they were taken out.',
  eachPrice: (price) => `${price} each`,
  remove: 'Remove',
  updateCart: 'Update cart',
  continueShopping: 'Add tickets of other events',
  joinOnline: 'Join online',
  onlineLinkHint: 'This link comes with your tickets: keep it to yourself.',
  onlineLinkAfterPayment: 'The link to join this online event appears here once the order is paid.',
  joinWaitlist: 'Join the waitlist',
  waitlistIntro: 'If tickets come back, we email you an offer to buy them within a limited time.',
  ticketsWanted: 'Tickets wanted',
  waitlistJoined: (position) =>
    position
      ? `You are on the waitlist, number ${position} in line. We will email you if tickets come back.`
      : 'You are on the waitlist. We will email you if tickets come back.',
  orderTitle: (number) => `Order ${number}`,
  orderNotFound: 'This order does not exist, or its link is incomplete. Open the link from your email again.',
  orderStatus: {
    awaiting_payment: 'Awaiting payment',
    reserved: 'Reserved',
    paid: 'Paid',
    partially_refunded: 'Partly refunded',
    refunded: 'Refunded',
    cancelled: 'Cancelled',
    expired: 'Expired',
  },
  heldUntil: (time) => `Your tickets are held for you until ${time}.`,
  timeLeft: (countdown) => `${countdown} left`,
  timeRanOut: 'The time to pay has run out.',
  waitlistOfferNote: 'Tickets came back for you from the waitlist. Pay before the time runs out to claim them.',
  reservedCash: (deadline) =>
    `Reserved for payment in cash at the door or the organizer's office, by ${deadline}. Your tickets come once the organizer records your payment.`,
  reservedPartner: (partner, deadline) =>
    `Reserved for payment at ${partner}, by ${deadline}. Your tickets come once the organizer records your payment.`,
  payment: 'Payment',
  testMode: 'TEST MODE',
  testModeExplained:
    'This store takes test payments only: no money moves and no card is charged. Never enter a real card number here.',
  testCardNumber: 'Test card number',
  testCardHint: 'Use 4242 4242 4242 4242 to pay, or 4000 0000 0000 0002 to see a declined card.',
  pay: (amount) => `Pay ${amount}`,
  payByCard: 'Pay by card',
  paying: 'Paying…',
  cardFormLoading: 'Loading the secure card form…',
  cardFormUnavailable:
    'The card form could not be loaded. Check your connection and reload this page, or choose another way to pay.',
  cardNeedsJavaScript:
    'Paying by card needs JavaScript, which is turned off in this browser. Turn it on, or choose another way to pay.',
  cardByStripe: 'Card details go straight to Stripe, who processes the payment: this store never sees them.',
  cardPaymentOutcome: {
    failed:
      'Your card payment did not go through, and no money was taken. Try again, with another card or another way to pay.',
    processing:
      'Your payment is still being processed. Once it goes through, your tickets appear on this page and are emailed to you: there is no need to pay again.',
    refunded:
      'Your payment came after the time to pay ran out, and the tickets had been sold meanwhile, so it has been refunded in full.',
  },
  orPayByCard: 'Or pay by card now',
  otherWaysToPay: 'Other ways to pay',
  payInCash: 'Pay in cash',
  payInCashHint: "Keep the tickets and pay at the door or the organizer's office.",
  partner: 'Community partner',
  partnerHint: 'The shop, church or office of the community where you will pay.',
  payAtPartner: 'Pay at this partner',
  cancelOrder: 'Cancel this order',
  cancelOrderHint: 'The tickets go back on sale at once.',
  paidOn: (date) => `Paid on ${date}.`,
  testOrderNote: 'Paid in test mode: no money moved.',
  showAtTheDoor:
    'Show each QR code at the door, on your phone or printed. If a QR code will not scan, the staff can type the code under it.',
  ticketOf: (n, count) => `Ticket ${n} of ${count}`,
  qrCodeOf: (n) => `QR code of ticket ${n}`,
  ticketCode: 'Ticket code',
  attendee: 'Name',
  ticketStatus: 'Status',
  ticketValid: 'Valid',
  ticketRevoked: {
    refunded: 'Refunded: no longer valid',
    cancelled: 'Cancelled: no longer valid',
    reissued: 'Replaced by a new ticket',
    event_cancelled: 'Event cancelled: no longer valid',
    other: 'No longer valid',
  },
  checkedInAt: (time) => `Checked in ${time}`,
  refundedNote: (amount) => `This order was refunded: ${amount} was given back. Its tickets no longer admit anyone.`,
  partiallyRefundedNote: (amount) =>
    `Part of this order was refunded: ${amount} was given back. Tickets still marked valid admit as usual.`,
  cancelledNote: 'This order was cancelled, and its tickets went back on sale.',
  expiredNote: 'The time to pay for this order ran out, and its tickets went back on sale.',
  buyAgain: 'Choose tickets again',
  orderSummary: 'Your order',
  buyer: 'Buyer',
  signInHeading: 'Sign in to see your orders',
  signInIntro: 'No password needed: we email you a link that signs you in.',
  email: 'Email',
  emailMeALink: 'Email me a sign-in link',
  linkSent: (email) =>
    `If ${email} can receive email, we have sent it a sign-in link. The link works once, within 30 minutes.`,
  finishSignInHeading: (organizer) => `Sign in to ${organizer}`,
  finishSignInIntro: 'Your sign-in link is ready. Press the button to finish signing in on this device.',
  finishSignIn: 'Sign in',
  signInLinkInvalid: 'This sign-in link has been used or has expired. Ask for a new one below.',
  signedOut: 'You are signed out.',
  signInAgain: 'Your sign-in has ended. Ask for a new link to sign in again.',
  signedInEmail: (email) => `Signed in as ${email}`,
  signOut: 'Sign out',
  noOrders: 'You have no orders at this store yet.',
  moreOrders: 'More orders',
  ordersPagination: 'Pages of orders',
  orderedOn: (date) => `Ordered ${date}`,
  viewOrder: 'View order and tickets',
};

const es: Messages = {
  skipToContent: 'Saltar al contenido',
  themePreviewing: 'Está viendo el borrador del tema. Los compradores ven el tema publicado.',
  themePreviewGone: 'Este enlace de vista previa venció o fue reemplazado. Está viendo la tienda publicada.',
  themePreviewLeave: 'Salir de la vista previa',
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
  showAllEvents: 'Ver todos los eventos',
  dates: 'Fechas',
  anyDate: 'Cualquier fecha',
  thisWeekend: 'Este fin de semana',
  thisMonth: 'Este mes',
  fromDate: 'Desde',
  toDate: 'Hasta',
  city: 'Ciudad',
  stateOrRegion: 'Estado',
  priceFilter: 'Precio',
  anyPrice: 'Cualquier precio',
  freeOnly: 'Gratis',
  upTo: (amount) => `Hasta ${amount}`,
  aboutLink: 'Quiénes somos y contacto',
  aboutTitle: (organizer) => `Acerca de ${organizer}`,
  aboutHeading: 'Quiénes somos',
  contactDetails: 'Cómo comunicarse con nosotros',
  phone: 'Teléfono',
  address: 'Dirección',
  website: 'Sitio web',
  followUs: 'Síganos',
  opensInNewTab: '(se abre en una pestaña nueva)',
  writeToUs: 'Escríbanos',
  orderReferenceOptional: 'Número de compra (opcional)',
  orderReferenceHint: 'Si su mensaje trata de una compra, el número de compra que figura en su correo de confirmación.',
  yourMessage: 'Su mensaje',
  sendMessage: 'Enviar mensaje',
  contactEnterMessage: 'Escriba su mensaje.',
  contactThanks: (organizer) =>
    `Gracias. Su mensaje va en camino a ${organizer}, que le responderá por correo electrónico.`,
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
  localStoresHeading: 'Tiendas en este equipo',
  localStoresIntro:
    'Access Plus está funcionando en este equipo. Esta dirección no es de ningún organizador: cada tienda tiene una dirección propia.',
  localStoresEmpty:
    'Ningún organizador ha publicado un evento todavía. Inicie sesión en la administración, publique un evento y su tienda aparecerá aquí.',
  eventNotFound: 'Este evento no existe o ya no está publicado.',
  pageNotFound: 'Esta página no existe.',
  badSearch: 'No se pudo hacer esta búsqueda. Quite los filtros e inténtelo de nuevo.',
  unavailable: 'Los eventos no están disponibles en este momento. Inténtelo de nuevo en unos minutos.',
  poweredBy: 'Boletos por Access Plus',
  contactUs: '¿Preguntas? Escriba a',
  yourOrders: 'Mis compras',
  signIn: 'Iniciar sesión',
  buyTickets: 'Comprar boletos',
  quantity: 'Cantidad',
  notEnoughLeft: 'Quedan muy pocos para comprar',
  yourDetails: 'Sus datos',
  buyerName: 'Nombre completo',
  buyerEmail: 'Correo electrónico',
  buyerEmailHint: 'Le enviamos aquí sus boletos y el recibo.',
  promoCode: 'Código de descuento (opcional)',
  seeTotal: 'Ver el precio total',
  continueToPayment: 'Continuar al pago',
  holdNote: 'Al continuar, apartamos sus boletos unos minutos mientras paga.',
  signedInAs: (email) => `Sesión iniciada como ${email}: esta compra se guardará en su cuenta.`,
  chooseTickets: 'Elija cuántos boletos quiere.',
  chooseSomething: 'Elija boletos, un extra o un donativo.',
  enterName: 'Escriba su nombre.',
  enterEmail: 'Escriba su correo electrónico.',
  sessionEnded:
    'Su sesión en esta tienda terminó, así que la cerramos. Inicie sesión de nuevo para guardar esta compra en su cuenta, o continúe como invitado.',
  tryAgainLater: 'No se pudo hacer esto ahora. Inténtelo de nuevo en unos minutos.',
  priceSummary: 'Resumen del precio',
  allInNote: 'Este es el precio final, con cargos e impuestos incluidos.',
  subtotal: 'Subtotal',
  discount: (code) => (code ? `Descuento (${code})` : 'Descuento'),
  serviceFee: 'Cargo por servicio',
  impactFee: (fund) => (fund ? `del cual va a ${fund}` : 'del cual va al fondo comunitario'),
  salesTax: 'Impuesto sobre las ventas',
  donations: 'Donativos',
  total: 'Total',
  addOns: 'Extras',
  itemsLeft: (count) => (count === 1 ? 'Solo queda 1' : `Solo quedan ${count}`),
  donation: 'Donativo',
  donationIntro: 'Dé lo que quiera para apoyar este evento. Al donativo no se le suma ningún cargo ni impuesto.',
  donationAmount: (symbol) => `Monto (${symbol})`,
  donationAmountHint: (least) => `Déjelo vacío para no donar, o dé al menos ${least}.`,
  suggestedAmounts: 'Montos sugeridos',
  raisedOfGoal: (raised, goal) => `${raised} recaudados de una meta de ${goal}`,
  raisedSoFar: (raised) => `${raised} recaudados hasta ahora`,
  donationUnreadable: 'Escriba el monto en números, como 10 o 12.50.',
  donationTooSmall: (least) => `Dé al menos ${least}, o deje el monto vacío.`,
  donationTooLarge: (most) => `Un donativo puede ser de ${most} como máximo.`,
  attendeeNames: 'Nombres en los boletos',
  attendeeNamesRequired:
    'El organizador pide el nombre de cada persona que asistirá: cada boleto es para la persona cuyo nombre lleva.',
  attendeeNamesOptional: 'Opcional: el nombre de cada persona que asistirá. Un boleto sin nombre lleva el suyo.',
  attendeeName: (n, tier) => `Nombre en el boleto ${n} (${tier})`,
  enterAttendeeNames: 'Escriba el nombre de cada persona que asistirá, uno por boleto.',
  updatingTotal: 'Actualizando el total…',
  online: 'En línea',
  onlineEventNote: 'Este evento es en línea. El enlace para entrar está en la página de su compra una vez pagada.',
  addToCalendar: 'Añadir al calendario:',
  calendarFile: 'Apple, Outlook y otros (.ics)',
  share: 'Compartir:',
  shareByEmail: 'Correo',
  copyLink: 'Copiar enlace',
  linkCopied: 'Enlace copiado.',
  addToCart: 'Añadir al carrito',
  cartLink: (count) => `Carrito (${count})`,
  yourCart: 'Su carrito',
  cartEmpty: 'Su carrito está vacío.',
  browseEvents: 'Ver los eventos',
  cartChanged: 'Algunas cosas de su carrito ya no están a la venta y se quitaron.',
  eachPrice: (price) => `${price} cada uno`,
  remove: 'Quitar',
  updateCart: 'Actualizar carrito',
  continueShopping: 'Añadir entradas de otros eventos',
  joinOnline: 'Entrar en línea',
  onlineLinkHint: 'Este enlace va con sus boletos: no lo comparta.',
  onlineLinkAfterPayment: 'El enlace para entrar a este evento en línea aparece aquí cuando la compra esté pagada.',
  joinWaitlist: 'Anotarse en la lista de espera',
  waitlistIntro: 'Si vuelve a haber boletos, le enviamos un correo para que los compre en un tiempo limitado.',
  ticketsWanted: 'Boletos que quiere',
  waitlistJoined: (position) =>
    position
      ? `Está en la lista de espera, con el número ${position}. Le escribiremos si vuelve a haber boletos.`
      : 'Está en la lista de espera. Le escribiremos si vuelve a haber boletos.',
  orderTitle: (number) => `Compra ${number}`,
  orderNotFound: 'Esta compra no existe, o su enlace está incompleto. Abra de nuevo el enlace de su correo.',
  orderStatus: {
    awaiting_payment: 'Pendiente de pago',
    reserved: 'Reservada',
    paid: 'Pagada',
    partially_refunded: 'Reembolsada en parte',
    refunded: 'Reembolsada',
    cancelled: 'Cancelada',
    expired: 'Vencida',
  },
  heldUntil: (time) => `Sus boletos están apartados hasta el ${time}.`,
  timeLeft: (countdown) => `Quedan ${countdown}`,
  timeRanOut: 'Se acabó el tiempo para pagar.',
  waitlistOfferNote:
    'Volvieron boletos para usted desde la lista de espera. Pague antes de que se acabe el tiempo para quedárselos.',
  reservedCash: (deadline) =>
    `Reservada para pagar en efectivo en la entrada o en la oficina del organizador, hasta el ${deadline}. Recibirá sus boletos cuando el organizador registre su pago.`,
  reservedPartner: (partner, deadline) =>
    `Reservada para pagar en ${partner}, hasta el ${deadline}. Recibirá sus boletos cuando el organizador registre su pago.`,
  payment: 'Pago',
  testMode: 'MODO DE PRUEBA',
  testModeExplained:
    'Esta tienda solo acepta pagos de prueba: no se mueve dinero ni se cobra ninguna tarjeta. Nunca escriba aquí el número de una tarjeta real.',
  testCardNumber: 'Número de tarjeta de prueba',
  testCardHint: 'Use 4242 4242 4242 4242 para pagar, o 4000 0000 0000 0002 para ver una tarjeta rechazada.',
  pay: (amount) => `Pagar ${amount}`,
  payByCard: 'Pagar con tarjeta',
  paying: 'Pagando…',
  cardFormLoading: 'Cargando el formulario seguro de la tarjeta…',
  cardFormUnavailable:
    'No se pudo cargar el formulario de la tarjeta. Revise su conexión y vuelva a cargar esta página, o elija otra forma de pago.',
  cardNeedsJavaScript:
    'Para pagar con tarjeta se necesita JavaScript, que está desactivado en este navegador. Actívelo, o elija otra forma de pago.',
  cardByStripe: 'Los datos de la tarjeta van directamente a Stripe, que procesa el pago: esta tienda nunca los ve.',
  cardPaymentOutcome: {
    failed:
      'Su pago con tarjeta no se realizó y no se le cobró nada. Inténtelo de nuevo, con otra tarjeta u otra forma de pago.',
    processing:
      'Su pago todavía se está procesando. Cuando se complete, sus boletos aparecerán en esta página y se los enviaremos por correo: no hace falta pagar de nuevo.',
    refunded:
      'Su pago llegó después de que se acabara el tiempo para pagar y los boletos ya se habían vendido, así que se le reembolsó por completo.',
  },
  orPayByCard: 'O pague ahora con tarjeta',
  otherWaysToPay: 'Otras formas de pago',
  payInCash: 'Pagar en efectivo',
  payInCashHint: 'Aparte los boletos y pague en la entrada o en la oficina del organizador.',
  partner: 'Socio comunitario',
  partnerHint: 'La tienda, iglesia u oficina de la comunidad donde pagará.',
  payAtPartner: 'Pagar con este socio',
  cancelOrder: 'Cancelar esta compra',
  cancelOrderHint: 'Los boletos vuelven a la venta de inmediato.',
  paidOn: (date) => `Pagada el ${date}.`,
  testOrderNote: 'Pagada en modo de prueba: no se movió dinero.',
  showAtTheDoor:
    'Muestre cada código QR en la entrada, en su teléfono o impreso. Si un código QR no se puede escanear, el personal puede escribir el código que aparece debajo.',
  ticketOf: (n, count) => `Boleto ${n} de ${count}`,
  qrCodeOf: (n) => `Código QR del boleto ${n}`,
  ticketCode: 'Código del boleto',
  attendee: 'Nombre',
  ticketStatus: 'Estado',
  ticketValid: 'Válido',
  ticketRevoked: {
    refunded: 'Reembolsado: ya no es válido',
    cancelled: 'Cancelado: ya no es válido',
    reissued: 'Reemplazado por un boleto nuevo',
    event_cancelled: 'Evento cancelado: ya no es válido',
    other: 'Ya no es válido',
  },
  checkedInAt: (time) => `Entrada registrada el ${time}`,
  refundedNote: (amount) => `Esta compra fue reembolsada: se devolvieron ${amount}. Sus boletos ya no dan entrada.`,
  partiallyRefundedNote: (amount) =>
    `Parte de esta compra fue reembolsada: se devolvieron ${amount}. Los boletos que siguen válidos dan entrada como siempre.`,
  cancelledNote: 'Esta compra fue cancelada y sus boletos volvieron a la venta.',
  expiredNote: 'Se acabó el tiempo para pagar esta compra y sus boletos volvieron a la venta.',
  buyAgain: 'Elegir boletos de nuevo',
  orderSummary: 'Su compra',
  buyer: 'Comprador',
  signInHeading: 'Inicie sesión para ver sus compras',
  signInIntro: 'Sin contraseña: le enviamos por correo un enlace para iniciar sesión.',
  email: 'Correo electrónico',
  emailMeALink: 'Enviarme un enlace para iniciar sesión',
  linkSent: (email) =>
    `Si ${email} puede recibir correo, le enviamos un enlace para iniciar sesión. El enlace sirve una vez, durante 30 minutos.`,
  finishSignInHeading: (organizer) => `Iniciar sesión en ${organizer}`,
  finishSignInIntro: 'Su enlace está listo. Pulse el botón para terminar de iniciar sesión en este dispositivo.',
  finishSignIn: 'Iniciar sesión',
  signInLinkInvalid: 'Este enlace ya se usó o venció. Pida uno nuevo abajo.',
  signedOut: 'Cerró su sesión.',
  signInAgain: 'Su sesión terminó. Pida un enlace nuevo para iniciar sesión otra vez.',
  signedInEmail: (email) => `Sesión iniciada como ${email}`,
  signOut: 'Cerrar sesión',
  noOrders: 'Todavía no tiene compras en esta tienda.',
  moreOrders: 'Más compras',
  ordersPagination: 'Páginas de compras',
  orderedOn: (date) => `Comprada el ${date}`,
  viewOrder: 'Ver la compra y los boletos',
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
