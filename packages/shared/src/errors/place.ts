/** The 学校 and 场地资源库 master data: adding, editing, deactivating and importing schools and venues. */
export const PlaceError = {
  /** The school or venue would sit in a retired 街道/社区. */
  AreaRetired: 'place_area_retired',
  /** Another school already has this name, or another venue of the same area. */
  NameTaken: 'place_name_taken',
  /** The school a venue is said to belong to does not exist or lies outside the admin's area. */
  SchoolUnknown: 'place_school_unknown',
  /** Rooms, opening hours or the capacity do not fit together (two rooms of one name, closing before opening…). */
  Inconsistent: 'place_inconsistent',
  /** The change asked for nothing. */
  NothingToChange: 'place_nothing_to_change',
  /** The import came without a file. */
  FileMissing: 'place_file_missing',
  /** The import file's header row lacks a required column. */
  FileHeader: 'place_file_header',
  /** One or more rows of the import are wrong; `details` names each by its row. */
  ImportInvalid: 'place_import_invalid',
} as const;

export type PlaceError = (typeof PlaceError)[keyof typeof PlaceError];
