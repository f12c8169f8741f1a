import { OfferingStatus } from '@lp/shared'

/** What each status means for the teacher, and what they can do next. */
export const STATUS_EXPLAINED: Record<OfferingStatus, string> = {
  [OfferingStatus.Draft]: '草稿，居民还看不到。改好后提交审核。',
  [OfferingStatus.PendingReview]: '已提交，等管理员审核。审核期间不能修改。',
  [OfferingStatus.Published]: '已发布，居民可以看到并报名。',
  [OfferingStatus.Cancelled]: '已取消，报了名的居民已收到通知。',
  [OfferingStatus.Finished]: '已经结束。'
}
