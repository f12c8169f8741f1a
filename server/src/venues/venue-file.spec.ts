import { parseOpeningHours, parseRooms } from './venue-file';

describe('reading the rooms and opening hours of a venues file', () => {
  it('reads rooms written as name:capacity, with Chinese or ASCII separators', () => {
    expect(parseRooms('101教室:30；多功能厅：80人')).toEqual([{ name: '101教室', capacity: 30 }, { name: '多功能厅', capacity: 80 }]);
    expect(parseRooms('大厅八十人')).toBeNull();
    expect(parseRooms('大厅:0')).toBeNull();
  });

  it('reads day ranges and single days, padding the hours', () => {
    expect(parseOpeningHours('周一至周三 8:30-17:00；星期日 09:00-12:00')).toEqual([
      { weekday: 1, opens: '08:30', closes: '17:00' },
      { weekday: 2, opens: '08:30', closes: '17:00' },
      { weekday: 3, opens: '08:30', closes: '17:00' },
      { weekday: 7, opens: '09:00', closes: '12:00' },
    ]);
    expect(parseOpeningHours('每天都开')).toBeNull();
    expect(parseOpeningHours('周五至周一 08:00-09:00')).toBeNull();
  });
});
