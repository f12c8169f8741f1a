import { redactLogLine, redactText } from './log-redaction';

describe('phone and ID numbers are redacted from log lines', () => {
  it.each([
    ['/api/admin/residents/13812345678', '/api/admin/residents/[phone]'],
    ['/api/x/+8613812345678/y', '/api/x/[phone]/y'],
    ['/api/x/%2B86%20138%201234%205678', '/api/x/[phone]'],
    ['tel 0086 138-1234-5678.', 'tel [phone].'],
    ['86 13812345678', '[phone]'],
    ['?phone=138+1234+5678&x=1', '?phone=[phone]&x=1'],
    ['/api/x/%2F13912345678', '/api/x/%2F[phone]'],
    ['id 33029919500110345X here', 'id [id-number] here'],
    ['id 330299195001103456', 'id [id-number]'],
    ['old 330299500110345', 'old [id-number]'],
    ['invalid input syntax for type uuid: "110101199003074518"', 'invalid input syntax for type uuid: "[id-number]"'],
  ])('%s', (text, expected) => {
    expect(redactText(text)).toBe(expected);
  });

  it.each([
    '"time":1796289193533', // a timestamp is a longer run of digits
    '"reqId":"97ae6c49-dd05-42aa-9bd2-6ed885a09196"',
    '12345678901', // 11 digits that are no mobile number
    '"latitude":29.66,"longitude":121.41234567891',
    '/api/offerings/1381234567', // ten digits
    '/api/offerings/138123456789', // twelve digits
  ])('leaves %s alone', (text) => {
    expect(redactText(text)).toBe(text);
  });

  it('keeps a line valid JSON, nested values, numbers and keys included', () => {
    const line = `${JSON.stringify({ level: 40, time: 1796289193533, path: '/api/x/13812345678', body: { people: [{ tel: 13912345678, note: '身份证 330299195001103456' }], '13712345678': 1 } })}\n`;
    const out = redactLogLine(line);
    expect(out.endsWith('\n')).toBe(true);
    expect(JSON.parse(out)).toEqual({
      level: 40,
      time: 1796289193533,
      path: '/api/x/[phone]',
      body: { people: [{ tel: '[phone]', note: '身份证 [id-number]' }], '[phone]': 1 },
    });
  });

  it('returns a line without such numbers untouched', () => {
    const line = '{"level":30,"msg":"request completed","path":"/api/offerings/12"}\n';
    expect(redactLogLine(line)).toBe(line);
  });
});
