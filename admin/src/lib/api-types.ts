// The API's shapes, generated from openapi/openapi.json into @accessplus/sdk.
import type { components, ErrorDetail, Event, operations, Session } from '@accessplus/sdk';

export type { Event, Organizer, Session, SessionWithToken, Tier } from '@accessplus/sdk';

type Schemas = components['schemas'];
export type LocalizedText = Record<string, string>;
export type EventStatus = Event['status'];
export type ApiErrorDetail = ErrorDetail;
export type MemberRole = NonNullable<Session['active_organizer']>['role'];

export type Order = Schemas['Order'];
export type OrderStatus = Order['status'];
export type OrderLine = Order['lines'][number];
export type OrderTicket = Order['tickets'][number];
export type PaymentMethod = NonNullable<Order['payment_method']>;

export type ScanResult = Schemas['ScanResult'];
export type ScanReason = NonNullable<ScanResult['reason']>;
export type CheckInTicket = Schemas['CheckInTicket'];
export type CheckInSummary = Schemas['CheckInSummary'];
export type CheckIn = Schemas['CheckIn'];
export type Attendee = Schemas['Attendee'];

export type WaitlistEntry = Schemas['WaitlistEntry'];
export type WaitlistStatus = WaitlistEntry['status'];

export type MailboxMessage = Schemas['MailboxMessage'];

export type EventMessage = Schemas['Message'];
export type MessageRecipient = Schemas['MessageRecipient'];
export type MessagePreview = Schemas['MessagePreview'];

export type PayoutAccount = Schemas['PayoutAccount'];
export type OnboardingLink = Schemas['OnboardingLink'];
export type Payout = Schemas['Payout'];
export type Customer = Schemas['Customer'];
export type PayoutStatus = Payout['status'];
export type PayoutOutlook = Schemas['PayoutOutlook'];
export type RiskTier = PayoutOutlook['tier'];
export type Billing = Schemas['Billing'];
export type Plan = Billing['plan'];
export type PlanFeature = Billing['features'][number]['feature'];

export type Product = Schemas['Product'];
export type Category = Schemas['Category'];
export type CheckoutSettings = Schemas['CheckoutSettings'];
export type FeePayer = CheckoutSettings['fees_paid_by'];
export type OfflineMethod = CheckoutSettings['offline_methods'][number];
export type TaxRate = Schemas['TaxRate'];
export type PromoCode = Schemas['PromoCode'];
export type PromoKind = PromoCode['kind'];
export type Member = Schemas['Member'];

export type ApiKey = Schemas['ApiKey'];
export type CreatedApiKey = Schemas['CreatedApiKey'];
export type ApiKeyScope = ApiKey['scopes'][number];
export type WebhookEndpoint = Schemas['WebhookEndpoint'];
export type WebhookEndpointSecret = Schemas['WebhookEndpointSecret'];
export type WebhookDelivery = Schemas['WebhookDelivery'];
export type WebhookAttempt = Schemas['WebhookAttempt'];
export type WebhookEventType = Schemas['WebhookEventType'];

export type CustomDomain = Schemas['CustomDomain'];
export type DomainDnsRecord = Schemas['DomainDnsRecord'];

export type Theme = Schemas['Theme'];
export type ThemeCheckFinding = Schemas['ThemeCheckFinding'];

export type Taxpayer = Schemas['Taxpayer'];
export type TaxClassification = Taxpayer['tax_classification'];
export type TinKind = Taxpayer['tin_kind'];
export type Payee = Schemas['Payee'];
export type PayeePayment = Schemas['PayeePayment'];
export type Form1099K = Schemas['Form1099K'];
export type Form1099Nec = Schemas['Form1099Nec'];

export type SalesReport = Schemas['SalesReport'];
export type AttendanceReport = Schemas['AttendanceReport'];
export type PayoutReport = Schemas['PayoutReport'];
export type DonationReport = Schemas['DonationReport'];
export type SalesTaxReport = Schemas['SalesTaxReport'];
export type SalesTaxPeriod = SalesTaxReport['period'];
export type PayeeInput = NonNullable<
  import('@accessplus/sdk').operations['createPayee']['requestBody']
>['content']['application/json'];

export type ActivityEntry = Schemas['ActivityEntry'];

export type Export = Schemas['Export'];
export type ExportStatus = Export['status'];
export type ExportRequest = operations['createExport']['requestBody']['content']['application/json'];
