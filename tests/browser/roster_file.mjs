// Roster files for the staff journey: made-up persons with ID numbers that pass the GB 11643
// check digit, in the villages of the activity's county.

const HEADER = '姓名,身份证号,村,受益类别,帮扶金额（元）,帮扶日期';
const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK = '10X98765432';
const SURNAMES = '王李张刘陈杨黄赵吴周';
const GIVEN = ['秀英', '桂兰', '建国', '国华', '玉梅', '志强', '春花', '德明', '海燕', '永福'];

/** The `n`-th made-up ID number: a 1950–1999 birth date in 130125 (行唐县), check digit right. */
export function idNumber(n) {
  const year = 1950 + (n % 50);
  const month = String(1 + (n % 12)).padStart(2, '0');
  const day = String(1 + (n % 28)).padStart(2, '0');
  // No zeros in the sequence's last two digits: a number ending in 000 reads as Excel-truncated.
  const k = Math.floor(n / 50);
  const seq = `${2 + (k % 7)}${1 + (k % 9)}${1 + (Math.floor(k / 9) % 9)}`;
  const body = `130125${year}${month}${day}${seq}`;
  const sum = [...body].reduce((acc, d, i) => acc + Number(d) * WEIGHTS[i], 0);
  return body + CHECK[sum % 11];
}

function name(n) {
  return SURNAMES[n % SURNAMES.length] + GIVEN[Math.floor(n / SURNAMES.length) % GIVEN.length];
}

/** A valid roster of `rows` persons spread over `villages` (UTF-8 with BOM, as Excel saves it). */
export function rosterCsv(villages, rows) {
  const lines = [HEADER];
  for (let n = 0; n < rows; n += 1) {
    lines.push([name(n), idNumber(n), villages[n % villages.length], '建档立卡贫困人口', '1200.00', '2019-05-10'].join(','));
  }
  return `\ufeff${lines.join('\r\n')}\r\n`;
}

/** A roster with one fault per row after the first: ID check digit, Excel's scientific notation,
 * unknown village, category, negative and malformed money, future and impossible dates, empty name,
 * duplicate person. */
export function faultyRosterCsv(villages) {
  const v = villages[0];
  const good = (n) => [name(n), idNumber(n), v, '建档立卡贫困人口', '1200.00', '2019-05-10'];
  const wrongCheck = idNumber(2).slice(0, 17) + (idNumber(2).endsWith('0') ? '1' : '0');
  const rows = [
    good(1),
    [name(2), wrongCheck, v, '建档立卡贫困人口', '100', '2019-05-10'],
    [name(3), '1.30125E+17', v, '建档立卡贫困人口', '100', '2019-05-10'],
    [name(4), idNumber(4), '999999999999', '建档立卡贫困人口', '100', '2019-05-10'],
    [name(5), idNumber(5), v, '外星人', '100', '2019-05-10'],
    [name(6), idNumber(6), v, '建档立卡贫困人口', '-5', '2019-05-10'],
    [name(7), idNumber(7), v, '建档立卡贫困人口', '一百块', '2019-05-10'],
    [name(8), idNumber(8), v, '建档立卡贫困人口', '100', '2099-01-01'],
    [name(9), idNumber(9), v, '建档立卡贫困人口', '100', '2019-02-30'],
    ['', idNumber(10), v, '建档立卡贫困人口', '100', '2019-05-10'],
    good(1),
  ];
  return `\ufeff${[HEADER, ...rows.map((r) => r.join(','))].join('\r\n')}\r\n`;
}
