import { MongoClient } from 'mongodb';

const uri = 'mongodb+srv://reporting:LueW52FnqFebO2Asn21s@cluster0.x7kq2.mongodb.net/tally?retryWrites=true';
export const client = new MongoClient(uri);
