import { nameHashInput, normaliseName } from './resident-name';

describe('normaliseName', () => {
  it('ignores spaces, full-width letters, letter case and the kind of middle dot', () => {
    expect(normaliseName(' 王 秀英 ')).toBe('王秀英');
    expect(normaliseName('买买提・艾力')).toBe('买买提·艾力');
    expect(normaliseName('ＡＮＮＡ Li')).toBe('annali');
  });

  it('keeps different names apart and hashes names in their own domain', () => {
    expect(normaliseName('王秀英')).not.toBe(normaliseName('王秀'));
    expect(nameHashInput('王秀英')).toBe('name:王秀英');
  });
});
