import { parseArgs } from 'node:util';
import { DistrictSetupService, checkDistrictSetup } from '../staff/district-setup.service';
import { StaffModule } from '../staff/staff.module';
import { runCommand } from './command';
import { commandContext } from './command-context';

/**
 * `npm run district:init -- --name 明湖区 --code 330212000000`, with ADMIN_USERNAME and
 * ADMIN_PASSWORD in the environment: the first start of a real district on an empty, migrated
 * database (DATABASE_URL). Creates the district node and its first 区级总管理员; refuses, with the
 * reason in Chinese and exit code 1, when a district is already there, the code is not 12 digits or
 * the password fails the policy. The password is read from the environment, never from the command
 * line, where other users of the machine could read it.
 */
async function main(): Promise<void> {
  const { values } = parseArgs({ options: { name: { type: 'string' }, code: { type: 'string' } }, strict: true });
  const username = process.env.ADMIN_USERNAME?.trim();
  const password = process.env.ADMIN_PASSWORD;
  if (!values.name || !values.code) throw new Error('请给出区名和区划代码：--name 明湖区 --code 330212000000');
  if (!username || !password) throw new Error('请在环境变量 ADMIN_USERNAME 和 ADMIN_PASSWORD 里给出第一位区级总管理员的账号和密码');
  const setup = { name: values.name, code: values.code, username, password };
  // a refusal that needs no database comes at once, before the application context starts
  checkDistrictSetup(setup);
  const app = await commandContext([StaffModule]);
  try {
    const made = await app.get(DistrictSetupService).init(setup);
    process.stdout.write(`已建立${values.name.trim()}（区域编号 ${made.districtId}）和区级总管理员 ${username}，请用这个账号登录管理页面\n`);
  } finally {
    await app.close();
  }
}

runCommand('district:init', main);
