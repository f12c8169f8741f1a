/** Changes to the 区 → 街道 → 社区 tree: adding, renaming, moving, retiring and importing nodes. */
export const AreaError = {
  /** A code that is not a 12-digit 统计用区划代码, or does not lie under its parent's code. */
  BadCode: 'area_bad_code',
  /** Another node already has this code. */
  CodeTaken: 'area_code_taken',
  /** The parent is of the wrong level (a 社区 under a 社区, a 街道 moved under a 街道). */
  WrongParent: 'area_wrong_parent',
  /** The node (or the parent asked for) is retired: it takes no new children, residents or staff. */
  Retired: 'area_retired',
  /** A 街道 still has communities in service and cannot be retired. */
  HasActiveChildren: 'area_has_active_children',
  /** The change asked for nothing. */
  NothingToChange: 'area_nothing_to_change',
  /** The import came without a file. */
  FileMissing: 'area_file_missing',
  /** The import file's header row lacks the code or name column. */
  FileHeader: 'area_file_header',
  /** One or more rows of the import are wrong; `details` names each by its row. */
  ImportInvalid: 'area_import_invalid',
} as const;

export type AreaError = (typeof AreaError)[keyof typeof AreaError];
