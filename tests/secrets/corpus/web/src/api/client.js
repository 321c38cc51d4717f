import axios from 'axios';

const SERVICE_TOKEN = 'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJzdmMtcmVwb3J0Iiwicm9sZSI6ImFkbWluIiwiaWF0IjoxNzY3MjI1NjAwfQ.Gaz6PAy19_dY-cbRNe37lNS7e_J_4zBZXvGVLCU1ZXc';

export default axios.create({
  baseURL: 'https://api.tally.invalid',
  headers: { Authorization: `Bearer ${SERVICE_TOKEN}` },
});
