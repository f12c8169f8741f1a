import { Category, ConversionView, CreditEstimate, PartnerCreditsView, PartnerOfferView, TranscriptSummary, XapiStatementResult } from '@lp/shared';
import { toStatement } from '../transcripts/xapi';

/**
 * What the partner API answers, one example per endpoint, shown in the OpenAPI document. Typed as the
 * answers themselves; the xAPI statement is made by the code that makes the real ones.
 */
const BASE = 'https://xuexi.example.gov.cn';
const RESIDENT = '3f6c2a9e-5b1d-4c8e-9a7f-2d4b6e8c0a1f';

export const CREDITS_EXAMPLE: PartnerCreditsView = {
  residentName: '王秀英',
  balanceMilli: 12500,
  byCategory: [
    { category: Category.SeniorEducation, minutes: 1800, creditsMilli: 10000 },
    { category: Category.Health, minutes: 450, creditsMilli: 2500 },
  ],
  totalMinutes: 2250,
  asOf: '2026-12-04T02:00:00.000Z',
};

export const OFFERS_EXAMPLE: PartnerOfferView[] = [
  {
    id: 7,
    partnerName: '市开放大学',
    title: '抵免《老年保健》课程 2 学分',
    description: '持 2 学分可抵免本校《老年保健》课程，办理后发放抵免通知。',
    creditsMilli: 2000,
    categories: [Category.SeniorEducation, Category.Health],
    availableMilli: 12500,
  },
];

export const ESTIMATE_EXAMPLE: CreditEstimate = { ruleSetVersion: 3, category: Category.SeniorEducation, minutes: 90, creditsMilli: 500, roomMilli: 27500 };

export const RECEIPT_EXAMPLE: ConversionView = {
  id: '8d1e4f2a-6b3c-4e5d-9f7a-1c2b3d4e5f60',
  receiptNo: 'LP20261204K7M3Q9XA',
  offerTitle: '抵免《老年保健》课程 2 学分',
  partnerName: '市开放大学',
  creditsMilli: 2000,
  createdAt: '2026-12-04T01:30:00.000Z',
  reversed: false,
};

export const RECORDS_EXAMPLE: XapiStatementResult = {
  statements: [
    toStatement(
      {
        id: '1024',
        source: 'attendance',
        category: Category.SeniorEducation,
        minutes: 90,
        occurredAt: new Date('2026-11-20T01:30:00.000Z'),
        day: '2026-11-20',
        title: '太极拳入门',
        offeringId: 318,
        voidsId: null,
        creditsMilli: 500,
      },
      RESIDENT,
      BASE,
    ),
  ],
  more: '/api/partner/v1/records?cursor=1024&limit=100',
};

export const TRANSCRIPTS_EXAMPLE: { items: TranscriptSummary[]; nextCursor: string | null } = {
  items: [
    {
      id: '5b9e0c7d-2a4f-4e1b-8c3d-6f7a8b9c0d1e',
      issuedAt: '2026-12-01T06:00:00.000Z',
      revokedAt: null,
      revokeReason: null,
      keyId: '4f3a9c1e7b2d8a60',
      totals: { minutes: 2250, hours: '37.5', creditsMilli: 12500, credits: '12.5', recordCount: 31 },
      verifyUrl: `${BASE}/verify/5b9e0c7d-2a4f-4e1b-8c3d-6f7a8b9c0d1e`,
    },
  ],
  nextCursor: null,
};
