/** WeChat subscription messages (reminders before a session). */
export const ReminderError = {
  /** A subscription answer for a template this deployment does not send. */
  UnknownTemplate: 'subscription_template_unknown',
} as const;

export type ReminderError = (typeof ReminderError)[keyof typeof ReminderError];
