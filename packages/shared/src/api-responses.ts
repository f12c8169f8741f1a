import type { NumberedPage, PlaceImportResult, SchoolAdminItem, VenueAdminItem } from './places';
import type { CampaignListItem, CampaignRuleSettings, CampaignView, OfferingCampaignChoice } from './campaigns';
import type {
  AccessLogEntry,
  AchievementView,
  AdminLearningRecordView,
  AdminTranscriptView,
  AreaAdminNode,
  AreaImportResult,
  AreaNode,
  CategoryStatistics,
  CertificationView,
  CheckInAwaitingReview,
  CheckInDisplay,
  CheckInResult,
  CheckInReviewResult,
  ChildStatistics,
  ChildView,
  GuardianInvitation,
  ChildHandover,
  AccountTakenOver,
  ConsentView,
  ConversionView,
  CreditEstimate,
  CurrentUser,
  DemoAccount,
  EducationWorkerView,
  EnrollmentView,
  GroupStatistics,
  IndicatorTargetList,
  TaskEntry,
  TaskTable,
  HealthReport,
  HeartbeatResult,
  IssuedConsent,
  LearnerCode,
  LearningAccountView,
  LearningCircle,
  LearningRecordView,
  LessonPlayer,
  LiveRoster,
  MonthStatistics,
  LocationConsentView,
  MyAccessLogEntry,
  MyDataCopy,
  AccountClosed,
  MyEnrollment,
  NotificationView,
  OrganisationCriteria,
  OrganisationListItem,
  OrganisationSettings,
  OrganisationView,
  OfferingDetail,
  OfferingLessonProgress,
  OfferingSummary,
  Page,
  PartnerCreditsView,
  PartnerKeyIssued,
  PartnerKeyRotated,
  PartnerKeyView,
  PartnerOfferAdminView,
  PartnerOfferView,
  PartnerView,
  PlaybackState,
  PopulationBalance,
  PopulationImportResult,
  PopulationRow,
  ProxyAuditEntry,
  ProxyLookupResult,
  RankingOptOut,
  RecordVoided,
  ResidentConversionPage,
  ResidentListItem,
  ResidentProfile,
  ReviewItem,
  RosterEntry,
  RuleSetVersions,
  RuleSetView,
  SchoolSummary,
  StaffListItem,
  StaffPasswordIssued,
  SessionCloseResult,
  StatisticsOverview,
  SubscriptionTemplates,
  TeacherOffering,
  TeacherProfile,
  TeacherSummary,
  TeacherTodaySession,
  MyUpcomingSession,
  TokenPair,
  TrainingRequirement,
  TranscriptCredential,
  BitstringStatusListCredential,
  MultikeyDocument,
  TranscriptControllerDocument,
  TranscriptIssuer,
  TranscriptStatus,
  TranscriptSummary,
  TranscriptVerification,
  UploadedFile,
  VenueSummary,
  VolunteerListItem,
  VolunteerView,
  XapiStatementResult,
  YearOverYear,
  NominationView,
  ObjectionReceipt,
  ObjectionView,
  SelectionNotice,
  SelectionRules,
  SelectionView,
} from './index';

/**
 * Every JSON body the API answers with, by the name its schema has in the OpenAPI document.
 * The server declares each endpoint's answer by one of these names (`@Returns('OfferingDetail')`,
 * checked against the method's own return type); `npm run api:types` turns this interface into
 * the document's schemas, and the mini program's types are generated from that document.
 */
export interface ApiResponses {
  AccessLogEntryPage: Page<AccessLogEntry>;
  MyAccessLogEntryList: MyAccessLogEntry[];
  MyDataCopy: MyDataCopy;
  AccountClosed: AccountClosed;
  ChildView: ChildView;
  ChildViewList: ChildView[];
  GuardianInvitation: GuardianInvitation;
  ChildHandover: ChildHandover;
  AccountTakenOver: AccountTakenOver;
  LocationConsentView: LocationConsentView;
  AchievementViewList: AchievementView[];
  AdminLearningRecordView: AdminLearningRecordView;
  AdminTranscriptView: AdminTranscriptView;
  AdminTranscriptViewPage: Page<AdminTranscriptView>;
  AreaAdminNode: AreaAdminNode;
  AreaImportResult: AreaImportResult;
  AreaNode: AreaNode;
  CategoryStatisticsList: CategoryStatistics[];
  CertificationView: CertificationView;
  CertificationViewList: CertificationView[];
  NominationView: NominationView;
  NominationViewList: NominationView[];
  ObjectionReceipt: ObjectionReceipt;
  ObjectionViewList: ObjectionView[];
  SelectionNotice: SelectionNotice;
  SelectionRules: SelectionRules;
  SelectionRulesList: SelectionRules[];
  SelectionView: SelectionView;
  SelectionViewList: SelectionView[];
  CampaignListItemList: CampaignListItem[];
  CampaignRuleSettings: CampaignRuleSettings;
  CampaignView: CampaignView;
  OfferingCampaignChoiceList: OfferingCampaignChoice[];
  CheckInAwaitingReviewList: CheckInAwaitingReview[];
  CheckInDisplay: CheckInDisplay;
  CheckInResult: CheckInResult;
  CheckInReviewResult: CheckInReviewResult;
  ChildStatisticsList: ChildStatistics[];
  ConsentView: ConsentView;
  ConsentViewList: ConsentView[];
  ConversionView: ConversionView;
  CreditEstimate: CreditEstimate;
  CurrentUser: CurrentUser;
  DemoAccountList: DemoAccount[];
  EducationWorkerView: EducationWorkerView;
  EducationWorkerViewPage: NumberedPage<EducationWorkerView>;
  EnrollmentView: EnrollmentView;
  GroupStatisticsList: GroupStatistics[];
  IndicatorTargetList: IndicatorTargetList;
  TaskEntry: TaskEntry;
  TaskEntryList: TaskEntry[];
  TaskTable: TaskTable;
  HealthReport: HealthReport;
  HeartbeatResult: HeartbeatResult;
  IssuedConsent: IssuedConsent;
  LearnerCode: LearnerCode;
  LearningAccountView: LearningAccountView;
  LearningCircle: LearningCircle;
  LearningRecordViewPage: Page<LearningRecordView>;
  LessonPlayer: LessonPlayer;
  LiveRoster: LiveRoster;
  MonthStatisticsList: MonthStatistics[];
  MyEnrollmentPage: Page<MyEnrollment>;
  NotificationViewList: NotificationView[];
  OfferingDetail: OfferingDetail;
  OfferingLessonProgress: OfferingLessonProgress;
  OfferingSummaryPage: Page<OfferingSummary>;
  OrganisationCriteria: OrganisationCriteria;
  OrganisationCriteriaList: OrganisationCriteria[];
  OrganisationListItemList: OrganisationListItem[];
  OrganisationSettings: OrganisationSettings;
  OrganisationView: OrganisationView;
  PlaceImportResult: PlaceImportResult;
  PartnerCreditsView: PartnerCreditsView;
  PartnerKeyIssued: PartnerKeyIssued;
  PartnerKeyRotated: PartnerKeyRotated;
  PartnerKeyView: PartnerKeyView;
  PartnerKeyViewList: PartnerKeyView[];
  PartnerOfferAdminView: PartnerOfferAdminView;
  PartnerOfferAdminViewList: PartnerOfferAdminView[];
  PartnerOfferView: PartnerOfferView;
  PartnerOfferViewList: PartnerOfferView[];
  PartnerView: PartnerView;
  PartnerViewList: PartnerView[];
  PlaybackState: PlaybackState;
  PopulationBalance: PopulationBalance;
  PopulationImportResult: PopulationImportResult;
  PopulationRow: PopulationRow;
  PopulationRowList: PopulationRow[];
  ProxyAuditEntryPage: Page<ProxyAuditEntry>;
  ProxyLookupResult: ProxyLookupResult;
  RankingOptOut: RankingOptOut;
  RecordVoided: RecordVoided;
  ResidentConversionPage: ResidentConversionPage;
  ResidentListItemPage: Page<ResidentListItem>;
  ResidentProfile: ResidentProfile;
  ReviewItemList: ReviewItem[];
  RosterEntryList: RosterEntry[];
  RuleSetVersions: RuleSetVersions;
  RuleSetView: RuleSetView;
  RuleSetViewList: RuleSetView[];
  SchoolAdminItem: SchoolAdminItem;
  SchoolAdminItemPage: NumberedPage<SchoolAdminItem>;
  SchoolSummaryList: SchoolSummary[];
  StaffListItem: StaffListItem;
  StaffListItemPage: Page<StaffListItem>;
  StaffPasswordIssued: StaffPasswordIssued;
  SessionCloseResult: SessionCloseResult;
  StatisticsOverview: StatisticsOverview;
  SubscriptionTemplates: SubscriptionTemplates;
  TeacherOfferingList: TeacherOffering[];
  TeacherProfile: TeacherProfile;
  TeacherSummaryList: TeacherSummary[];
  TeacherTodaySessionList: TeacherTodaySession[];
  MyUpcomingSessionList: MyUpcomingSession[];
  TokenPair: TokenPair;
  TrainingRequirement: TrainingRequirement;
  BitstringStatusListCredential: BitstringStatusListCredential;
  MultikeyDocument: MultikeyDocument;
  TranscriptControllerDocument: TranscriptControllerDocument;
  TranscriptCredential: TranscriptCredential;
  TranscriptIssuer: TranscriptIssuer;
  TranscriptStatus: TranscriptStatus;
  TranscriptSummary: TranscriptSummary;
  TranscriptSummaryPage: Page<TranscriptSummary>;
  TranscriptVerification: TranscriptVerification;
  UploadedFile: UploadedFile;
  VenueAdminItem: VenueAdminItem;
  VenueAdminItemPage: NumberedPage<VenueAdminItem>;
  VenueSummaryList: VenueSummary[];
  VolunteerListItemPage: NumberedPage<VolunteerListItem>;
  VolunteerView: VolunteerView;
  XapiStatementResult: XapiStatementResult;
  YearOverYear: YearOverYear;
}

export type ApiResponseName = keyof ApiResponses;
