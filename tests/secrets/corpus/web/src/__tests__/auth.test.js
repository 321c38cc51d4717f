import { login } from '../auth';

const password = 'password123';
const token = 'fake-token-for-tests';

test('login', async () => {
  expect(await login('bob', password)).toBeTruthy();
});
