/** Small pieces the request DTOs share, so every form trims and bounds its input the same way. */

/** The largest value a PostgreSQL `integer` column (and id) holds. */
export const INT_MAX = 2147483647;

/** class-transformer `@Transform`: a string without its surrounding spaces; anything else as it came. */
export const trim = ({ value }: { value: unknown }): unknown => (typeof value === 'string' ? value.trim() : value);
