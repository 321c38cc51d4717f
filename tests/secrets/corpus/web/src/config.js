export const apiKey = process.env.API_KEY;
const password = req.body.password;
const secret = config.get('jwt.secret');
headers.Authorization = `Bearer ${token}`;
const password = '********';
