import { AreaSummary, Page } from './api';
import { GeofencePolicy } from './attendance';

/** 学习资源 categories (SPEC §2, issue 3). */
export const Category = {
  SeniorEducation: 'senior_education',
  VocationalSkills: 'vocational_skills',
  FamilyEducation: 'family_education',
  TraditionalCulture: 'traditional_culture',
  PopularScience: 'popular_science',
  Health: 'health',
  ArtsAndSports: 'arts_sports',
  DigitalLiteracy: 'digital_literacy',
  Theory: 'theory',
} as const;
export type Category = (typeof Category)[keyof typeof Category];

export const CATEGORY_LABELS: Record<Category, string> = {
  [Category.SeniorEducation]: '老年教育',
  [Category.VocationalSkills]: '职业技能',
  [Category.FamilyEducation]: '家庭教育',
  [Category.TraditionalCulture]: '传统文化',
  [Category.PopularScience]: '科普',
  [Category.Health]: '健康养生',
  [Category.ArtsAndSports]: '文体艺术',
  [Category.DigitalLiteracy]: '数字素养',
  [Category.Theory]: '理论学习',
};

/** Who an offering is meant for. Seniors and minors follow from age; the rest from ResidentGroup. */
export const TargetGroup = {
  Seniors: 'seniors',
  Minors: 'minors',
  Employed: 'employed',
  MigrantWorkers: 'migrant_worker',
  Unemployed: 'unemployed',
  Farmers: 'farmer',
  Disabled: 'disabled',
  Families: 'families',
} as const;
export type TargetGroup = (typeof TargetGroup)[keyof typeof TargetGroup];

export const TARGET_GROUP_LABELS: Record<TargetGroup, string> = {
  [TargetGroup.Seniors]: '老年人',
  [TargetGroup.Minors]: '青少年',
  [TargetGroup.Employed]: '在职人员',
  [TargetGroup.MigrantWorkers]: '进城务工人员',
  [TargetGroup.Unemployed]: '失业/下岗人员',
  [TargetGroup.Farmers]: '农民',
  [TargetGroup.Disabled]: '残疾人',
  [TargetGroup.Families]: '家长和孩子',
};

/** A course is a series of sessions; an activity is one session; a micro-course is videos. */
export const OfferingKind = {
  Course: 'course',
  Activity: 'activity',
  MicroCourse: 'micro_course',
} as const;
export type OfferingKind = (typeof OfferingKind)[keyof typeof OfferingKind];

export const OFFERING_KIND_LABELS: Record<OfferingKind, string> = {
  [OfferingKind.Course]: '课程',
  [OfferingKind.Activity]: '活动',
  [OfferingKind.MicroCourse]: '微课程',
};

/** draft → pending_review → published → finished; cancelled from published; returned goes back to draft. */
export const OfferingStatus = {
  Draft: 'draft',
  PendingReview: 'pending_review',
  Published: 'published',
  Cancelled: 'cancelled',
  Finished: 'finished',
} as const;
export type OfferingStatus = (typeof OfferingStatus)[keyof typeof OfferingStatus];

export const OFFERING_STATUS_LABELS: Record<OfferingStatus, string> = {
  [OfferingStatus.Draft]: '草稿',
  [OfferingStatus.PendingReview]: '待审核',
  [OfferingStatus.Published]: '已发布',
  [OfferingStatus.Cancelled]: '已取消',
  [OfferingStatus.Finished]: '已结束',
};

/** 全民终身学习活动周 and 社区教育开放日 are shown as highlights on the home page. */
export const Highlight = {
  LearningWeek: 'learning_week',
  OpenDay: 'open_day',
} as const;
export type Highlight = (typeof Highlight)[keyof typeof Highlight];

export const HIGHLIGHT_LABELS: Record<Highlight, string> = {
  [Highlight.LearningWeek]: '全民终身学习活动周',
  [Highlight.OpenDay]: '社区教育开放日',
};

export const EnrollmentStatus = {
  Enrolled: 'enrolled',
  Waitlisted: 'waitlisted',
  Cancelled: 'cancelled',
} as const;
export type EnrollmentStatus = (typeof EnrollmentStatus)[keyof typeof EnrollmentStatus];

/** Walking 30 minutes ≈ 2 km; riding (e-bike / bicycle) 30 minutes ≈ 6 km. */
export const WALK_METERS_PER_MINUTE = 70;
export const RIDE_METERS_PER_MINUTE = 200;
export const LEARNING_CIRCLE_MINUTES = 30;

/**
 * The sizes of what a teacher writes into an offering: the server refuses anything outside them,
 * the teacher's form says so before sending.
 */
export const OFFERING_LIMITS = {
  /** Of the offering's title and of each lesson's. */
  titleMin: 2,
  titleMax: 60,
  descriptionMax: 5000,
  /** Of a cover picture's or a lesson video's address. */
  urlMax: 500,
  capacityMax: 100_000,
  /** 学时 of one micro-course lesson, and the length of its video, in minutes. */
  lessonMinutesMax: 240,
  geofenceRadiusMin: 50,
  geofenceRadiusMax: 5000,
  /** What an offering saved without a radius or an opening time gets. */
  geofenceRadiusDefault: 300,
  checkInOpensMinutesMax: 240,
  checkInOpensMinutesDefault: 30,
} as const;

/** A reason the people affected will read: a cancellation, an offering sent back, a certification refused. */
export const REASON_LENGTH = { min: 2, max: 200 } as const;

/** The most characters of the catalogue's search words. */
export const SEARCH_MAX = 30;

/** A teacher's 师资库 entry. */
export const TEACHER_PROFILE_LIMITS = { specialtiesMax: 10, specialtyMax: 20, bioMax: 2000 } as const;

export interface TeacherSummary {
  id: string;
  name: string;
  schoolName: string;
  specialties: string[];
}

/** 师资库 entry, GET /api/teachers/:id */
export interface TeacherProfile extends TeacherSummary {
  bio: string;
  schoolId: number;
  area: AreaSummary;
}

export interface SessionView {
  id: number;
  /** 1-based order within a course. */
  seq: number;
  startsAt: string;
  endsAt: string;
  /** 学时 credited for attending this session, in minutes. */
  minutes: number;
  cancelled: boolean;
  cancelReason: string | null;
}

export interface LessonView {
  id: number;
  seq: number;
  title: string;
  videoUrl: string;
  durationSeconds: number;
  /** 学时 credited once the lesson has been watched, in minutes. */
  minutes: number;
}

/** One row of a list: GET /api/offerings */
export interface OfferingSummary {
  id: number;
  kind: OfferingKind;
  title: string;
  category: Category;
  coverUrl: string | null;
  highlight: Highlight | null;
  targetGroups: TargetGroup[];
  area: AreaSummary;
  schoolName: string;
  venue: { id: number; name: string; latitude: number; longitude: number } | null;
  online: boolean;
  /** Next session not yet ended (null for micro-courses or when all are over). */
  nextSessionAt: string | null;
  firstSessionAt: string | null;
  sessionCount: number;
  capacity: number;
  enrolledCount: number;
  placesLeft: number;
  status: OfferingStatus;
  /** Only when the list was asked for near a point: straight-line metres to the venue. */
  distanceMeters?: number;
}

/** GET /api/offerings/:id */
export interface OfferingDetail extends OfferingSummary {
  description: string;
  school: { id: number; name: string };
  venueAddress: string | null;
  teachers: TeacherSummary[];
  sessions: SessionView[];
  lessons: LessonView[];
  enrollOpensAt: string;
  enrollClosesAt: string;
  /** Only residents in these groups may enroll (empty: everyone). */
  restrictedToTargetGroups: boolean;
  waitlistCount: number;
  /** The caller's own enrollment, when logged in as a resident. */
  myEnrollment: MyEnrollmentState | null;
  reviewNote: string | null;
  allowWalkIn: boolean;
  requiresCheckOut: boolean;
  geofencePolicy: GeofencePolicy;
  geofenceRadiusMeters: number;
  checkInOpensMinutes: number;
}

export interface MyEnrollmentState {
  status: EnrollmentStatus;
  /** Place in the waitlist (1 = next to be promoted), null unless waitlisted. */
  waitlistPosition: number | null;
  enrolledAt: string;
}

/** POST /api/offerings/:id/enrollments answers 201 (new) or 200 (already enrolled / waitlisted). */
export interface EnrollmentView extends MyEnrollmentState {
  id: number;
  offeringId: number;
}

/** GET /api/me/enrollments */
export interface MyEnrollment extends EnrollmentView {
  offering: OfferingSummary;
}

/** Filters of GET /api/offerings (all optional). */
export interface OfferingQuery {
  q?: string;
  category?: Category;
  kind?: OfferingKind;
  areaId?: number;
  /** YYYY-MM-DD (Asia/Shanghai): has a session on or after this day. */
  from?: string;
  /** YYYY-MM-DD: has a session on or before this day. */
  to?: string;
  targetGroup?: TargetGroup;
  mode?: 'online' | 'offline';
  hasPlaces?: boolean;
  highlight?: Highlight;
  /** With lat/lng: sorted by distance and each row carries distanceMeters. */
  lat?: number;
  lng?: number;
  /** With lat/lng: only venues within this many metres. */
  withinMeters?: number;
  cursor?: string;
  limit?: number;
}

/** GET /api/offerings/circle?lat=&lng=: the 30分钟学习圈. */
export interface LearningCircle {
  walkMeters: number;
  rideMeters: number;
  venues: CircleVenue[];
}

export interface CircleVenue {
  id: number;
  name: string;
  address: string;
  latitude: number;
  longitude: number;
  distanceMeters: number;
  walkMinutes: number;
  rideMinutes: number;
  /** The next few published offerings there. */
  upcoming: OfferingSummary[];
}

export interface SessionInput {
  startsAt: string;
  endsAt: string;
  minutes: number;
}

export interface LessonInput {
  title: string;
  videoUrl: string;
  durationSeconds: number;
  minutes: number;
}

/** POST /api/teacher/offerings and PUT /api/teacher/offerings/:id (drafts only). */
export interface OfferingInput {
  kind: OfferingKind;
  title: string;
  description: string;
  coverUrl?: string | null;
  category: Category;
  targetGroups: TargetGroup[];
  restrictedToTargetGroups: boolean;
  highlight?: Highlight | null;
  /** Null for online offerings. */
  venueId: number | null;
  /** Extra teachers of the same school besides the author. */
  coTeacherIds?: string[];
  capacity: number;
  enrollOpensAt: string;
  enrollClosesAt: string;
  sessions: SessionInput[];
  lessons: LessonInput[];
  /** Residents who did not enroll may check in (and are enrolled then), places permitting. Default false. */
  allowWalkIn?: boolean;
  /** Credited minutes are capped by the time between check-in and check-out. Default false. */
  requiresCheckOut?: boolean;
  /** Default off; reject or flag check-ins that cannot be placed at the venue. */
  geofencePolicy?: GeofencePolicy;
  /** Default 300. */
  geofenceRadiusMeters?: number;
  /** How long before a session starts check-in opens. Default 30. */
  checkInOpensMinutes?: number;
}

/** GET /api/teacher/offerings */
export interface TeacherOffering extends OfferingSummary {
  reviewNote: string | null;
  waitlistCount: number;
}

/** GET /api/teacher/offerings/:id/roster — names masked only partly: the teacher calls the roll. */
export interface RosterEntry {
  enrollmentId: number;
  residentName: string;
  phoneMasked: string;
  status: EnrollmentStatus;
  waitlistPosition: number | null;
  enrolledAt: string;
}

/** GET /api/admin/offerings/reviews */
export interface ReviewItem extends OfferingSummary {
  submittedAt: string;
  authorName: string;
}

/** GET /api/me/notifications */
export interface NotificationView {
  id: number;
  title: string;
  body: string;
  offeringId: number | null;
  createdAt: string;
  read: boolean;
}

/** POST /api/me/subscriptions: what wx.requestSubscribeMessage answered, per template. */
export interface SubscriptionRequest {
  templateId: string;
  accepted: boolean;
}

export type OfferingPage = Page<OfferingSummary>;
