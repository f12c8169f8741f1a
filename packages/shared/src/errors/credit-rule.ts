/** Versions of the credit-conversion rules (转换规则) a district publishes. */
export const CreditRuleError = {
  /** Only the district's own administrators publish rules; a 街道 or 社区 admin may only read them. */
  DistrictOnly: 'rule_district_only',
  /** The effective date is no real calendar day. */
  EffectiveDateInvalid: 'rule_effective_date_invalid',
  /** The effective date is today or earlier: learning already done keeps the credits it earned. */
  EffectiveDateNotFuture: 'rule_effective_date_not_future',
  /** Another version already starts on that day. */
  EffectiveDateTaken: 'rule_effective_date_taken',
  /** A learning category has no conversion rule, or has two. */
  CategoryMissing: 'rule_category_missing',
  CategoryRepeated: 'rule_category_repeated',
  AchievementRepeated: 'rule_achievement_repeated',
  /** The version says exactly what the one it would follow says. */
  Unchanged: 'rule_unchanged',
} as const;

export type CreditRuleError = (typeof CreditRuleError)[keyof typeof CreditRuleError];
