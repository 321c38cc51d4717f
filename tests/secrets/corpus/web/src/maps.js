import { Loader } from '@googlemaps/js-api-loader';

const loader = new Loader({
  apiKey: 'AIzagso5baURfjMwiHroB4_oxJjMCSOacIFJ5Ga',
  version: 'weekly',
});

export default loader;
