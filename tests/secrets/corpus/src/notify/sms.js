const twilio = require('twilio');

const client = twilio('ACf34c6455af1aca035ce037b893917351', '9327172fe928544b0bedbad4ffd9445d');

module.exports = (to, body) =>
  client.messages.create({ from: '+15005550006', to, body });
