import { passwordProblem, temporaryPassword } from './password-policy';

describe('passwordProblem', () => {
  it.each([
    ['short1!', '密码至少12位'],
    ['aaaaaaaaaaaa', '密码不能是重复的字符，请换一个'],
    ['abcabcabcabc', '密码不能是重复的字符，请换一个'],
    ['password1234', '这个密码太常见，容易被猜到，请换一个'],
    ['123456789012', '这个密码太常见，容易被猜到，请换一个'],
    ['x'.repeat(129), '密码最多128位'],
  ])('refuses %s', (password, problem) => {
    expect(passwordProblem(password)).toBe(problem);
  });

  it('refuses a password holding the username', () => {
    expect(passwordProblem('zhanglaoshi-2026-秋', { username: 'zhanglaoshi' })).toBe('密码里不能有用户名');
  });

  it('accepts long passwords that are hard to guess, Chinese ones included', () => {
    expect(passwordProblem('Lp-9fK2-xQ7m-Tz')).toBeNull();
    expect(passwordProblem('correct horse battery')).toBeNull();
    expect(passwordProblem('社区学院二〇二六年秋季开学')).toBeNull();
  });

  it('counts characters, not bytes: twelve Chinese characters are twelve', () => {
    expect(passwordProblem('学'.repeat(11))).toBe('密码至少12位');
  });

  it('passes every temporary password an admin hands out, and never the same one twice', () => {
    const made = Array.from({ length: 50 }, () => temporaryPassword());
    expect(made.filter((p) => passwordProblem(p) !== null)).toEqual([]);
    expect(new Set(made).size).toBe(50);
  });
});
