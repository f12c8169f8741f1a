import { zxcvbn, zxcvbnOptions } from '@zxcvbn-ts/core';
import * as common from '@zxcvbn-ts/language-common';
import { AuthError } from '@lp/shared';
import { randomInt } from 'node:crypto';
import { AppError } from '../common/app-error';

/**
 * The one password policy of every staff account (the first super-admin of `district:init`,
 * accounts an admin creates, a changed or reset password): at least 12 characters, and not a
 * password an attacker would try early. "Early" is zxcvbn's estimate, with its lists of common
 * passwords and its detection of repeats, sequences and keyboard patterns; score 3 means about
 * 10^8 guesses, out of reach of online guessing behind the login throttle.
 */
export const PASSWORD_MIN_LENGTH = 12;
export const PASSWORD_MAX_LENGTH = 128;
const MIN_SCORE = 3;
/**
 * zxcvbn's time grows fast with length (tens of milliseconds at 32 characters, hundreds at 128,
 * on the event loop): a longer password is judged by its first 32, where a repeat or a common
 * word would show anyway.
 */
const JUDGED_LENGTH = 32;

let configured = false;
function estimate(password: string, userInputs: string[]) {
  if (!configured) {
    zxcvbnOptions.setOptions({ dictionary: { ...common.dictionary }, graphs: common.adjacencyGraphs });
    configured = true;
  }
  return zxcvbn(password, userInputs);
}

/** Why a password is refused, in plain Chinese; null when it may be used. */
export function passwordProblem(password: string, context: { username?: string | null; name?: string | null } = {}): string | null {
  const length = [...password].length;
  if (length < PASSWORD_MIN_LENGTH) return `密码至少${PASSWORD_MIN_LENGTH}位`;
  if (length > PASSWORD_MAX_LENGTH) return `密码最多${PASSWORD_MAX_LENGTH}位`;
  const username = context.username?.trim().toLowerCase();
  if (username && username.length >= 3 && password.toLowerCase().includes(username)) return '密码里不能有用户名';
  const result = estimate([...password].slice(0, JUDGED_LENGTH).join(''), [context.username, context.name].filter((v): v is string => !!v));
  if (result.score >= MIN_SCORE) return null;
  // the pattern that covers most of the password says what is wrong with it
  const widest = [...result.sequence].sort((a, b) => b.token.length - a.token.length)[0];
  switch (widest?.pattern) {
    case 'repeat':
      return '密码不能是重复的字符，请换一个';
    case 'sequence':
    case 'spatial':
      return '密码不能是连续的字符或键盘上挨着的键，请换一个';
    case 'dictionary':
      return '这个密码太常见，容易被猜到，请换一个';
    default:
      return '密码太简单，容易被猜到：请混合字母、数字和符号，或者用一句好记的话';
  }
}

/** Refuses a password the policy does not allow: 400 password_weak, with the reason in Chinese. */
export function assertPasswordAllowed(password: string, context: { username?: string | null; name?: string | null } = {}): void {
  const problem = passwordProblem(password, context);
  if (problem) throw AppError.badRequest(problem, undefined, AuthError.WeakPassword);
}

/** Letters and digits that cannot be mistaken for one another when read aloud or copied by hand. */
const TEMPORARY_ALPHABET = 'abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789';

/** A temporary password an admin hands out: three groups of four (about 70 bits), e.g. `k7Qm-2xRt-Hp9d`. */
export function temporaryPassword(): string {
  const group = () => Array.from({ length: 4 }, () => TEMPORARY_ALPHABET[randomInt(TEMPORARY_ALPHABET.length)]).join('');
  return [group(), group(), group()].join('-');
}
