/** The population figures of each area (the denominators of the statistics). */
export const PopulationError = {
  /** Figures that break a rule (a negative count, a part larger than its whole); `details` lists them. */
  Invalid: 'population_invalid',
  /** The import came without a file. */
  FileMissing: 'population_file_missing',
  /** The file's header row is missing or lacks a column the import needs. */
  FileHeader: 'population_file_header',
  /** The file has a header and no rows under it. */
  FileEmpty: 'population_file_empty',
} as const;

export type PopulationError = (typeof PopulationError)[keyof typeof PopulationError];
